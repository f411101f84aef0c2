/**
 * Typed reads of tokenizer.json fields (untrusted input): each returns the value or throws
 * TokenizerFileError naming the field ('tokenizer.json#model.vocab', ...); numbers must be integers
 * in a stated range, flags booleans.
 */
import { TokenizerFileError, type TokenizerFileErrorCode } from '../../errors.ts';

const FILE = 'tokenizer.json';

export type Json = Record<string, unknown>;

export function fail(code: TokenizerFileErrorCode, field: string, message: string): never {
  throw new TokenizerFileError(code, `${FILE}#${field}`, message);
}

function shown(value: unknown): string {
  return String(JSON.stringify(value)).slice(0, 40);
}

export function object(value: unknown, field: string): Json {
  return objectIn(value, `${FILE}#${field}`);
}

/** `object` for callers that name the whole location ('tokenizer.json#normalizer.normalizers[0]'). */
export function objectIn(value: unknown, file: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new TokenizerFileError('bad-syntax', file, 'expected a JSON object');
  return value as Json;
}

export function string(value: unknown, field: string): string {
  if (typeof value !== 'string') fail('bad-syntax', field, `is ${shown(value)}; expected a string`);
  return value;
}

export function optionalString(value: unknown, field: string): string | undefined {
  return value === undefined || value === null ? undefined : string(value, field);
}

/** A boolean, or `fallback` when absent (undefined or null). */
export function flag(value: unknown, fallback: boolean, field: string): boolean {
  return flagIn(value, fallback, `${FILE}#${field}`);
}

/** `flag` for callers that name the whole location. */
export function flagIn(value: unknown, fallback: boolean, file: string): boolean {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'boolean') throw new TokenizerFileError('bad-syntax', file, `is ${shown(value)}; expected true or false`);
  return value;
}

/**
 * An integer in [min, max], or `fallback` when absent (undefined or null; without a fallback the
 * field is required). A non-number is 'bad-syntax'; a fraction or a value out of range 'out-of-range'
 * ('id-out-of-range' when `id` is set).
 */
export function integer(value: unknown, field: string, min: number, max: number, options: { fallback?: number; id?: boolean } = {}): number {
  if ((value === undefined || value === null) && options.fallback !== undefined) return options.fallback;
  if (typeof value !== 'number') fail('bad-syntax', field, `is ${shown(value)}; expected an integer in [${min}, ${max}]`);
  if (!Number.isInteger(value) || value < min || value > max) fail(options.id ? 'id-out-of-range' : 'out-of-range', field, `is ${shown(value)}; expected an integer in [${min}, ${max}]`);
  return value;
}

/** One of `allowed` strings, or `fallback` when absent. */
export function oneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: T | undefined, field: string): T {
  if ((value === undefined || value === null) && fallback !== undefined) return fallback;
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) fail('bad-syntax', field, `is ${shown(value)}; expected one of ${allowed.join(', ')}`);
  return value as T;
}
