// The checked wrapper of assembly/conv-relu-bias.ts: a convolution's fused ReLU and bias, backward,
// in one pass (what unaryBackward('relu') then conv2dBackwardBias compute, bit for bit).
import type { Backend } from '../backend.ts';
import { ShapeError } from '../errors.ts';
import { checkCount, checkF32, outputsF32 } from './checks.ts';
import { checkNoOverlap } from './conv.ts';

/**
 * y (the ReLU's output) and dy [rows, cout]: dz = dy where y > 0, else 0 ([rows, cout]; `out` may
 * equal dy), and db [cout] = the sum of dz over the rows. Returns both (allocated unless given).
 */
export function conv2dReluBackwardBias(
  backend: Backend, y: number, dy: number, rows: number, cout: number, options: { out?: number; bias?: number } = {},
): { dz: number; db: number } {
  const what = 'conv2dReluBackwardBias';
  checkCount(rows, `${what}: rows`);
  checkCount(cout, `${what}: cout`);
  const count = rows * cout;
  if (count * 4 > 0x7fffffff) throw new ShapeError(`${what}: ${count} elements exceed the 2 GiB range`);
  checkF32(backend, y, count, `${what}: y`);
  checkF32(backend, dy, count, `${what}: dy`);
  if (options.out !== undefined) {
    checkF32(backend, options.out, count, `${what}: out`);
    if (options.out !== dy) checkNoOverlap(options.out, count, [[y, count, 'y'], [dy, count, 'dy']], what);
    else checkNoOverlap(options.out, count, [[y, count, 'y']], what);
  }
  if (options.bias !== undefined) {
    checkF32(backend, options.bias, cout, `${what}: bias`);
    checkNoOverlap(options.bias, cout, [[y, count, 'y'], [dy, count, 'dy'], [options.out ?? 0, options.out === undefined ? 0 : count, 'out']], `${what} (bias)`);
  }
  const [dz, db] = outputsF32(backend, [[count, options.out, `${what}: out`], [cout, options.bias, `${what}: bias`]]) as [number, number];
  if (cout > 0) backend.kernels.conv2d_relu_backward_bias_f32(y, dy, dz, rows, cout, db);
  return { dz, db };
}
