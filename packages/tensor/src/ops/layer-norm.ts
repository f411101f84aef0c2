// layerNorm: layer normalization (Ba, Kiros and Hinton 2016) over the trailing `normalizedShape`
// axes, as torch.nn.functional.layer_norm: y = (x - mean) / sqrt(var + eps) * weight + bias with
// the biased variance. float32 runs the kernels' fused layer norm (two-pass statistics with f64
// sums; one backward call gives dx, dweight and dbias); float64, which that kernel does not take,
// is composed from the reductions and elementwise ops (two-pass variance as well).
import { layerNorm as layerNormKernel, layerNormBackward } from '@neurite/kernels';
import { record } from '../autograd/record.ts';
import { DTypeError, ShapeError } from '../errors.ts';
import { runtimeUnchecked } from '../runtime.ts';
import { atomic, scope } from '../scope.ts';
import { adoptPointer, checkTensor, type Tensor } from '../tensor.ts';
import { checkNumber, optionsOf } from '../validate.ts';
import { add, mul, rsqrt, sub } from './elementwise.ts';
import { mean, variance } from './reduce.ts';

export interface LayerNormOptions {
  /** Added to the variance before the square root; default 1e-5 (PyTorch's). */
  eps?: number;
}

/**
 * Layer norm of x over its last `normalizedShape.length` axes (which must equal normalizedShape),
 * with an optional elementwise weight and bias of shape normalizedShape; gradients reach x, the
 * weight and the bias.
 */
export function layerNorm(x: Tensor, normalizedShape: number | readonly number[], weight?: Tensor | null, bias?: Tensor | null, options?: LayerNormOptions): Tensor {
  const what = 'layerNorm';
  checkTensor(x, `${what}: x`);
  const o = optionsOf(options, what);
  if (x.dtype === 'int32') throw new DTypeError(`${what}: expected a float tensor, got int32`);
  const shape = typeof normalizedShape === 'number' ? [normalizedShape] : Array.isArray(normalizedShape) ? [...normalizedShape as number[]] : undefined;
  const k = shape?.length ?? 0;
  if (shape === undefined || k === 0 || k > x.rank || shape.some((d, i) => d !== x.shape[x.rank - k + i])) {
    throw new ShapeError(`${what}: normalizedShape must be a non-empty list of x's last sizes, got ${String(normalizedShape)} for x [${x.shape}]`);
  }
  const affine = (t: Tensor | null | undefined, name: string): Tensor | undefined => {
    if (t === undefined || t === null) return undefined;
    checkTensor(t, `${what}: ${name}`);
    if (t.dtype !== x.dtype || t.rank !== k || t.shape.some((d, i) => d !== shape[i])) {
      throw new ShapeError(`${what}: ${name} must be ${x.dtype} [${shape}], got ${t.dtype} [${t.shape}]`);
    }
    return t;
  };
  const w = affine(weight, 'weight'), b = affine(bias, 'bias');
  const eps = o.eps === undefined ? 1e-5 : checkNumber(o.eps, `${what}: eps`, { finite: true, min: 0 });
  if (x.dtype === 'float64') {
    const axes = shape.map((_, i) => x.rank - k + i);
    return scope(() => {
      const normalized = mul(sub(x, mean(x, axes, true)), rsqrt(add(variance(x, axes, true), eps)));
      const scaled = w === undefined ? normalized : mul(normalized, w);
      return b === undefined ? scaled : add(scaled, b);
    });
  }
  const cols = shape.reduce((p, d) => p * d, 1), rows = cols === 0 ? 0 : x.size / cols;
  return atomic(() => {
    const backend = runtimeUnchecked().backend;
    const r = layerNormKernel(backend, x.storage.ptr, rows, cols, { gamma: w?.storage.ptr, beta: b?.storage.ptr, eps });
    const y = adoptPointer(r.y, x.shape, x.dtype);
    const stats = adoptPointer(r.mean, [rows], x.dtype), rstd = adoptPointer(r.rstd, [rows], x.dtype);
    const inputs = [x, ...(w === undefined ? [] : [w]), ...(b === undefined ? [] : [b])];
    const out = record(what, inputs, y, w === undefined ? [x, stats, rstd] : [x, stats, rstd, w], (g, saved) => {
      const [sx, sm, sr, sw] = saved as Tensor[];
      const grads = layerNormBackward(runtimeUnchecked().backend, g.storage.ptr, sx!.storage.ptr, sm!.storage.ptr, sr!.storage.ptr, rows, cols, { gamma: sw?.storage.ptr });
      const dx = adoptPointer(grads.dx, sx!.shape, sx!.dtype);
      const dw = adoptPointer(grads.dgamma, shape, sx!.dtype), db = adoptPointer(grads.dbeta, shape, sx!.dtype);
      const result = [dx];
      if (w !== undefined) result.push(dw);
      else dw.dispose();
      if (b !== undefined) result.push(db);
      else db.dispose();
      return result;
    });
    stats.dispose();
    rstd.dispose();
    return out;
  });
}
