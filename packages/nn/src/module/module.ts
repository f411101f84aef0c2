import { ArgumentError, DTypeError, Tensor, tensor } from '@neurite/tensor';
import { ModulePathError, splitPath } from './module-path.ts';
import { roleOf } from './parameter.ts';
import { summarize } from './summary.ts';
import { planStateLoad, type StateDict, type StateEntry } from './state-dict.ts';

export type { StateDict, StateEntry } from './state-dict.ts';

/**
 * What a forward pass may take besides its input: masks, caches, state. Each module declares its
 * own shape, e.g. `class Attention extends Module<{ mask?: Tensor; cache?: KVCache }>`; every such
 * module is still a `Module` (options are checked per module, not by the base class).
 */
export type ForwardOptions = object;

/** The first module a tensor is registered on owns it: replacing the tensor there disposes it. */
const owners = new WeakMap<Tensor, Module>();
/** Above 0 while withParameters substitutes tensors: fields are not adopted meanwhile. */
let substituting = 0;

type Kind = 'parameter' | 'buffer' | 'module';

/** A boolean option (undefined when absent), else ArgumentError. validate.ts imports Module, so this is local. */
function flag(options: unknown, key: string, what: string): boolean | undefined {
  if (options === undefined) return undefined;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) throw new ArgumentError(`${what}: options must be an object`);
  const value = (options as Record<string, unknown>)[key];
  if (value !== undefined && typeof value !== 'boolean') throw new ArgumentError(`${what}: ${key} must be a boolean`);
  return value;
}

/**
 * Base class of layers and models, after torch.nn.Module.
 * - Parameters, buffers and submodules are registered by name, either explicitly
 *   (`registerParameter`, `registerBuffer`, `registerModule`) or by assigning them to fields:
 *   `this.fc = new Linear(...)`, `this.weight = parameter(t)`, `this.mean = buffer(t)`. Fields are
 *   adopted in assignment (property creation) order whenever the module is listed or registers
 *   something, so `this.fc = ...` after construction works too. Every listing walks registrations
 *   in order, depth first, with dotted names ("features.0.weight"): PyTorch's keys.
 * - A module owns its parameters and buffers (kept tensors, exempt from scopes): `dispose()` frees them.
 * - `forward` must not leak: intermediates are freed by the caller's scope or by the ops themselves.
 */
export abstract class Module<Options extends ForwardOptions = ForwardOptions> {
  /** True in training mode (dropout active, batch norm uses batch statistics). */
  training = true;
  private readonly ownParameters = new Map<string, Tensor>();
  private readonly ownBuffers = new Map<string, Tensor>();
  private readonly ownModules = new Map<string, Module>();
  /** Names registered from fields: a field that stops holding a registrable value unregisters them. */
  private readonly fieldNames = new Set<string>();

  /** Computes the output from `input` and the module's own options (masks, caches, state). */
  abstract forward(input: Tensor, options?: Options): Tensor;

  call(input: Tensor, options?: Options): Tensor {
    return this.forward(input, options);
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
    this.adoptFields();
    try {
      this.checkName(name);
      if (value.dtype === 'int32') throw new DTypeError(`registerParameter(${name}): parameters must be floating point, got int32`);
    } catch (error) {
      value.dispose(); // a scoped tensor would be freed by its scope; a fresh one must not leak
      throw error;
    }
    if (!value.requiresGrad) value.setRequiresGrad(true);
    this.attach('parameter', name, value);
    return value;
  }

  /** Registers a non-trainable state tensor (e.g. running statistics), saved in the state dict. */
  protected registerBuffer(name: string, value: Tensor): Tensor {
    this.adoptFields();
    this.checkName(name);
    this.attach('buffer', name, value);
    return value;
  }

  /** Registers a submodule; its parameters are listed under `name.`. */
  protected registerModule<M extends Module>(name: string, module: M): M {
    this.adoptFields();
    this.checkName(name);
    if (!(module instanceof Module)) throw new ArgumentError(`registerModule(${name}): expected a Module`);
    this.attach('module', name, module);
    return module;
  }

  /** Unregisters the submodule `name` and returns it (not disposed: it is yours). */
  protected removeModule(name: string): Module | undefined {
    this.adoptFields();
    const module = this.ownModules.get(name);
    this.ownModules.delete(name);
    this.fieldNames.delete(name);
    return module;
  }

  /**
   * The registered submodules without adopting fields first (no listing cost: containers whose
   * children are registered explicitly read them on the forward path this way).
   */
  protected registeredChildren(): ReadonlyMap<string, Module> {
    return this.ownModules;
  }

  /** The parameter registered as `name` (read it on every forward: withParameters may substitute it). */
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

  /** Replaces the tensor of an existing buffer (the old one is disposed when this module owns it). */
  protected replaceBuffer(name: string, value: Tensor): void {
    this.adoptFields();
    const old = this.ownBuffers.get(name);
    if (old === undefined) throw new ArgumentError(`replaceBuffer: no buffer named ${name}`);
    this.attach('buffer', name, value);
    this.redirectFields(old, value);
    this.release(old);
  }

  private checkName(name: string): void {
    if (typeof name !== 'string' || name === '' || name.includes('.')) throw new ArgumentError(`name ${JSON.stringify(name)} must be non-empty and contain no '.'`);
    if (this.ownParameters.has(name) || this.ownBuffers.has(name) || this.ownModules.has(name)) {
      throw new ArgumentError(`name ${JSON.stringify(name)} is already registered on ${this.typeName}`);
    }
  }

  private mapOf(kind: Kind): Map<string, Tensor | Module> {
    return kind === 'parameter' ? this.ownParameters : kind === 'buffer' ? this.ownBuffers : this.ownModules;
  }

  /** Sets a registration (in place when the name exists, keeping its position). Tensors are kept. */
  private attach(kind: Kind, name: string, value: Tensor | Module): void {
    if (value instanceof Tensor) {
      value.keep();
      if (!owners.has(value)) owners.set(value, this);
    }
    (this.mapOf(kind) as Map<string, Tensor | Module>).set(name, value);
  }

  /** Disposes `old` if this module owns it and no longer registers it under any name. */
  private release(old: Tensor | Module | undefined): void {
    if (!(old instanceof Tensor) || owners.get(old) !== this) return;
    for (const t of this.ownParameters.values()) if (t === old) return;
    for (const t of this.ownBuffers.values()) if (t === old) return;
    old.dispose();
  }

  /** Points every own field that holds `old` at `value` (so forward, which reads fields, sees it). */
  private redirectFields(old: unknown, value: unknown): void {
    for (const key of Object.keys(this)) {
      if ((this as Record<string, unknown>)[key] === old) (this as Record<string, unknown>)[key] = value;
    }
  }

  /**
   * Registers what the own fields hold, in property creation order: Modules as submodules, tensors
   * marked by parameter() / buffer() as parameters / buffers, under the field's name. A field that
   * now holds another value replaces its registration in place (a tensor this module owned is
   * disposed; a module is not: it may live on inside its replacement); a field that no longer holds
   * a registrable value unregisters it. A field holding a value registered under another name is an
   * alias and is skipped.
   */
  private adoptFields(): void {
    if (substituting > 0) return;
    for (const key of Object.keys(this)) {
      const value: unknown = (this as Record<string, unknown>)[key];
      if ((typeof value !== 'object' || value === null) && !this.fieldNames.has(key)) continue; // the common case: a plain field
      const kind: Kind | undefined = value instanceof Module ? (value === this ? undefined : 'module') : value instanceof Tensor ? roleOf(value) : undefined;
      const current = this.ownParameters.get(key) ?? this.ownBuffers.get(key) ?? this.ownModules.get(key);
      if (current === value) continue;
      if (kind === undefined) {
        if (this.fieldNames.has(key)) this.unregister(key);
        continue;
      }
      if (current === undefined && [...this.mapOf(kind).values()].includes(value as Tensor | Module)) continue; // an alias
      if (key.includes('.')) throw new ArgumentError(`${this.typeName}: field ${JSON.stringify(key)} holds a ${kind} but its name contains '.'`);
      if (current !== undefined && !this.mapOf(kind).has(key)) this.unregister(key); // the kind changed
      this.attach(kind, key, value as Tensor | Module);
      this.fieldNames.add(key);
      this.release(current);
    }
  }

  private unregister(name: string): void {
    const old = this.ownParameters.get(name) ?? this.ownBuffers.get(name);
    this.ownParameters.delete(name);
    this.ownBuffers.delete(name);
    this.ownModules.delete(name);
    this.fieldNames.delete(name);
    this.release(old);
  }

  /** Direct submodules with their names, in registration order. */
  namedChildren(): [string, Module][] {
    this.adoptFields();
    return [...this.ownModules];
  }

  children(): Module[] {
    return this.namedChildren().map(([, m]) => m);
  }

  /**
   * This module and every descendant, depth first, with dotted names ('' for this one). A module
   * reachable twice (shared) is listed once, under its first name, as PyTorch does.
   */
  namedModules(prefix = ''): [string, Module][] {
    const out: [string, Module][] = [];
    const seen = new Set<Module>();
    const stack: [string, Module][] = [[prefix, this]];
    while (stack.length > 0) {
      const [name, module] = stack.pop()!;
      if (seen.has(module)) continue;
      seen.add(module);
      out.push([name, module]);
      const kids = module.namedChildren();
      for (let i = kids.length - 1; i >= 0; i--) stack.push([name === '' ? kids[i]![0] : `${name}.${kids[i]![0]}`, kids[i]![1]]);
    }
    return out;
  }

  modules(): Module[] {
    return this.namedModules().map(([, m]) => m);
  }

  /**
   * Tensors of the given kinds with dotted names, module by module (each module's parameters, then
   * its buffers: PyTorch's state-dict order), each listed once (a shared tensor under its first name).
   */
  private namedTensors(kinds: readonly ('parameter' | 'buffer')[], recurse: boolean): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    const seen = new Set<Tensor>();
    const modules: [string, Module][] = recurse ? this.namedModules() : (this.adoptFields(), [['', this]]);
    for (const [prefix, module] of modules) {
      for (const kind of kinds) {
        for (const [name, t] of kind === 'parameter' ? module.ownParameters : module.ownBuffers) {
          if (seen.has(t)) continue;
          seen.add(t);
          out.push([prefix === '' ? name : `${prefix}.${name}`, t]);
        }
      }
    }
    return out;
  }

  /** Every parameter with its dotted name, in registration order, depth first (only this module's with recurse: false). */
  namedParameters(options: { recurse?: boolean } = {}): [string, Tensor][] {
    return this.namedTensors(['parameter'], flag(options, 'recurse', 'namedParameters') ?? true);
  }

  parameters(options: { recurse?: boolean } = {}): Tensor[] {
    return this.namedParameters(options).map(([, p]) => p);
  }

  /** Parameters that currently require grad (not frozen). */
  trainableParameters(): Tensor[] {
    return this.parameters().filter((p) => p.requiresGrad);
  }

  namedBuffers(options: { recurse?: boolean } = {}): [string, Tensor][] {
    return this.namedTensors(['buffer'], flag(options, 'recurse', 'namedBuffers') ?? true);
  }

  buffers(options: { recurse?: boolean } = {}): Tensor[] {
    return this.namedBuffers(options).map(([, b]) => b);
  }

  /**
   * The submodule at a dotted path ('' is this module; "layers.0" is the first entry of a
   * ModuleList field named layers). A malformed path or a missing segment throws ModulePathError.
   */
  getSubmodule(path: string): Module {
    let module: Module = this;
    for (const segment of splitPath(path)) {
      module.adoptFields();
      const next = module.ownModules.get(segment);
      if (next === undefined) throw new ModulePathError(path, segment, `${module.typeName} has no submodule ${JSON.stringify(segment)}`);
      module = next;
    }
    return module;
  }

  /**
   * Replaces the submodule at a dotted path with `module` and returns the one it replaced. The new
   * module takes the old one's place, so parameter order and state-dict keys stay as they were; the
   * parent's fields that held the old module now hold the new one. The old module is NOT disposed
   * (it may live on, e.g. wrapped by its replacement as LoRA does): dispose it yourself, or pass
   * `{ dispose: true }` to free those of its tensors the model no longer reaches.
   */
  setSubmodule(path: string, module: Module, options: { dispose?: boolean } = {}): Module {
    const dispose = flag(options, 'dispose', 'setSubmodule') ?? false;
    const segments = splitPath(path);
    if (segments.length === 0) throw new ModulePathError(path, '', 'cannot replace the module itself');
    if (!(module instanceof Module)) throw new ArgumentError(`setSubmodule(${JSON.stringify(path)}): expected a Module`);
    const name = segments.pop()!;
    const parent = this.getSubmodule(segments.join('.'));
    parent.adoptFields();
    const old = parent.ownModules.get(name);
    if (old === undefined) throw new ModulePathError(path, name, `${parent.typeName} has no submodule ${JSON.stringify(name)}`);
    if (module.modules().includes(parent)) throw new ArgumentError(`setSubmodule(${JSON.stringify(path)}): the module contains its new parent (a cycle)`);
    parent.ownModules.set(name, module);
    parent.redirectFields(old, module);
    if (dispose && old !== module) {
      const reachable = new Set([...this.parameters(), ...this.buffers()]);
      for (const t of [...old.parameters(), ...old.buffers()]) if (!reachable.has(t)) t.dispose();
    }
    return old;
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

  /**
   * Copies of every parameter and buffer, keyed by dotted name, in PyTorch's order (module by
   * module, depth first: its parameters, then its buffers), so keys match PyTorch's for the same structure.
   */
  stateDict(): StateDict {
    const out: StateDict = new Map();
    for (const [name, t] of this.namedTensors(['parameter', 'buffer'], true)) {
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
    const targets = new Map(this.namedTensors(['parameter', 'buffer'], true));
    for (const [target, entry] of planStateLoad(targets, state, flag(options, 'strict', 'loadStateDict') ?? true, this.typeName)) {
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
    const list = flag(options, 'trainableOnly', 'parameterCount') ? this.trainableParameters() : this.parameters();
    return list.reduce((n, p) => n + p.size, 0);
  }

  /**
   * A readable table: one line per module with its type, details and parameter count. With an
   * input shape, the model runs once on zeros (eval mode, no gradients) and each module's output
   * shape is listed too.
   */
  summary(inputShape?: readonly number[]): string {
    return summarize(this, inputShape);
  }

  /**
   * Runs `fn` with some parameters replaced by other tensors (by dotted name), then restores them
   * (like torch.func.functional_call). Used to differentiate with respect to substituted
   * parameters, e.g. in gradient checks. Fields holding a replaced parameter are substituted too.
   */
  withParameters<T>(replacements: ReadonlyMap<string, Tensor>, fn: () => T): T {
    const owners = new Map<string, [Module, string]>();
    for (const [prefix, module] of this.namedModules()) {
      for (const name of module.ownParameters.keys()) owners.set(prefix === '' ? name : `${prefix}.${name}`, [module, name]);
    }
    for (const full of replacements.keys()) {
      if (!owners.has(full)) throw new ArgumentError(`withParameters: ${this.typeName} has no parameter ${JSON.stringify(full)}`);
    }
    const saved: [Module, string, Tensor, Tensor][] = [];
    substituting++;
    try {
      for (const [full, value] of replacements) {
        const [module, name] = owners.get(full)!;
        const original = module.ownParameters.get(name)!;
        saved.push([module, name, original, value]);
        module.ownParameters.set(name, value);
        module.redirectFields(original, value);
      }
      return fn();
    } finally {
      for (let i = saved.length - 1; i >= 0; i--) {
        const [module, name, original, value] = saved[i]!;
        module.ownParameters.set(name, original);
        module.redirectFields(value, original);
      }
      substituting--;
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
