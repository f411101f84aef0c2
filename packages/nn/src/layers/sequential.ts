import { add, ArgumentError, scope, type Tensor } from '@neurite/tensor';
import { Module } from '../module/module.ts';
import { describeValue, optionsOf } from '../validate.ts';

/** Runs its modules in order; they are registered as "0", "1", ... (PyTorch's naming). */
export class Sequential extends Module {
  private readonly layers: Module[] = [];

  constructor(...modules: Module[]) {
    super();
    for (const m of modules) this.append(m);
  }

  /** Adds a module at the end. Returns this. */
  append(module: Module): this {
    if (!(module instanceof Module)) throw new ArgumentError(`Sequential: layer ${this.layers.length} must be a Module, got ${describeValue(module)}`);
    this.registerModule(String(this.layers.length), module);
    this.layers.push(module);
    return this;
  }

  get length(): number {
    return this.layers.length;
  }

  at(index: number): Module {
    const m = Number.isInteger(index) ? this.layers[index < 0 ? this.layers.length + index : index] : undefined;
    if (m === undefined) throw new ArgumentError(`Sequential.at: index ${index} is outside [0, ${this.layers.length})`);
    return m;
  }

  [Symbol.iterator](): Iterator<Module> {
    return this.layers[Symbol.iterator]();
  }

  forward(x: Tensor): Tensor {
    return scope(() => {
      let out = x;
      for (const layer of this.layers) out = layer.forward(out);
      return out;
    });
  }
}

/**
 * A residual (skip) block H(x) = F(x) + shortcut(x) (He et al. 2016), then an optional activation.
 * `shortcut` defaults to the identity; give one (e.g. a 1x1 convolution) when shapes change.
 */
export class Residual extends Module {
  readonly body: Module;
  readonly shortcut: Module | undefined;
  readonly activation: Module | undefined;

  constructor(body: Module, options: { shortcut?: Module; activation?: Module } = {}) {
    super();
    options = optionsOf(options, 'Residual');
    for (const [name, m] of [['body', body], ['shortcut', options.shortcut], ['activation', options.activation]] as const) {
      if ((m !== undefined || name === 'body') && !(m instanceof Module)) throw new ArgumentError(`Residual: ${name} must be a Module, got ${describeValue(m)}`);
    }
    this.body = this.registerModule('body', body);
    this.shortcut = options.shortcut ? this.registerModule('shortcut', options.shortcut) : undefined;
    this.activation = options.activation ? this.registerModule('activation', options.activation) : undefined;
  }

  forward(x: Tensor): Tensor {
    return scope(() => {
      const skip = this.shortcut ? this.shortcut.forward(x) : x;
      const sum = add(this.body.forward(x), skip);
      return this.activation ? this.activation.forward(sum) : sum;
    });
  }
}
