import { getBackend, type Tensor, tensor, zerosLike } from '@neurite/tensor';
import { ModelLoadError } from '../errors.ts';

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
    const groups: ({ params: Tensor[] } & Partial<H> & GroupOptions)[] =
      params.length > 0 && !('params' in (params[0] as object)) ? [{ params: params as Tensor[] } as { params: Tensor[] } & Partial<H> & GroupOptions] : (params as ({ params: Tensor[] } & Partial<H>)[]);
    const seen = new Set<Tensor>();
    this.paramGroups = groups.map((g, i) => {
      for (const p of g.params) {
        if (seen.has(p)) throw new RangeError(`paramGroups[${i}]: a parameter appears in more than one group`);
        seen.add(p);
      }
      const { params: list, ...rest } = g;
      const options = { ...defaults, ...rest } as H & { lr: number; weightDecay: number };
      this.validate(options, `paramGroups[${i}]`);
      return { params: list, options };
    });
    // State is allocated up front (PyTorch allocates it lazily), so training leaves the
    // live-tensor count where it found it.
    for (const p of seen) this.stateOf(p);
  }

  /** Checks a group's hyperparameters (throws RangeError naming the bad one). */
  protected validate(options: H & { lr: number; weightDecay: number }, where: string): void {
    if (!(options.lr >= 0) || !Number.isFinite(options.lr)) throw new RangeError(`${where}: lr must be a non-negative finite number, got ${options.lr}`);
    if (!(options.weightDecay >= 0)) throw new RangeError(`${where}: weightDecay must be >= 0, got ${options.weightDecay}`);
  }

  /** Updates one parameter from its gradient, given its state buffers and its step count t >= 1. */
  protected abstract update(param: Tensor, grad: Tensor, state: Map<string, Tensor>, options: H & { lr: number; weightDecay: number }, t: number): void;

  /** Sets the learning rate of every group (what a schedule does). */
  setLearningRate(lr: number): void {
    if (!(lr >= 0) || !Number.isFinite(lr)) throw new RangeError(`lr must be a non-negative finite number, got ${lr}`);
    for (const g of this.paramGroups) g.options.lr = lr;
  }

  get learningRate(): number {
    return this.paramGroups[0]?.options.lr ?? 0;
  }

  private stateOf(param: Tensor): Map<string, Tensor> {
    let state = this.buffers.get(param);
    if (state === undefined) {
      state = new Map();
      for (const name of this.bufferNames) state.set(name, zerosLike(param).keep());
      this.buffers.set(param, state);
    }
    return state;
  }

  /** One update of every parameter that has a gradient. */
  step(): void {
    for (const group of this.paramGroups) {
      for (const p of group.params) {
        const g = p.grad;
        if (g === null || !p.requiresGrad || p.isDisposed) continue;
        const t = (this.stepCounts.get(p) ?? 0) + 1;
        this.stepCounts.set(p, t);
        this.update(p, g, this.stateOf(p), group.options, t);
      }
    }
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
    };
  }

  /** Restores a state from `stateDict()`; validated fully before anything changes. */
  loadStateDict(state: OptimizerState): void {
    const params = this.allParams();
    if (state.steps.length !== params.length) throw new ModelLoadError('STATE_INVALID', `optimizer state has ${state.steps.length} parameters, this optimizer has ${params.length}`);
    if (state.groups.length !== this.paramGroups.length) throw new ModelLoadError('STATE_INVALID', `optimizer state has ${state.groups.length} groups, this optimizer has ${this.paramGroups.length}`);
    for (const [key, values] of state.buffers) {
      const [index, name] = [Number(key.slice(0, key.indexOf('.'))), key.slice(key.indexOf('.') + 1)];
      const p = params[index];
      if (p === undefined || !this.bufferNames.includes(name)) throw new ModelLoadError('STATE_UNEXPECTED_KEY', `optimizer state buffer ${JSON.stringify(key)} matches no parameter buffer`);
      if (values.length !== p.size) throw new ModelLoadError('STATE_SHAPE_MISMATCH', `optimizer state buffer ${key} has ${values.length} values, parameter ${index} has ${p.size}`);
    }
    state.steps.forEach((s, i) => {
      if (!Number.isInteger(s) || s < 0) throw new ModelLoadError('STATE_INVALID', `optimizer step count ${i} is ${s}, expected a non-negative integer`);
    });
    const groupOptions = state.groups.map((g, i) => {
      const current = this.paramGroups[i]!.options as unknown as Record<string, number | boolean>;
      const next = { ...current };
      for (const [key, value] of Object.entries(g)) {
        if (!Object.prototype.hasOwnProperty.call(current, key) || typeof value !== typeof current[key]) {
          throw new ModelLoadError('STATE_INVALID', `optimizer group ${i}: hyperparameter ${JSON.stringify(key)} is unknown or has the wrong type`);
        }
        next[key] = value;
      }
      try {
        this.validate(next as unknown as H & { lr: number; weightDecay: number }, `optimizer state group ${i}`);
      } catch (error) {
        throw new ModelLoadError('STATE_INVALID', (error as Error).message);
      }
      return next;
    });
    this.disposeState();
    groupOptions.forEach((g, i) => Object.assign(this.paramGroups[i]!.options, g));
    params.forEach((p, i) => {
      if (state.steps[i]! > 0) this.stepCounts.set(p, state.steps[i]!);
    });
    for (const [key, values] of state.buffers) {
      const index = Number(key.slice(0, key.indexOf('.')));
      const name = key.slice(key.indexOf('.') + 1);
      const p = params[index]!;
      const map = this.buffers.get(p) ?? new Map<string, Tensor>();
      map.set(name, tensor(values, p.shape).keep());
      this.buffers.set(p, map);
    }
    for (const [p, map] of this.buffers) {
      for (const name of this.bufferNames) if (!map.has(name)) map.set(name, zerosLike(p).keep());
    }
    for (const p of params) this.stateOf(p);
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

/** Fresh views of float tensors' data (valid until the next allocation: use at once). */
export function views(...tensors: Tensor[]): (Float32Array | Float64Array)[] {
  const heap = getBackend().heap;
  return tensors.map((t) => {
    if (t.dtype === 'int32') throw new TypeError('optimizers and clipping work on float tensors, got int32');
    return t.dtype === 'float64' ? heap.f64(t.dataPtr, t.size) : heap.f32(t.dataPtr, t.size);
  });
}
