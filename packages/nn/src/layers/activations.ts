import { gelu, geluTanh, leakyRelu, logSoftmax, relu, sigmoid, softmax, tanh, type Tensor } from '@neurite/tensor';
import { checkNumber, checkOneOf, checkSize, optionsOf } from '../validate.ts';
import { Module } from '../module/module.ts';

/** max(0, x). */
export class ReLU extends Module {
  forward(x: Tensor): Tensor {
    return relu(x);
  }
}

/** x for x >= 0, alpha x below (alpha default 0.01). */
export class LeakyReLU extends Module {
  constructor(readonly alpha = 0.01) {
    super();
    checkNumber(alpha, 'LeakyReLU: alpha');
  }
  override describe(): string {
    return `alpha=${this.alpha}`;
  }
  forward(x: Tensor): Tensor {
    return leakyRelu(x, this.alpha);
  }
}

/** 1 / (1 + e^-x). */
export class Sigmoid extends Module {
  forward(x: Tensor): Tensor {
    return sigmoid(x);
  }
}

export class Tanh extends Module {
  forward(x: Tensor): Tensor {
    return tanh(x);
  }
}

/**
 * GELU (Hendrycks and Gimpel 2016), PyTorch's default form: 0.5 x (1 + erf(x / sqrt(2))).
 * `approximate: 'tanh'` selects the tanh form 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))).
 * Each is one kernel call (tensor's gelu and geluTanh).
 */
export class GELU extends Module {
  readonly approximate: 'none' | 'tanh';
  constructor(options: { approximate?: 'none' | 'tanh' } = {}) {
    super();
    this.approximate = checkOneOf(optionsOf(options, 'GELU').approximate ?? 'none', 'GELU: approximate', ['none', 'tanh'] as const);
  }
  override describe(): string {
    return this.approximate === 'tanh' ? 'approximate=tanh' : '';
  }
  forward(x: Tensor): Tensor {
    return this.approximate === 'tanh' ? geluTanh(x) : gelu(x);
  }
}

/** softmax over `axis` (default the last), max-subtracted (stable for any logits). */
export class Softmax extends Module {
  constructor(readonly axis = -1) {
    super();
    checkSize(axis, 'Softmax: axis', -64, 63);
  }
  override describe(): string {
    return `axis=${this.axis}`;
  }
  forward(x: Tensor): Tensor {
    return softmax(x, this.axis);
  }
}

/** log softmax over `axis` (default the last), max-subtracted. */
export class LogSoftmax extends Module {
  constructor(readonly axis = -1) {
    super();
    checkSize(axis, 'LogSoftmax: axis', -64, 63);
  }
  forward(x: Tensor): Tensor {
    return logSoftmax(x, this.axis);
  }
}
