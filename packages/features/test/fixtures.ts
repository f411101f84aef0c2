// Reads the oracle fixtures written by fixtures/generate.py (scikit-learn; see its header) and
// decodes their numbers: null is NaN, "Infinity" / "-Infinity" are the infinities.
import { readFileSync } from 'node:fs';

export function loadFixture<T = Record<string, any>>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')) as T;
}

function decode(v: unknown): number {
  if (v === null) return NaN;
  if (v === 'Infinity') return Infinity;
  if (v === '-Infinity') return -Infinity;
  return v as number;
}

/** A JSON matrix (array of rows) as number[][] with NaN and infinities decoded. */
export function rowsOf(json: unknown): number[][] {
  return (json as unknown[][]).map((row) => row.map(decode));
}

/** A JSON vector as numbers. */
export function vectorOf(json: unknown): number[] {
  return (json as unknown[]).map(decode);
}

/** Row-major flattening of rowsOf. */
export function flat(json: unknown): Float64Array {
  return Float64Array.from(rowsOf(json).flat());
}

/** Named tolerance of the oracle comparisons: float64 against scikit-learn, a few ulps of rounding order. */
export const ORACLE = { atol: 1e-12, rtol: 1e-12 } as const;
