// Masks of the transformer layers, in PyTorch's conventions, converted to what
// scaledDotProductAttention takes. This package has no bool dtype: an int32 mask is boolean
// (nonzero = True) and a float mask is additive (PyTorch's float masks).
//   attn_mask:        True = the pair may NOT attend (nn.MultiheadAttention); [L, S] or [B * H, L, S]
//   key_padding_mask: True = the key is padding and ignored; [B, S]
import { add, cast, maskedFill, reshape, ShapeError, tensor, type Tensor, zeros } from '@neurite/tensor';

/** PyTorch's nn.Transformer.generate_square_subsequent_mask: [n, n] float, -Inf above the diagonal, 0 elsewhere. */
export function generateSquareSubsequentMask(n: number, dtype: 'float32' | 'float64' = 'float32'): Tensor {
  const data = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) data[i * n + j] = -Infinity;
  return tensor(data, [n, n], { dtype });
}

/**
 * Block bitmap of the Sparse Transformer's fixed patterns (Child et al. 2019) for
 * scaledDotProductAttention's blockLayout: block row r keeps the `local` blocks ending at its
 * diagonal (r - local < c <= r) and every `stride`-th block column (c % stride == stride - 1,
 * the "summary" blocks); with causal, nothing right of the diagonal. int32 [rows, cols].
 */
export function sparseBlockLayout(rows: number, cols: number, options: { local?: number; stride?: number; causal?: boolean } = {}): Tensor {
  const local = options.local ?? 1, stride = options.stride ?? 0, causal = options.causal ?? true;
  const data = new Int32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const near = c <= r && r - c < local;
      const summary = stride > 0 && c % stride === stride - 1;
      const ok = (near || summary) && (!causal || c <= r);
      data[r * cols + c] = ok ? 1 : 0;
    }
  }
  return tensor(data, [rows, cols]);
}

export interface ResolvedMasks {
  /** Additive [L, S] or [B|1, H|1, L, S] mask of the query's dtype, or undefined. */
  attnMask?: Tensor;
  /** int32 [B, S] padding mask, or undefined. */
  keyPaddingMask?: Tensor;
}

/**
 * Converts PyTorch-style masks for a batch of `b` queries of length `l` against `s` keys with `h`
 * heads into scaledDotProductAttention's options (tensors created here belong to the caller's scope).
 */
export function resolveMasks(
  what: string, dtype: 'float32' | 'float64', b: number, h: number, l: number, s: number, attnMask?: Tensor, keyPaddingMask?: Tensor,
): ResolvedMasks {
  let additive: Tensor | undefined;
  if (attnMask !== undefined) {
    const shape = attnMask.shape;
    const ok2 = attnMask.rank === 2 && shape[0] === l && shape[1] === s;
    const ok3 = attnMask.rank === 3 && shape[0] === b * h && shape[1] === l && shape[2] === s;
    if (!ok2 && !ok3) throw new ShapeError(`${what}: attnMask must be [${l}, ${s}] or [${b * h}, ${l}, ${s}], got [${shape}]`);
    additive = attnMask.dtype === 'int32' ? maskedFill(zeros(shape, { dtype }), attnMask, -Infinity) : attnMask.dtype === dtype ? attnMask : cast(attnMask, dtype);
    if (ok3) additive = reshape(additive, [b, h, l, s]);
  }
  let padding: Tensor | undefined;
  if (keyPaddingMask !== undefined) {
    if (keyPaddingMask.rank !== 2 || keyPaddingMask.shape[0] !== b || keyPaddingMask.shape[1] !== s) {
      throw new ShapeError(`${what}: keyPaddingMask must be [${b}, ${s}], got [${keyPaddingMask.shape}]`);
    }
    if (keyPaddingMask.dtype === 'int32') padding = keyPaddingMask;
    else {
      // A float padding mask is additive: fold it into the attention mask as [B, 1, 1, S].
      const pad = reshape(keyPaddingMask.dtype === dtype ? keyPaddingMask : cast(keyPaddingMask, dtype), [b, 1, 1, s]);
      const base = additive === undefined ? zeros([b, 1, l, s], { dtype }) : additive.rank === 2 ? reshape(additive, [1, 1, l, s]) : additive;
      additive = add(base, pad);
    }
  }
  return { attnMask: additive, keyPaddingMask: padding };
}
