import { reshape, type Tensor } from '@neurite/tensor';
import { Module } from '../module/module.ts';
import { checkSize } from '../validate.ts';

/** Flattens every axis from `startAxis` (default 1) on: [N, H, W, C] -> [N, H*W*C]. */
export class Flatten extends Module {
  constructor(readonly startAxis = 1) {
    super();
    checkSize(startAxis, 'Flatten: startAxis', 0, 64);
  }
  forward(x: Tensor): Tensor {
    const keep = x.shape.slice(0, this.startAxis);
    const rest = x.shape.slice(this.startAxis).reduce((a, b) => a * b, 1);
    return reshape(x, [...keep, rest]);
  }
}
