import { reshape, type Tensor } from '@neurite/tensor';
import { Module } from '../module/module.ts';

/**
 * Passes its input through (a placeholder, e.g. for a removed head). The output is a new tensor
 * sharing the input's storage (no copy), so the caller owns it like any layer's output.
 */
export class Identity extends Module {
  forward(x: Tensor): Tensor {
    return reshape(x, x.shape);
  }
}
