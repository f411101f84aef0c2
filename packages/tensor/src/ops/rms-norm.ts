// rmsNorm: root-mean-square layer normalization (Zhang and Sennrich 2019) over the last axis, on
// the kernels' fused RMSNorm: y = x / sqrt(mean(x^2) + eps) * weight, as torch.nn.functional.rms_norm
// except the default eps: 1e-6 (Llama's) where PyTorch takes the dtype's machine epsilon.
import { rmsNorm as rmsNormKernel, rmsNormBackward } from '@neurite/kernels';
import { record } from '../autograd/record.ts';
import { DTypeError, ShapeError } from '../errors.ts';
import { runtimeUnchecked } from '../runtime.ts';
import { atomic } from '../scope.ts';
import { adoptPointer, checkTensor, type Tensor } from '../tensor.ts';
import { checkNumber, optionsOf } from '../validate.ts';

export interface RmsNormOptions {
  /** Default 1e-6. */
  eps?: number;
}

/** RMSNorm over the last axis with an optional [D] weight; gradients reach x and the weight. */
export function rmsNorm(x: Tensor, weight?: Tensor | null, options?: RmsNormOptions): Tensor {
  const what = 'rmsNorm';
  checkTensor(x, `${what}: x`);
  const o = optionsOf(options, what);
  if (x.dtype === 'int32') throw new DTypeError(`${what}: expected a float tensor, got int32`);
  if (x.rank < 1) throw new ShapeError(`${what}: x must have rank >= 1, got a scalar`);
  const cols = x.shape[x.rank - 1]!, rows = cols === 0 ? 0 : x.size / cols;
  const w = weight === undefined || weight === null ? undefined : checkTensor(weight, `${what}: weight`);
  if (w !== undefined && (w.rank !== 1 || w.shape[0] !== cols || w.dtype !== x.dtype)) {
    throw new ShapeError(`${what}: weight must be ${x.dtype} [${cols}], got ${w.dtype} [${w.shape}]`);
  }
  const eps = o.eps === undefined ? 1e-6 : checkNumber(o.eps, `${what}: eps`, { finite: true, min: 0 });
  const dtype = x.dtype === 'float64' ? 'float64' : 'float32';
  return atomic(() => {
    const backend = runtimeUnchecked().backend;
    const r = rmsNormKernel(backend, x.storage.ptr, rows, cols, { weight: w?.storage.ptr, eps, dtype });
    const y = adoptPointer(r.y, x.shape, x.dtype);
    const rstd = adoptPointer(r.rstd, [rows], x.dtype);
    const inputs = w === undefined ? [x] : [x, w];
    const out = record(what, inputs, y, w === undefined ? [x, rstd] : [x, rstd, w], (g, saved) => {
      const [sx, sr, sw] = saved as Tensor[];
      const b = rmsNormBackward(runtimeUnchecked().backend, g.storage.ptr, sx!.storage.ptr, sr!.storage.ptr, rows, cols, { weight: sw?.storage.ptr, dtype });
      const dx = adoptPointer(b.dx, sx!.shape, sx!.dtype);
      return sw === undefined ? [dx] : [dx, adoptPointer(b.dweight!, sw.shape, sw.dtype)];
    });
    rstd.dispose();
    return out;
  });
}
