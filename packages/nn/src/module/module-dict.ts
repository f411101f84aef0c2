import { ArgumentError, type Tensor } from '@neurite/tensor';
import { Module } from './module.ts';

/**
 * Submodules by name (PyTorch's nn.ModuleDict), kept in insertion order; keys are non-empty and
 * contain no '.', and parameters are listed as "heads.name.weight". Setting an existing key
 * replaces that module in place (same position; the old one is returned, not disposed). It has no
 * forward of its own.
 */
export class ModuleDict extends Module {
  constructor(modules: Iterable<readonly [string, Module]> | Readonly<Record<string, Module>> = {}) {
    super();
    if (typeof modules !== 'object' || modules === null) throw new ArgumentError('ModuleDict: expected a record or an iterable of [name, Module] pairs');
    const entries = Symbol.iterator in modules ? [...(modules as Iterable<readonly [string, Module]>)] : Object.entries(modules);
    entries.forEach((entry, i) => {
      if (!Array.isArray(entry) || entry.length !== 2) throw new ArgumentError(`ModuleDict: entry ${i} must be a [name, Module] pair`);
      this.checkEntry(entry[0], entry[1]);
    });
    for (const [key, module] of entries) this.set(key, module);
  }

  private checkEntry(key: unknown, module: unknown): void {
    if (typeof key !== 'string' || key === '' || key.includes('.')) throw new ArgumentError(`ModuleDict: key ${JSON.stringify(key)} must be a non-empty string without '.'`);
    if (!(module instanceof Module)) throw new ArgumentError(`ModuleDict: the value of ${JSON.stringify(key)} must be a Module`);
  }

  /** Adds or replaces the module under `key`; returns the replaced module, if any (not disposed). */
  set(key: string, module: Module): Module | undefined {
    this.checkEntry(key, module);
    if (this.has(key)) return this.setSubmodule(key, module);
    this.registerModule(key, module);
    return undefined;
  }

  /** The module under `key`, else ArgumentError. */
  get(key: string): Module {
    const m = this.registeredChildren().get(key);
    if (m === undefined) throw new ArgumentError(`ModuleDict has no key ${JSON.stringify(key)}`);
    return m;
  }

  has(key: string): boolean {
    return this.registeredChildren().has(key);
  }

  /** Removes `key` and returns its module (not disposed: it is yours), or undefined. */
  delete(key: string): Module | undefined {
    return this.removeModule(key);
  }

  get size(): number {
    return this.registeredChildren().size;
  }

  keys(): string[] {
    return this.namedChildren().map(([name]) => name);
  }

  values(): Module[] {
    return this.children();
  }

  entries(): [string, Module][] {
    return this.namedChildren();
  }

  [Symbol.iterator](): Iterator<[string, Module]> {
    return this.namedChildren()[Symbol.iterator]();
  }

  /** A ModuleDict is a container: call its modules in the forward of the module that holds it. */
  forward(_input: Tensor): Tensor {
    throw new ArgumentError('ModuleDict has no forward: call its modules in the forward of the module that holds it');
  }
}
