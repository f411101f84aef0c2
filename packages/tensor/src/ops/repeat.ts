// repeat (torch.Tensor.repeat) and tile (torch.tile): copies of x laid side by side along each
// dimension. Built as reshape -> expand -> reshape: x of shape [d0, d1, ...] is viewed as
// [1, d0, 1, d1, ...], expanded to [r0, d0, r1, d1, ...] and merged to [r0 d0, r1 d1, ...], so the
// gradient is expand's: the sum over the copies.
import { ShapeError } from '../errors.ts';
import { atomic } from '../scope.ts';
import { checkTensor, type Tensor } from '../tensor.ts';
import { checkArray, checkShape, checkSize } from '../validate.ts';
import { expand, reshape } from './shape.ts';

/** `repeats` copies along each dimension; repeats.length >= x.rank (extra leading entries add dimensions). */
export function repeat(x: Tensor, repeats: readonly number[]): Tensor {
  checkTensor(x, 'repeat');
  const reps = checkArray(repeats, 'repeat: repeats').map((r, i) => checkSize(r, `repeat: repeats[${i}]`));
  if (reps.length < x.rank) {
    throw new ShapeError(`repeat: ${reps.length} repeat counts for a tensor of rank ${x.rank}; give at least one per dimension`);
  }
  const dims = [...new Array<number>(reps.length - x.rank).fill(1), ...x.shape];
  const outShape = checkShape(dims.map((d, i) => d * reps[i]!), 'repeat');
  return atomic(() => {
    const interleaved = dims.flatMap((d) => [1, d]);
    const spread = reps.flatMap((r, i) => [r, dims[i]!]);
    const viewed = reshape(x, interleaved);
    const copies = expand(viewed, spread);
    const out = reshape(copies, outShape);
    viewed.dispose();
    copies.dispose();
    return out;
  });
}

/** As repeat, but `reps` shorter than x's rank is padded with leading 1s (torch.tile). */
export function tile(x: Tensor, reps: readonly number[]): Tensor {
  checkTensor(x, 'tile');
  const list = checkArray(reps, 'tile: reps');
  const padded = list.length < x.rank ? [...new Array<number>(x.rank - list.length).fill(1), ...(list as number[])] : (list as number[]);
  return repeat(x, padded);
}
