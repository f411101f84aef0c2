// maskedFill (torch.Tensor.masked_fill): value where mask is true, x elsewhere. The mask
// broadcasts to x's shape (the result always has x's shape and dtype). PyTorch takes a bool mask;
// this package has no bool dtype, so the mask is int32 or float and nonzero (NaN included) counts
// as true, as the comparisons' 0/1 outputs do. The gradient reaches x where the mask is false.
import { broadcastShapes } from '@neurite/kernels';
import { DTypeError, ShapeError } from '../errors.ts';
import { atomic } from '../scope.ts';
import { checkTensor, type Tensor } from '../tensor.ts';
import { checkValueFor } from '../validate.ts';
import { cast } from './copy.ts';
import { add, mul, ne, sub } from './elementwise.ts';
import { where } from './gather.ts';

export function maskedFill(x: Tensor, mask: Tensor, value: number): Tensor {
  checkTensor(x, 'maskedFill: x');
  checkTensor(mask, 'maskedFill: mask');
  checkValueFor(value, x.dtype, 'maskedFill: value');
  if (mask.dtype === 'float64' && x.dtype !== 'float64') {
    throw new DTypeError('maskedFill: a float64 mask is only accepted for a float64 x; use an int32 or float32 0/1 mask');
  }
  const shape = broadcastShapes(mask.shape, x.shape, 'maskedFill');
  if (shape.length !== x.rank || shape.some((d, i) => d !== x.shape[i])) {
    throw new ShapeError(`maskedFill: mask [${mask.shape}] must broadcast to x's shape [${x.shape}], it broadcasts to [${shape}]`);
  }
  if (x.dtype !== 'int32') return where(mask, value, x);
  // int32 stays int32: x * (1 - m) + value * m with m = (mask != 0) as 0/1 int32.
  return atomic(() => {
    const nz = ne(mask, 0);
    const m = cast(nz, 'int32');
    const keep = sub(1, m);
    const kept = mul(x, keep);
    const filled = mul(m, value);
    const out = add(kept, filled);
    for (const t of [nz, m, keep, kept, filled]) t.dispose();
    return out;
  });
}
