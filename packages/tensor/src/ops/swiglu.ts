// swiglu: the SwiGLU gate of Llama-style feed-forward blocks (Shazeer 2020), silu(gate) * up, on
// the kernels' fused SwiGLU. One tensor: its last axis splits in halves [gate, up] (the order of a
// fused gate/up projection); two tensors: swiglu(gate, up).
import { swiglu as swigluKernel, swigluBackward } from '@neurite/kernels';
import { record } from '../autograd/record.ts';
import { DTypeError, ShapeError } from '../errors.ts';
import { runtimeUnchecked } from '../runtime.ts';
import { atomic } from '../scope.ts';
import { adoptPointer, checkTensor, emptyTensor, type Tensor } from '../tensor.ts';

/** silu(gate) * up, or with one tensor x = [..., 2H]: silu(x[..., :H]) * x[..., H:]. */
export function swiglu(x: Tensor, up?: Tensor): Tensor {
  const what = 'swiglu';
  checkTensor(x, `${what}: x`);
  if (x.dtype === 'int32') throw new DTypeError(`${what}: expected a float tensor, got int32`);
  if (x.rank < 1) throw new ShapeError(`${what}: x must have rank >= 1, got a scalar`);
  const dtype = x.dtype === 'float64' ? 'float64' : 'float32';
  const bytes = dtype === 'float64' ? 8 : 4;
  const last = x.shape[x.rank - 1]!;
  if (up === undefined) {
    if (last % 2 !== 0) throw new ShapeError(`${what}: the last dimension must be even to split into gate and up, got ${last}`);
    const cols = last / 2, rows = cols === 0 ? 0 : x.size / last;
    const p = { rows, cols, a: x.storage.ptr, b: x.storage.ptr + cols * bytes, lda: last, ldb: last, dtype } as const;
    return atomic(() => {
      const y = adoptPointer(swigluKernel(runtimeUnchecked().backend, p), [...x.shape.slice(0, -1), cols], x.dtype);
      return record(what, [x], y, [x], (g, [sx]) => {
        const dx = emptyTensor(sx!.shape, sx!.dtype, `${what} backward`);
        const q = { ...p, a: sx!.storage.ptr, b: sx!.storage.ptr + cols * bytes };
        swigluBackward(runtimeUnchecked().backend, q, g.storage.ptr, dx.storage.ptr, dx.storage.ptr + cols * bytes);
        return [dx];
      });
    });
  }
  checkTensor(up, `${what}: up`);
  if (up.dtype !== x.dtype || up.rank !== x.rank || up.shape.some((d, i) => d !== x.shape[i])) {
    throw new ShapeError(`${what}: up must match gate (${x.dtype} [${x.shape}]), got ${up.dtype} [${up.shape}]`);
  }
  const rows = last === 0 ? 0 : x.size / last;
  const p = { rows, cols: last, a: x.storage.ptr, b: up.storage.ptr, dtype } as const;
  return atomic(() => {
    const y = adoptPointer(swigluKernel(runtimeUnchecked().backend, p), x.shape, x.dtype);
    return record(what, [x, up], y, [x, up], (g, [sa, sb]) => {
      const da = emptyTensor(sa!.shape, sa!.dtype, `${what} backward`), db = emptyTensor(sb!.shape, sb!.dtype, `${what} backward`);
      swigluBackward(runtimeUnchecked().backend, { ...p, a: sa!.storage.ptr, b: sb!.storage.ptr }, g.storage.ptr, da.storage.ptr, db.storage.ptr);
      return [da, db];
    });
  });
}
