import { ArgumentError, type DType, DTypeError, noGrad, scope, type Tensor, tensor, zeros } from '@neurite/tensor';
import { ModelLoadError } from '../errors.ts';

/**
 * One entry of a state dict: a copy of a parameter's or buffer's values. State dicts hold plain
 * typed arrays, not tensors, so getting one leaves the live-tensor count unchanged and nothing
 * needs disposing (PyTorch returns tensors; this is Neurite's documented difference).
 */
export interface StateEntry {
  dtype: DType;
  shape: readonly number[];
  data: Float32Array | Int32Array | Float64Array;
}
export type StateDict = Map<string, StateEntry>;

/**
 * Base class of layers and models, after torch.nn.Module.
 * - Parameters, buffers and submodules are registered by name; every listing walks them in
 *   registration order, depth first, with dotted names ("features.0.weight"): deterministic.
 * - A module owns its parameters and buffers (kept tensors, exempt from scopes): `dispose()` frees them.
 * - `forward` must not leak: intermediates are freed by the caller's scope or by the ops themselves.
 */
export abstract class Module {
  /** True in training mode (dropout active, batch norm uses batch statistics). */
  training = true;
  private readonly ownParameters = new Map<string, Tensor>();
  private readonly ownBuffers = new Map<string, Tensor>();
  private readonly ownModules = new Map<string, Module>();

  /** Computes the output. Subclasses define it; call it through `call` or directly. */
  abstract forward(...inputs: Tensor[]): Tensor;

  call(...inputs: Tensor[]): Tensor {
    return this.forward(...inputs);
  }

  /** The class name shown in summaries. */
  get typeName(): string {
    return this.constructor.name;
  }

  /** Extra text for summaries, e.g. "in=784, out=128". */
  describe(): string {
    return '';
  }

  /** Registers `value` as a trainable parameter named `name` (it is kept and requires grad). */
  protected registerParameter(name: string, value: Tensor): Tensor {
    try {
      this.checkName(name);
      if (value.dtype === 'int32') throw new DTypeError(`registerParameter(${name}): parameters must be floating point, got int32`);
    } catch (error) {
      value.dispose(); // a scoped tensor would be freed by its scope; a fresh one must not leak
      throw error;
    }
    value.keep();
    if (!value.requiresGrad) value.setRequiresGrad(true);
    this.ownParameters.set(name, value);
    return value;
  }

  /** Registers a non-trainable state tensor (e.g. running statistics), saved in the state dict. */
  protected registerBuffer(name: string, value: Tensor): Tensor {
    this.checkName(name);
    value.keep();
    this.ownBuffers.set(name, value);
    return value;
  }

  /** Registers a submodule; its parameters are listed under `name.`. */
  protected registerModule<M extends Module>(name: string, module: M): M {
    this.checkName(name);
    this.ownModules.set(name, module);
    return module;
  }

  /** The parameter registered as `name` (read it on every forward: functionalCall may substitute it). */
  protected param(name: string): Tensor {
    const p = this.ownParameters.get(name);
    if (p === undefined) throw new ArgumentError(`${this.typeName} has no parameter ${JSON.stringify(name)}`);
    return p;
  }

  /** The parameter `name`, or undefined when it was not registered (e.g. bias=false). */
  protected optionalParam(name: string): Tensor | undefined {
    return this.ownParameters.get(name);
  }

  /** The buffer registered as `name`. */
  protected buffer(name: string): Tensor {
    const b = this.ownBuffers.get(name);
    if (b === undefined) throw new ArgumentError(`${this.typeName} has no buffer ${JSON.stringify(name)}`);
    return b;
  }

  /** Replaces the tensor of an existing buffer (the old one is disposed). */
  protected replaceBuffer(name: string, value: Tensor): void {
    const old = this.ownBuffers.get(name);
    if (old === undefined) throw new ArgumentError(`replaceBuffer: no buffer named ${name}`);
    value.keep();
    this.ownBuffers.set(name, value);
    if (old !== value) old.dispose();
  }

  private checkName(name: string): void {
    if (typeof name !== 'string' || name === '' || name.includes('.')) throw new ArgumentError(`name ${JSON.stringify(name)} must be non-empty and contain no '.'`);
    if (this.ownParameters.has(name) || this.ownBuffers.has(name) || this.ownModules.has(name)) {
      throw new ArgumentError(`name ${JSON.stringify(name)} is already registered on ${this.typeName}`);
    }
  }

  /** Direct submodules with their names, in registration order. */
  namedChildren(): [string, Module][] {
    return [...this.ownModules];
  }

  children(): Module[] {
    return [...this.ownModules.values()];
  }

  /** This module and every descendant, depth first, with dotted names ('' for this one). */
  namedModules(prefix = ''): [string, Module][] {
    const out: [string, Module][] = [];
    const stack: [string, Module][] = [[prefix, this]];
    while (stack.length > 0) {
      const [name, module] = stack.pop()!;
      out.push([name, module]);
      const kids = [...module.ownModules];
      for (let i = kids.length - 1; i >= 0; i--) stack.push([name === '' ? kids[i]![0] : `${name}.${kids[i]![0]}`, kids[i]![1]]);
    }
    return out;
  }

  modules(): Module[] {
    return this.namedModules().map(([, m]) => m);
  }

  /** Every parameter with its dotted name, in a deterministic order (registration, depth first). */
  namedParameters(): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    for (const [prefix, module] of this.namedModules()) {
      for (const [name, p] of module.ownParameters) out.push([prefix === '' ? name : `${prefix}.${name}`, p]);
    }
    return out;
  }

  parameters(): Tensor[] {
    return this.namedParameters().map(([, p]) => p);
  }

  /** Parameters that currently require grad (not frozen). */
  trainableParameters(): Tensor[] {
    return this.parameters().filter((p) => p.requiresGrad);
  }

  namedBuffers(): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    for (const [prefix, module] of this.namedModules()) {
      for (const [name, b] of module.ownBuffers) out.push([prefix === '' ? name : `${prefix}.${name}`, b]);
    }
    return out;
  }

  buffers(): Tensor[] {
    return this.namedBuffers().map(([, b]) => b);
  }

  /** Sets training mode on this module and every descendant. Returns this. */
  train(mode = true): this {
    for (const m of this.modules()) m.training = mode;
    return this;
  }

  /** Evaluation mode (train(false)). Returns this. */
  eval(): this {
    return this.train(false);
  }

  /** Stops gradients to every parameter (they are skipped by optimizers). Returns this. */
  freeze(): this {
    for (const p of this.parameters()) p.setRequiresGrad(false);
    return this;
  }

  unfreeze(): this {
    for (const p of this.parameters()) p.setRequiresGrad(true);
    return this;
  }

  /** Clears every parameter's gradient. */
  zeroGrad(): void {
    for (const p of this.parameters()) p.zeroGrad();
  }

  /** Copies of every parameter and buffer, keyed by dotted name (parameters first, then buffers). */
  stateDict(): StateDict {
    const out: StateDict = new Map();
    for (const [name, t] of [...this.namedParameters(), ...this.namedBuffers()]) {
      out.set(name, { dtype: t.dtype, shape: t.shape.slice(), data: t.toArray() });
    }
    return out;
  }

  /**
   * Copies `state` into the parameters and buffers. Everything is validated first (missing and
   * unexpected keys when `strict`, shapes, dtypes, lengths); on any problem a ModelLoadError is
   * thrown and nothing is changed.
   */
  loadStateDict(state: StateDict | Readonly<Record<string, StateEntry>>, options: { strict?: boolean } = {}): void {
    const strict = options.strict ?? true;
    const entries = state instanceof Map ? state : new Map(Object.entries(state));
    const targets = new Map([...this.namedParameters(), ...this.namedBuffers()]);
    const plan: [Tensor, StateEntry][] = [];
    for (const [name, target] of targets) {
      const entry = entries.get(name);
      if (entry === undefined) {
        if (strict) throw new ModelLoadError('STATE_MISSING_KEY', `state dict has no entry ${JSON.stringify(name)} (expected by ${this.typeName})`);
        continue;
      }
      if (entry.shape.length !== target.shape.length || entry.shape.some((d, i) => d !== target.shape[i])) {
        throw new ModelLoadError('STATE_SHAPE_MISMATCH', `${name}: state has shape [${entry.shape.join(', ')}], the module expects [${target.shape.join(', ')}]`);
      }
      if (entry.dtype !== target.dtype) {
        throw new ModelLoadError('STATE_DTYPE_MISMATCH', `${name}: state has dtype ${entry.dtype}, the module expects ${target.dtype}`);
      }
      if (entry.data.length !== target.size) {
        throw new ModelLoadError('STATE_INVALID', `${name}: state data has ${entry.data.length} values, shape [${entry.shape.join(', ')}] needs ${target.size}`);
      }
      plan.push([target, entry]);
    }
    if (strict) {
      for (const name of entries.keys()) {
        if (!targets.has(name)) throw new ModelLoadError('STATE_UNEXPECTED_KEY', `state dict entry ${JSON.stringify(name)} matches no parameter or buffer of ${this.typeName}`);
      }
    }
    for (const [target, entry] of plan) {
      const source = tensor(entry.data, target.shape, { dtype: target.dtype });
      try {
        target.assignInPlace_(source);
      } finally {
        source.dispose();
      }
    }
  }

  /** Number of parameter values (all, or only trainable ones). */
  parameterCount(options: { trainableOnly?: boolean } = {}): number {
    const list = options.trainableOnly ? this.trainableParameters() : this.parameters();
    return list.reduce((n, p) => n + p.size, 0);
  }

  /**
   * A readable table: one line per module with its type, details and parameter count. With an
   * input shape, the model runs once on zeros (eval mode, no gradients) and each module's output
   * shape is listed too.
   */
  summary(inputShape?: readonly number[]): string {
    const shapes = new Map<Module, string>();
    if (inputShape !== undefined) {
      const modules = this.modules();
      const originals = modules.map((m) => m.forward);
      const wasTraining = this.training;
      modules.forEach((m, i) => {
        m.forward = (...inputs: Tensor[]) => {
          const out = originals[i]!.apply(m, inputs);
          shapes.set(m, `[${out.shape.join(', ')}]`);
          return out;
        };
      });
      try {
        this.eval();
        noGrad(() => scope(() => {
          this.forward(zeros(inputShape));
        }));
      } finally {
        modules.forEach((m) => delete (m as { forward?: unknown }).forward);
        this.train(wasTraining);
      }
    }
    const withShapes = inputShape !== undefined;
    const rows: string[][] = [];
    for (const [name, module] of this.namedModules()) {
      let own = 0;
      for (const p of module.ownParameters.values()) own += p.size;
      const depth = name === '' ? 0 : name.split('.').length;
      const label = `${'  '.repeat(depth)}${name === '' ? '(root)' : name.split('.').pop()}`;
      const detail = module.describe();
      const row = [label, detail === '' ? module.typeName : `${module.typeName}(${detail})`];
      if (withShapes) row.push(shapes.get(module) ?? '');
      row.push(own === 0 ? '' : own.toLocaleString('en-US'));
      rows.push(row);
    }
    const head = withShapes ? ['name', 'layer', 'output', 'params'] : ['name', 'layer', 'params'];
    const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
    const line = (r: readonly string[]) => r.map((cell, c) => (c === r.length - 1 ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  ');
    const rule = '-'.repeat(widths.reduce((a, b) => a + b, 0) + 2 * (widths.length - 1));
    const total = this.parameterCount();
    const trainable = this.parameterCount({ trainableOnly: true });
    return [line(head), rule, ...rows.map(line), rule, `total parameters: ${total.toLocaleString('en-US')} (trainable ${trainable.toLocaleString('en-US')})`].join('\n');
  }

  /**
   * Runs `fn` with some parameters replaced by other tensors (by dotted name), then restores them
   * (like torch.func.functional_call). Used to differentiate with respect to substituted
   * parameters, e.g. in gradient checks.
   */
  withParameters<T>(replacements: ReadonlyMap<string, Tensor>, fn: () => T): T {
    const saved: [Map<string, Tensor>, string, Tensor][] = [];
    const owners = new Map<string, [Module, string]>();
    for (const [prefix, module] of this.namedModules()) {
      for (const name of module.ownParameters.keys()) owners.set(prefix === '' ? name : `${prefix}.${name}`, [module, name]);
    }
    for (const [full, tensorValue] of replacements) {
      const owner = owners.get(full);
      if (owner === undefined) throw new ArgumentError(`withParameters: ${this.typeName} has no parameter ${JSON.stringify(full)}`);
      saved.push([owner[0].ownParameters, owner[1], owner[0].ownParameters.get(owner[1])!]);
      owner[0].ownParameters.set(owner[1], tensorValue);
    }
    try {
      return fn();
    } finally {
      for (const [map, name, original] of saved) map.set(name, original);
    }
  }

  /** Frees every parameter and buffer of this module and its descendants. Idempotent. */
  dispose(): void {
    for (const t of [...this.parameters(), ...this.buffers()]) t.dispose();
  }

  [Symbol.dispose](): void {
    this.dispose();
  }
}
