// Boolean-valued ops (torch.isnan, isfinite, isinf, any, all). PyTorch returns bool tensors; this
// package has no bool dtype, so these return int32 0/1 (usable directly as masks by where and
// maskedFill). None carries a gradient. Built from the comparison kernels: NaN is the only value
// with x != x, and |x| < Infinity holds exactly for finite x.
import { atomic } from '../scope.ts';
import { checkTensor, type Tensor } from '../tensor.ts';
import { checkAxes, checkFlag } from '../validate.ts';
import { cast } from './copy.ts';
import { abs, eq, gt, lt, ne } from './elementwise.ts';
import { type Axes, sum } from './reduce.ts';

/** A float 0/1 tensor from a comparison, as int32 (the float temporary is freed). */
function asInt32(mask: Tensor): Tensor {
  const out = cast(mask, 'int32');
  mask.dispose();
  return out;
}

function elementwise(x: Tensor, what: string, test: (v: Tensor) => Tensor): Tensor {
  checkTensor(x, what);
  return atomic(() => asInt32(test(x)));
}

/** 1 where x is NaN (never for int32). */
export const isnan = (x: Tensor): Tensor => elementwise(x, 'isnan', (v) => ne(v, v));

/** 1 where x is +Infinity or -Infinity (never for int32). */
export const isinf = (x: Tensor): Tensor =>
  elementwise(x, 'isinf', (v) => {
    const a = abs(v);
    const r = eq(a, Infinity);
    a.dispose();
    return r;
  });

/** 1 where x is neither NaN nor infinite (always for int32). */
export const isfinite = (x: Tensor): Tensor =>
  elementwise(x, 'isfinite', (v) => {
    const a = abs(v);
    const r = lt(a, Infinity);
    a.dispose();
    return r;
  });

/** Counts nonzero (or zero) elements over `dim` and compares the count with 0. */
function reduceTruth(x: Tensor, dim: Axes, keepdim: boolean, what: 'any' | 'all'): Tensor {
  checkTensor(x, what);
  checkAxes(dim, x.rank, what);
  checkFlag(keepdim, false, `${what}: keepdim`);
  return atomic(() => {
    // NaN is nonzero (true), as in PyTorch.
    const hits = what === 'any' ? ne(x, 0) : eq(x, 0);
    const count = sum(hits, dim, keepdim);
    const truth = what === 'any' ? gt(count, 0) : eq(count, 0);
    hits.dispose();
    count.dispose();
    return asInt32(truth);
  });
}

/** 1 if some element over `dim` (default: all dims) is nonzero (NaN counts); 0 over an empty set. */
export const any = (x: Tensor, dim?: Axes, keepdim = false): Tensor => reduceTruth(x, dim, keepdim, 'any');
/** 1 if every element over `dim` (default: all dims) is nonzero (NaN counts); 1 over an empty set. */
export const all = (x: Tensor, dim?: Axes, keepdim = false): Tensor => reduceTruth(x, dim, keepdim, 'all');
