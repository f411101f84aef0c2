// The TypeScript loops left in tensor: the float64 paths of ops whose kernel family has no
// float64 export yet (where, the scatter-adds and maxPool2d; see README). Everything else runs the
// kernels of its dtype.

export type Floats = Float32Array | Float64Array;

/** Visits every index of `shape` in row-major order, calling fn with the running offsets. */
export function forEachOffset(shape: readonly number[], strides: readonly (readonly number[])[], fn: (i: number, offsets: number[]) => void): void {
  const rank = shape.length;
  let total = 1;
  for (const d of shape) total *= d;
  if (total === 0) return;
  const idx = new Array<number>(rank).fill(0);
  const off = strides.map(() => 0);
  for (let i = 0; i < total; i++) {
    fn(i, off);
    for (let d = rank - 1; d >= 0; d--) {
      idx[d]!++;
      for (let k = 0; k < strides.length; k++) off[k]! += strides[k]![d]!;
      if (idx[d]! < shape[d]!) break;
      for (let k = 0; k < strides.length; k++) off[k]! -= strides[k]![d]! * shape[d]!;
      idx[d] = 0;
    }
  }
}
