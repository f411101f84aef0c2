import { ArgumentError, type Tensor } from '@neurite/tensor';
import { Module } from './module.ts';

function checkModuleAt(value: unknown, what: string): Module {
  if (!(value instanceof Module)) throw new ArgumentError(`${what} must be a Module, got ${value === null ? 'null' : typeof value === 'object' ? `a ${value.constructor?.name ?? 'object'}` : typeof value}`);
  return value;
}

/**
 * A list of submodules registered as "0", "1", ... (PyTorch's nn.ModuleList): a model that loops
 * over its layers keeps them here so their parameters are listed, saved and trained, under keys
 * such as "layers.0.weight". It has no forward of its own.
 */
export class ModuleList extends Module {
  constructor(modules: Iterable<Module> = []) {
    super();
    if (modules === null || typeof (modules as Partial<Iterable<Module>>)[Symbol.iterator] !== 'function') {
      throw new ArgumentError(`${this.typeName}: expected an iterable of Modules`);
    }
    const list = [...modules];
    list.forEach((m, i) => checkModuleAt(m, `${this.typeName}: module ${i}`));
    for (const m of list) this.append(m);
  }

  /** Adds a module at the end. Returns this. */
  append(module: Module): this {
    checkModuleAt(module, `${this.typeName}.append: module ${this.length}`);
    this.registerModule(String(this.length), module);
    return this;
  }

  /** Adds modules at the end. Returns this. */
  extend(modules: Iterable<Module>): this {
    const list = [...modules];
    list.forEach((m, i) => checkModuleAt(m, `${this.typeName}.extend: module ${i}`));
    for (const m of list) this.append(m);
    return this;
  }

  /** Inserts a module before `index` (0..length); later modules are renumbered, as in PyTorch. */
  insert(index: number, module: Module): this {
    if (!Number.isInteger(index) || index < 0 || index > this.length) throw new ArgumentError(`${this.typeName}.insert: index ${index} is outside [0, ${this.length}]`);
    checkModuleAt(module, `${this.typeName}.insert: module`);
    const tail: Module[] = [];
    for (let i = this.length - 1; i >= index; i--) tail.unshift(this.removeModule(String(i))!);
    this.append(module);
    for (const m of tail) this.append(m);
    return this;
  }

  get length(): number {
    return this.registeredChildren().size;
  }

  /** The module at `index` (negative counts from the end), else ArgumentError. */
  at(index: number): Module {
    const n = this.length;
    const m = Number.isInteger(index) ? this.registeredChildren().get(String(index < 0 ? n + index : index)) : undefined;
    if (m === undefined) throw new ArgumentError(`${this.typeName}.at: index ${index} is outside [0, ${n})`);
    return m;
  }

  /** The modules in order (read without a listing's cost: loop over them in a forward). */
  [Symbol.iterator](): Iterator<Module> {
    return this.registeredChildren().values();
  }

  /** A ModuleList is a container: iterate it in your own forward. */
  forward(_input: Tensor): Tensor {
    throw new ArgumentError(`${this.typeName} has no forward: iterate its modules in the forward of the module that holds it`);
  }
}
