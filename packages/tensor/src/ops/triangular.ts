// tril and triu (torch.tril / torch.triu): keep the lower or upper triangle of the last two
// dimensions (batched over the leading ones) and zero the rest. `diagonal` shifts the boundary:
// 0 is the main diagonal, positive above it, negative below. Built from primitives: a 0/1 mask from
// arange comparisons, then `where` for float tensors (so NaN and Inf outside the triangle become 0,
// and the gradient flows only inside it) or a multiplication for int32 (which stays int32).
import { arange } from '../creation.ts';
import { ShapeError } from '../errors.ts';
import { atomic } from '../scope.ts';
import { checkTensor, type Tensor } from '../tensor.ts';
import { checkInteger } from '../validate.ts';
import { cast } from './copy.ts';
import { ge, le, mul, sub } from './elementwise.ts';
import { where } from './gather.ts';
import { reshape } from './shape.ts';

function triangle(x: Tensor, diagonal: number, lower: boolean, what: string): Tensor {
  checkTensor(x, what);
  if (x.rank < 2) throw new ShapeError(`${what}: x must have rank >= 2 (a matrix or a batch of matrices), got shape [${x.shape}]`);
  checkInteger(diagonal, `${what}: diagonal`);
  return atomic(() => {
    const m = x.shape[x.rank - 2]!, n = x.shape[x.rank - 1]!;
    const r = arange(m), c = arange(n);
    const rows = reshape(r, [m, 1]), cols = reshape(c, [1, n]);
    const offset = sub(cols, rows); // column - row: 0 on the main diagonal
    const keep = lower ? le(offset, diagonal) : ge(offset, diagonal);
    let out: Tensor;
    if (x.dtype === 'int32') {
      const k = cast(keep, 'int32');
      out = mul(x, k);
      k.dispose();
    } else out = where(keep, x, 0);
    for (const t of [r, c, rows, cols, offset, keep]) t.dispose();
    return out;
  });
}

/** The lower triangle (column - row <= diagonal) of the last two dims; the rest is 0. */
export const tril = (x: Tensor, diagonal = 0): Tensor => triangle(x, diagonal, true, 'tril');
/** The upper triangle (column - row >= diagonal) of the last two dims; the rest is 0. */
export const triu = (x: Tensor, diagonal = 0): Tensor => triangle(x, diagonal, false, 'triu');
