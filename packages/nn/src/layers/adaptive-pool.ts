import { ArgumentError, avgPool2d, concat, mean, scope, ShapeError, slice, type Tensor } from '@neurite/tensor';
import { Module } from '../module/module.ts';
import { checkSize, describeValue } from '../validate.ts';

/** An output size: a number, or [height, width] where null keeps that input size (PyTorch's None). */
export type AdaptiveSize = number | readonly [number | null, number | null];

/** Window i of n over `size` cells: [floor(i size / n), ceil((i + 1) size / n)), PyTorch's adaptive windows. */
function windowOf(i: number, n: number, size: number): { start: number; stop: number } {
  return { start: Math.floor((i * size) / n), stop: Math.ceil(((i + 1) * size) / n) };
}

/** Means of x over the `n` adaptive windows of `axis` (1 or 2), concatenated on that axis. */
function poolAxis(x: Tensor, axis: 1 | 2, n: number): Tensor {
  const size = x.shape[axis]!;
  if (n === size) return x;
  const parts = Array.from({ length: n }, (_, i) => {
    const spec = [null, ...(axis === 2 ? [null] : []), windowOf(i, n, size)];
    return mean(slice(x, spec), axis, true);
  });
  return concat(parts, axis);
}

/**
 * Average pooling of NHWC [N, H, W, C] to a fixed [N, outH, outW, C] whatever H and W are
 * (PyTorch AdaptiveAvgPool2d: window i spans [floor(i H / outH), ceil((i + 1) H / outH))).
 * When outH divides H and outW divides W it is one avgPool2d; otherwise one mean per output row
 * and column (windows may overlap or differ in size), which is exact but costs outH + outW ops.
 */
export class AdaptiveAvgPool2d extends Module {
  readonly outputSize: readonly [number | null, number | null];
  constructor(outputSize: AdaptiveSize) {
    super();
    if (typeof outputSize === 'number') this.outputSize = [checkSize(outputSize, 'AdaptiveAvgPool2d: outputSize'), checkSize(outputSize, 'AdaptiveAvgPool2d: outputSize')];
    else if (Array.isArray(outputSize) && outputSize.length === 2) {
      const [h, w] = outputSize as [number | null, number | null];
      this.outputSize = [h === null ? null : checkSize(h, 'AdaptiveAvgPool2d: outputSize[0]'), w === null ? null : checkSize(w, 'AdaptiveAvgPool2d: outputSize[1]')];
    } else throw new ArgumentError(`AdaptiveAvgPool2d: outputSize must be a number or a [height, width] pair (null keeps that size), got ${describeValue(outputSize)}`);
  }
  override describe(): string {
    return `output=${this.outputSize.map((s) => s ?? 'same').join('x')}`;
  }
  forward(x: Tensor): Tensor {
    if (x.shape.length !== 4) throw new ShapeError(`AdaptiveAvgPool2d: input must be NHWC [N, H, W, C], got [${x.shape.join(', ')}]`);
    const [, h, w] = x.shape as [number, number, number, number];
    const oh = this.outputSize[0] ?? h, ow = this.outputSize[1] ?? w;
    if (h === 0 || w === 0) throw new ShapeError(`AdaptiveAvgPool2d: input [${x.shape.join(', ')}] has an empty spatial axis`);
    if (h % oh === 0 && w % ow === 0) return avgPool2d(x, [h / oh, w / ow]);
    return scope(() => poolAxis(poolAxis(x, 1, oh), 2, ow));
  }
}
