// Element types. float32 and int32 are what the kernels compute on; float64 runs in TypeScript
// (the float64 reference path of gradCheck, linalg results, statistics).

export type DType = 'float32' | 'int32' | 'float64';
export type TypedArrayOf<D extends DType> = D extends 'float32' ? Float32Array : D extends 'int32' ? Int32Array : Float64Array;
export type AnyTypedArray = Float32Array | Int32Array | Float64Array;

import { DTypeError } from './errors.ts';

export const BYTES_PER_ELEMENT: Readonly<Record<DType, number>> = { float32: 4, int32: 4, float64: 8 };

export function isFloat(dtype: DType): boolean {
  return dtype !== 'int32';
}

/** The dtype that holds both (float64 > float32 > int32). */
export function promoteTypes(a: DType, b: DType): DType {
  for (const d of [a, b]) {
    if (typeof d !== 'string' || !Object.hasOwn(BYTES_PER_ELEMENT, d)) throw new DTypeError(`promoteTypes: unknown dtype ${typeof d === 'string' ? JSON.stringify(d) : String(d)}, expected 'float32', 'int32' or 'float64'`);
  }
  if (a === b) return a;
  if (a === 'float64' || b === 'float64') return 'float64';
  return 'float32';
}
