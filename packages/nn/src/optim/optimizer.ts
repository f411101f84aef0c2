import { DTypeError, fullLike, getBackend, ShapeError, type Tensor, tensor } from '@neurite/tensor';
import { ModelLoadError, OptimizerStepError } from '../errors.ts';
import { checkNumber, checkTensor, describeValue, invalidArgument, optionsOf } from '../validate.ts';

/** Largest step count of a parameter (the kernels' bias corrections take an i32 step). */
export const MAX_STEP = 0x7fffffff;

/** Hyperparameters shared by every optimizer's param groups. */
export interface GroupOptions {
  lr?: number;
  weightDecay?: number;
}

/** A set of parameters with its own hyperparameters (PyTorch param_groups). */
export interface ParamGroup<H> {
  params: Tensor[];
  options: H & { lr: number; weightDecay: number };
}

export type ParamsInput<H> = Tensor[] | ({ params: Tensor[] } & Partial<H> & GroupOptions)[];

/** Serializable optimizer state: per-parameter buffers (by parameter index) and scalars. */
export interface OptimizerState {
  /** `${paramIndex}.${bufferName}` -> values. Parameter indices count across groups in order. */
  buffers: Map<string, Float32Array>;
  /** Per parameter: the number of steps it has taken. */
  steps: number[];
  /** Per group: its hyperparameters. */
  groups: Record<string, number | boolean>[];
  /** Per group: its number of parameters (checked on load when present). */
  groupSizes?: number[];
}

/**
 * Base of the optimizers: param groups, per-parameter state buffers (tensors kept by the
 * optimizer, allocated by the constructor and freed by `dispose()`), `step()`, `zeroGrad()` and
 * state dicts.
 * Parameters without a gradient, or that are frozen, are skipped by `step()`.
 */
export abstract class Optimizer<H extends object = object> {
  readonly paramGroups: ParamGroup<H>[];
  protected readonly buffers = new Map<Tensor, Map<string, Tensor>>();
  protected readonly stepCounts = new Map<Tensor, number>();

  constructor(params: ParamsInput<H>, defaults: H & { lr: number; weightDecay: number }, protected readonly bufferNames: readonly string[]) {
    const groups = normalizeGroups(params);
    const seen = new Set<Tensor>();
    // Everything is checked before the first state buffer is allocated.
    this.paramGroups = groups.map((g, i) => {
      g.params.forEach((p, j) => {
        checkParameter(p, `paramGroups[${i}].params[${j}]`);
        if (seen.has(p)) invalidArgument(`paramGroups[${i}]: a parameter appears more than once (in one group or in more than one group)`);
        seen.add(p);
      });
      const { params: list, ...rest } = g;
      const options: Record<string, unknown> = { ...defaults };
      for (const [key, value] of Object.entries(rest)) if (value !== undefined) options[key] = value;
      const typed = options as H & { lr: number; weightDecay: number };
      this.validate(typed, `paramGroups[${i}]`);
      return { params: [...list], options: typed };
    });
    // State is allocated up front (PyTorch allocates it lazily), so training leaves the
    // live-tensor count where it found it.
    for (const g of this.paramGroups) for (const p of g.params) this.stateOf(p, g.options);
  }

  /** Checks a group's hyperparameters (ArgumentError naming the bad one); subclasses check theirs after calling this. */
  protected validate(options: H & { lr: number; weightDecay: number }, where: string): void {
    checkNumber(options.lr, `${where}: lr`, { min: 0 });
    checkNumber(options.weightDecay, `${where}: weightDecay`, { min: 0 });
  }

  /** Updates one parameter from its gradient, given its state buffers and its step count t >= 1. */
  protected abstract update(param: Tensor, grad: Tensor, state: Map<string, Tensor>, options: H & { lr: number; weightDecay: number }, t: number): void;

  /** Sets the learning rate of every group (what a schedule does). */
  setLearningRate(lr: number): void {
    checkNumber(lr, 'setLearningRate: lr', { min: 0 });
    for (const g of this.paramGroups) g.options.lr = lr;
  }

  /**
   * Sets every group's momentum, as a momentum-cycling schedule does (PyTorch's OneCycleLR): Adam's
   * beta1 where the optimizer has betas, else its `momentum` (SGD, RMSprop). An optimizer with neither
   * (Adagrad) throws ArgumentError.
   */
  setMomentum(momentum: number): void {
    checkNumber(momentum, 'setMomentum: momentum', { min: 0, max: 1 });
    for (const g of this.paramGroups) {
      const options = g.options as unknown as Record<string, unknown>;
      if ('beta1' in options) options['beta1'] = momentum;
      else if ('momentum' in options) options['momentum'] = momentum;
      else invalidArgument(`setMomentum: ${this.constructor.name} has no momentum or beta1 to cycle (pass cycleMomentum: false to the schedule)`);
    }
  }

  get learningRate(): number {
    return this.paramGroups[0]?.options.lr ?? 0;
  }

  /** The value state buffer `name` starts from: 0 unless an optimizer says otherwise (Adagrad's initialAccumulatorValue). */
  protected initialValue(_name: string, _options: H & { lr: number; weightDecay: number }): number {
    return 0;
  }

  private freshBuffer(param: Tensor, name: string, options: H & { lr: number; weightDecay: number }): Tensor {
    return fullLike(param, this.initialValue(name, options)).keep();
  }

  private stateOf(param: Tensor, options: H & { lr: number; weightDecay: number }): Map<string, Tensor> {
    let state = this.buffers.get(param);
    if (state === undefined) {
      state = new Map();
      for (const name of this.bufferNames) state.set(name, this.freshBuffer(param, name, options));
      this.buffers.set(param, state);
    }
    return state;
  }

  /**
   * One update of every parameter that has a gradient. All or nothing: every gradient's shape and
   * dtype, every state buffer and every step counter is checked before the first parameter changes.
   */
  step(): void {
    const work: [Tensor, Tensor, H & { lr: number; weightDecay: number }, number][] = [];
    for (const group of this.paramGroups) {
      for (const p of group.params) {
        if (p.isDisposed || !p.requiresGrad) continue;
        const g = p.grad;
        if (g === null) continue;
        const where = `step: parameter [${p.shape.join(', ')}]`;
        if (g.isDisposed) throw new OptimizerStepError(`${where}: its gradient has been disposed; nothing was updated`);
        if (g.dtype !== p.dtype) throw new DTypeError(`${where} (${p.dtype}) has a ${g.dtype} gradient; nothing was updated`);
        if (!sameShape(g.shape, p.shape)) throw new ShapeError(`${where} has a gradient of shape [${g.shape.join(', ')}]; nothing was updated`);
        const t = (this.stepCounts.get(p) ?? 0) + 1;
        if (t > MAX_STEP) throw new OptimizerStepError(`${where} has taken ${t - 1} steps, the most an optimizer counts; nothing was updated`);
        const state = this.buffers.get(p);
        for (const name of this.bufferNames) {
          const b = state?.get(name);
          if (b !== undefined && (b.isDisposed || b.dtype !== p.dtype || b.size !== p.size)) {
            throw new OptimizerStepError(`${where}: state buffer ${name} is disposed or no longer matches it; nothing was updated`);
          }
        }
        work.push([p, g, group.options, t]);
      }
    }
    // After dispose() the state is allocated afresh (the only allocation), then every update runs.
    const states = work.map(([p, , options]) => this.stateOf(p, options));
    work.forEach(([p, g, options, t], i) => {
      this.stepCounts.set(p, t);
      this.update(p, g, states[i]!, options, t);
    });
  }

  /** Clears every parameter's gradient. */
  zeroGrad(): void {
    for (const group of this.paramGroups) for (const p of group.params) p.zeroGrad();
  }

  private allParams(): Tensor[] {
    return this.paramGroups.flatMap((g) => g.params);
  }

  stateDict(): OptimizerState {
    const buffers = new Map<string, Float32Array>();
    const params = this.allParams();
    params.forEach((p, i) => {
      const state = this.buffers.get(p);
      if (state) for (const [name, t] of state) buffers.set(`${i}.${name}`, t.toArray() as Float32Array);
    });
    return {
      buffers,
      steps: params.map((p) => this.stepCounts.get(p) ?? 0),
      groups: this.paramGroups.map((g) => ({ ...(g.options as unknown as Record<string, number | boolean>) })),
      groupSizes: this.paramGroups.map((g) => g.params.length),
    };
  }

  /**
   * Restores a state from `stateDict()`. Everything is validated before anything changes
   * (ModelLoadError): the structure, step counts (integers in [0, MAX_STEP]), group sizes, buffer
   * names, sizes and dtypes against the parameters, finite buffer values and group hyperparameters.
   */
  loadStateDict(state: OptimizerState): void {
    const params = this.allParams();
    if (typeof state !== 'object' || state === null) return stateError('STATE_INVALID', `optimizer state must be an object, got ${describeValue(state)}`);
    const { buffers, steps, groups, groupSizes } = state;
    if (!(buffers instanceof Map)) stateError('STATE_INVALID', `optimizer state buffers must be a Map, got ${describeValue(buffers)}`);
    if (!Array.isArray(steps)) stateError('STATE_INVALID', `optimizer state steps must be an array, got ${describeValue(steps)}`);
    if (!Array.isArray(groups)) stateError('STATE_INVALID', `optimizer state groups must be an array, got ${describeValue(groups)}`);
    if (steps.length !== params.length) stateError('STATE_INVALID', `optimizer state has ${steps.length} parameters, this optimizer has ${params.length}`);
    if (groups.length !== this.paramGroups.length) stateError('STATE_INVALID', `optimizer state has ${groups.length} groups, this optimizer has ${this.paramGroups.length}`);
    if (groupSizes !== undefined) {
      const sizes = this.paramGroups.map((g) => g.params.length);
      if (!Array.isArray(groupSizes) || groupSizes.length !== sizes.length || groupSizes.some((n, i) => n !== sizes[i])) {
        stateError('STATE_INVALID', `optimizer state groups hold ${describeValue(groupSizes)} parameters, this optimizer's hold [${sizes.join(', ')}]`);
      }
    }
    steps.forEach((s, i) => {
      if (typeof s !== 'number' || !Number.isInteger(s) || s < 0 || s > MAX_STEP) {
        stateError('STATE_INVALID', `optimizer step count ${i} is ${describeValue(s)}, expected an integer in [0, ${MAX_STEP}]`);
      }
    });
    const loaded: [Tensor, string, Float32Array | Float64Array][] = [];
    for (const [key, values] of buffers) loaded.push(this.checkBuffer(params, key, values));
    const groupOptions = groups.map((g, i) => this.checkGroup(g, i));
    // Valid: replace the state. Only allocation (out of memory) can still fail below.
    this.disposeState();
    groupOptions.forEach((g, i) => Object.assign(this.paramGroups[i]!.options, g));
    params.forEach((p, i) => {
      if (steps[i]! > 0) this.stepCounts.set(p, steps[i]!);
    });
    for (const [p, name, values] of loaded) {
      const map = this.buffers.get(p) ?? new Map<string, Tensor>();
      map.get(name)?.dispose();
      map.set(name, tensor(values, p.shape, { dtype: p.dtype }).keep());
      this.buffers.set(p, map);
    }
    for (const { params: list, options } of this.paramGroups) {
      for (const p of list) {
        const map = this.buffers.get(p) ?? new Map<string, Tensor>();
        for (const name of this.bufferNames) if (!map.has(name)) map.set(name, this.freshBuffer(p, name, options));
        this.buffers.set(p, map);
      }
    }
  }

  /** One saved buffer `${paramIndex}.${name}`: a known name, the parameter's size and dtype, finite values. */
  private checkBuffer(params: Tensor[], key: unknown, values: unknown): [Tensor, string, Float32Array | Float64Array] {
    const text = typeof key === 'string' ? key : '';
    const dot = text.indexOf('.');
    const index = dot > 0 && /^(0|[1-9][0-9]*)$/.test(text.slice(0, dot)) ? Number(text.slice(0, dot)) : -1;
    const name = text.slice(dot + 1);
    const p = params[index];
    if (p === undefined || !this.bufferNames.includes(name)) return stateError('STATE_UNEXPECTED_KEY', `optimizer state buffer ${describeValue(key)} matches no parameter buffer`);
    if (!(values instanceof Float32Array) && !(values instanceof Float64Array)) {
      return stateError('STATE_DTYPE_MISMATCH', `optimizer state buffer ${text} must be a Float32Array or Float64Array, got ${describeValue(values)}`);
    }
    if (p.dtype === 'float32' && values instanceof Float64Array) stateError('STATE_DTYPE_MISMATCH', `optimizer state buffer ${text} is float64, parameter ${index} is float32`);
    if (values.length !== p.size) stateError('STATE_SHAPE_MISMATCH', `optimizer state buffer ${text} has ${values.length} values, parameter ${index} has ${p.size}`);
    for (let i = 0; i < values.length; i++) {
      if (!Number.isFinite(values[i]!)) stateError('STATE_INVALID', `optimizer state buffer ${text} holds ${values[i]} at ${i}, expected finite values`);
    }
    return [p, name, values];
  }

  /** One saved group: known hyperparameters of the right types that pass `validate`. */
  private checkGroup(g: unknown, i: number): Record<string, number | boolean> {
    if (typeof g !== 'object' || g === null || Array.isArray(g)) return stateError('STATE_INVALID', `optimizer group ${i} must be an object, got ${describeValue(g)}`);
    const current = this.paramGroups[i]!.options as unknown as Record<string, number | boolean>;
    const next = { ...current };
    for (const [key, value] of Object.entries(g)) {
      if (!Object.prototype.hasOwnProperty.call(current, key) || typeof value !== typeof current[key]) {
        stateError('STATE_INVALID', `optimizer group ${i}: hyperparameter ${JSON.stringify(key)} is unknown or has the wrong type`);
      }
      next[key] = value as number | boolean;
    }
    try {
      this.validate(next as unknown as H & { lr: number; weightDecay: number }, `optimizer state group ${i}`);
    } catch (error) {
      stateError('STATE_INVALID', (error as Error).message);
    }
    return next;
  }

  private disposeState(): void {
    for (const map of this.buffers.values()) for (const t of map.values()) t.dispose();
    this.buffers.clear();
    this.stepCounts.clear();
  }

  /** Frees the state buffers. Stepping afterwards allocates fresh state (restarting from zero). */
  dispose(): void {
    this.disposeState();
  }
}

function stateError(code: 'STATE_INVALID' | 'STATE_UNEXPECTED_KEY' | 'STATE_SHAPE_MISMATCH' | 'STATE_DTYPE_MISMATCH', message: string): never {
  throw new ModelLoadError(code, message);
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** A trainable parameter: a live float Tensor. */
function checkParameter(p: unknown, what: string): void {
  const t = checkTensor(p, what);
  if (t.isDisposed) invalidArgument(`${what} has been disposed`);
  if (t.dtype === 'int32') throw new DTypeError(`${what}: parameters must be float32 or float64, got int32`);
}

/** A list of tensors (one group) or of groups `{ params, ...options }`. */
function normalizeGroups<H>(params: ParamsInput<H>): ({ params: Tensor[] } & Record<string, unknown>)[] {
  if (!Array.isArray(params)) invalidArgument(`params must be an array of Tensors or of param groups, got ${describeValue(params)}`);
  const list = params as unknown[];
  const isGroup = (g: unknown) => typeof g === 'object' && g !== null && !Array.isArray(g) && 'params' in g;
  if (list.length === 0 || !isGroup(list[0])) return [{ params: list as Tensor[] }];
  return list.map((g, i) => {
    if (!isGroup(g)) invalidArgument(`paramGroups[${i}] must be { params, ...options }, got ${describeValue(g)}`);
    const group = optionsOf(g as object, `paramGroups[${i}]`) as { params: unknown } & Record<string, unknown>;
    if (!Array.isArray(group.params)) invalidArgument(`paramGroups[${i}].params must be an array of Tensors, got ${describeValue(group.params)}`);
    return group as { params: Tensor[] } & Record<string, unknown>;
  });
}

/** Fresh views of float tensors' data (valid until the next allocation: use at once). */
export function views(...tensors: Tensor[]): (Float32Array | Float64Array)[] {
  const heap = getBackend().heap;
  return tensors.map((t) => {
    if (t.dtype === 'int32') throw new DTypeError('optimizers and clipping work on float tensors, got int32');
    return t.dtype === 'float64' ? heap.f64(t.dataPtr, t.size) : heap.f32(t.dataPtr, t.size);
  });
}
