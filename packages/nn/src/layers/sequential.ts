import { add, ArgumentError, scope, type Tensor } from '@neurite/tensor';
import { type ForwardOptions, Module } from '../module/module.ts';
import { ModuleList } from '../module/module-list.ts';
import { describeValue, optionsOf } from '../validate.ts';

/**
 * Runs its modules in order; they are registered as "0", "1", ... (PyTorch's naming). It is a
 * ModuleList with a forward: `append`, `extend`, `insert`, `at`, `length` and iteration work alike.
 * `options` are passed unchanged to every module: shared options such as one attention mask suit
 * that; per-layer state such as a KV cache does not (keep those layers in a ModuleList and loop).
 */
export class Sequential extends ModuleList {
  constructor(...modules: Module[]) {
    super(modules);
  }

  override forward(x: Tensor, options?: ForwardOptions): Tensor {
    return scope(() => {
      let out = x;
      for (const layer of this.registeredChildren().values()) out = layer.forward(out, options);
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

  /** `options` go to the body and the shortcut (as Sequential passes them to every layer). */
  forward(x: Tensor, options?: ForwardOptions): Tensor {
    return scope(() => {
      const skip = this.shortcut ? this.shortcut.forward(x, options) : x;
      const sum = add(this.body.forward(x, options), skip);
      return this.activation ? this.activation.forward(sum) : sum;
    });
  }
}
