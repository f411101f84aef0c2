// Helpers shared by the scalers: scikit-learn's near-constant handling and per-column loops.
import type { Matrix } from '@neurite/tensor';

/** Machine epsilon of float64 (np.finfo(np.float64).eps). */
export const EPSILON = 2.220446049250313e-16;

/**
 * scikit-learn's _handle_zeros_in_scale: a scale flagged by `constantMask`, or (without a mask) one
 * below 10 eps, becomes 1 so constant columns are left unscaled instead of divided by zero.
 */
export function handleZerosInScale(scale: Float64Array, constantMask?: readonly boolean[]): Float64Array {
  const out = Float64Array.from(scale);
  for (let j = 0; j < out.length; j++) {
    const constant = constantMask ? constantMask[j]! : out[j]! < 10 * EPSILON;
    if (constant) out[j] = 1;
  }
  return out;
}

/** out[i, j] = (x[i, j] - shift[j]) / scale[j] (shift or scale omitted: 0 or 1). */
export function shiftAndDivide(x: Matrix, shift: Float64Array | null, scale: Float64Array | null): Matrix {
  const { rows, cols, data } = x;
  const out = new Float64Array(data.length);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      let v = data[i * cols + j]!;
      if (shift) v -= shift[j]!;
      if (scale) v /= scale[j]!;
      out[i * cols + j] = v;
    }
  }
  return { rows, cols, data: out };
}

/** out[i, j] = x[i, j] * scale[j] + shift[j] (inverse of shiftAndDivide). */
export function multiplyAndShift(x: Matrix, scale: Float64Array | null, shift: Float64Array | null): Matrix {
  const { rows, cols, data } = x;
  const out = new Float64Array(data.length);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      let v = data[i * cols + j]!;
      if (scale) v *= scale[j]!;
      if (shift) v += shift[j]!;
      out[i * cols + j] = v;
    }
  }
  return { rows, cols, data: out };
}
