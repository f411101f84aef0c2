// norm (torch.norm): vector norms over any dims, composed from primitives so the gradient comes
// from theirs. As torch.norm: a numeric p is the vector p-norm over `dim` (all dims when omitted,
// the tensor flattened), whatever the number of dims; 'fro' (the default) is the 2-norm over `dim`.
//   p = Infinity: max |x|     p = -Infinity: min |x|     p = 0: number of nonzero elements (no gradient)
//   p = 1: sum |x|            p = 2 / 'fro': sqrt(sum x^2)   other p: (sum |x|^p)^(1/p)
// Differences from PyTorch: 'nuc' (the nuclear norm) is not supported (the package's SVD has no
// gradient yet); int32 input is a DTypeError (as PyTorch's floating-point requirement); at a zero
// norm the 2-norm's gradient is 0 as in PyTorch (its own backward below), but other p-norms give
// NaN there; the gradient of max/min |x| is shared equally among ties (as torch.amax).
import { ArgumentError, DTypeError, ShapeError } from '../errors.ts';
import { atomic } from '../scope.ts';
import { checkTensor, type Tensor } from '../tensor.ts';
import { checkAxes, checkFlag, describeValue, optionsOf } from '../validate.ts';
import { noGrad, record } from '../autograd/record.ts';
import { abs, div, eq, mul, ne, pow, sqrt, square } from './elementwise.ts';
import { where } from './gather.ts';
import { max, min, sum } from './reduce.ts';
import { reshape } from './shape.ts';

export interface NormOptions {
  /** 'fro' (default), or any number including +-Infinity: see the file header. */
  p?: 'fro' | 'nuc' | number;
  /** Dims to reduce (all when omitted). */
  dim?: number | readonly number[];
  keepdim?: boolean;
}

/** sqrt(sum x^2) over `dims`, with PyTorch's gradient x / norm (0 where the norm is 0). */
function twoNorm(x: Tensor, dims: readonly number[], keepdim: boolean): Tensor {
  const out = noGrad(() => {
    const s2 = square(x);
    const s = sum(s2, dims, keepdim);
    const r = sqrt(s);
    s2.dispose();
    s.dispose();
    return r;
  });
  const kept = x.shape.map((d, i) => (dims.includes(i) ? 1 : d));
  return record('norm', [x], out, [x, out], (g, [xs, ys]) => {
    const gk = reshape(g, kept), yk = reshape(ys!, kept);
    const zero = eq(yk, 0);
    const safe = where(zero, Infinity, yk); // x / Infinity = 0 where the norm (hence x) is 0
    const q = div(gk, safe);
    const r = mul(xs!, q);
    for (const v of [gk, yk, zero, safe, q]) v.dispose();
    return [r];
  });
}

export function norm(x: Tensor, options?: NormOptions): Tensor {
  checkTensor(x, 'norm');
  const o = optionsOf(options, 'norm');
  const p = o.p ?? 'fro';
  if (p === 'nuc') throw new ArgumentError("norm: p = 'nuc' (nuclear norm) is not supported yet; use p = 'fro' or a number");
  if (p !== 'fro' && (typeof p !== 'number' || Number.isNaN(p))) {
    throw new ArgumentError(`norm: p must be 'fro' or a number (Infinity allowed), got ${describeValue(p)}`);
  }
  if (x.dtype === 'int32') throw new DTypeError('norm: x must be float32 or float64, got int32 (cast it first)');
  const dims = checkAxes(o.dim, x.rank, 'norm: dim');
  if (new Set(dims).size !== dims.length) throw new ShapeError(`norm: dim [${dims}] repeats a dimension`);
  const keepdim = checkFlag(o.keepdim, false, 'norm: keepdim');
  const dim = o.dim === undefined ? undefined : dims;
  const order = p === 'fro' ? 2 : p;
  return atomic(() => {
    const temps: Tensor[] = [];
    const t = (v: Tensor) => (temps.push(v), v);
    let out: Tensor;
    if (order === 0) out = sum(t(ne(x, 0)), dim, keepdim);
    else if (order === 2) out = twoNorm(x, dims, keepdim);
    else {
      const a = t(abs(x));
      if (order === Infinity) out = max(a, dim, keepdim);
      else if (order === -Infinity) out = min(a, dim, keepdim);
      else if (order === 1) out = sum(a, dim, keepdim);
      else out = pow(t(sum(t(pow(a, order)), dim, keepdim)), 1 / order);
    }
    for (const v of temps) v.dispose();
    return out;
  });
}
