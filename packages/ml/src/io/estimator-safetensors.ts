// Fitted estimators as safetensors files, through @neurite/nn's reader and writer (which validate
// every size, offset and count of an untrusted file before allocating). The file holds the
// estimator's toJSON() with every numeric array lifted out as a float64 tensor: a flat array of
// numbers becomes a rank-1 tensor, a rectangular array of such arrays a rank-2 tensor, named by its
// JSON Pointer in the document (RFC 6901: "/state/coef", "/state/estimators/3/tree/threshold"). The
// rest of the document (types, hyperparameters, class labels, shapes) is kept as JSON in the file's
// metadata under "estimator", with {"__safetensors__": name} where each array was, beside
// "format": "neurite-ml-estimator" and "version": "1". Loading puts the arrays back and calls the
// class's fromJSON through estimatorFromJSON: a file names classes, it never supplies code. Any
// problem is a ModelLoadError with a code, and no partial estimator is returned.
import { type ModelLoadErrorCode, ModelLoadError, readSafetensors, type SafetensorsTensor, writeSafetensors } from '@neurite/nn';
import { ArgumentError, NeuriteError } from '@neurite/tensor';
import type { EstimatorJSON } from '../base/estimator.ts';
import { estimatorFromJSON } from '../compose/estimator-from-json.ts';
import type { JSONRevivers } from '../compose/step-json.ts';
import { MultiOutputClassifier, MultiOutputRegressor } from '../ensemble/multi-output.ts';

export const ESTIMATOR_FORMAT = 'neurite-ml-estimator';
const PLACEHOLDER = '__safetensors__';
/** Deepest nesting of the metadata document accepted on load (estimators nest a few levels). */
const MAX_DEPTH = 64;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function pointer(path: string, key: string | number): string {
  return `${path}/${String(key).replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

function isNumberArray(value: unknown): value is number[] {
  return Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'number');
}

/** Replaces numeric arrays by placeholders, collecting them as tensors. */
function lift(value: unknown, path: string, tensors: [string, SafetensorsTensor][]): Json {
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) value = Array.from(value as unknown as ArrayLike<number>);
  if (isNumberArray(value)) {
    tensors.push([path, { dtype: 'F64', shape: [value.length], data: Float64Array.from(value) }]);
    return { [PLACEHOLDER]: path };
  }
  if (Array.isArray(value)) {
    const cols = isNumberArray(value[0]) ? value[0].length : -1;
    if (cols > 0 && value.every((row) => isNumberArray(row) && row.length === cols)) {
      const data = new Float64Array(value.length * cols);
      (value as number[][]).forEach((row, i) => data.set(row, i * cols));
      tensors.push([path, { dtype: 'F64', shape: [value.length, cols], data }]);
      return { [PLACEHOLDER]: path };
    }
    return value.map((item, i) => lift(item, pointer(path, i), tensors));
  }
  if (value !== null && typeof value === 'object') {
    const out: { [key: string]: Json } = {};
    for (const [key, item] of Object.entries(value)) if (item !== undefined) out[key] = lift(item, pointer(path, key), tensors);
    return out;
  }
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean' || value === null) return value;
  throw new ArgumentError(`saveEstimatorSafetensors: ${path || 'the estimator JSON'} holds a ${typeof value}, which JSON cannot hold`);
}

/**
 * The fitted (or unfitted) estimator as the bytes of a safetensors file: its numeric arrays as
 * float64 tensors, everything else in the metadata. Any estimator with toJSON() can be saved.
 */
export function saveEstimatorSafetensors(estimator: { toJSON(): EstimatorJSON }): Uint8Array {
  if (estimator === null || typeof estimator !== 'object' || typeof estimator.toJSON !== 'function') {
    throw new ArgumentError(`saveEstimatorSafetensors: expected an estimator with toJSON(), got ${String(estimator)}`);
  }
  const tensors: [string, SafetensorsTensor][] = [];
  const skeleton = lift(estimator.toJSON(), '', tensors);
  return writeSafetensors(tensors, { format: ESTIMATOR_FORMAT, version: '1', estimator: JSON.stringify(skeleton) });
}

function fail(code: ModelLoadErrorCode, message: string): never {
  throw new ModelLoadError(code, `loadEstimatorSafetensors: ${message}`);
}

/** Deepest nesting of brackets outside strings (checked before JSON.parse, so parsing cannot recurse deep). */
function nesting(text: string): number {
  let depth = 0, deepest = 0, inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) deepest = Math.max(deepest, ++depth);
    else if (c === 93 || c === 125) depth--;
  }
  return deepest;
}

/** Puts the tensors back where their placeholders are. */
function lower(value: Json, tensors: Map<string, SafetensorsTensor>, used: Set<string>): unknown {
  if (Array.isArray(value)) return value.map((item) => lower(item, tensors, used));
  if (value === null || typeof value !== 'object') return value;
  const keys = Object.keys(value);
  if (keys.length === 1 && keys[0] === PLACEHOLDER) {
    const name = value[PLACEHOLDER];
    if (typeof name !== 'string') fail('METADATA_INVALID', `a ${PLACEHOLDER} placeholder must name a tensor`);
    const tensor = tensors.get(name);
    if (tensor === undefined) fail('STATE_MISSING_KEY', `the metadata refers to tensor "${name}", which the file does not hold`);
    if (used.has(name)) fail('METADATA_INVALID', `tensor "${name}" is referred to twice`);
    used.add(name);
    if (tensor.dtype !== 'F64') fail('STATE_DTYPE_MISMATCH', `tensor "${name}" is ${tensor.dtype}, expected F64`);
    const data = tensor.data as Float64Array;
    if (tensor.shape.length === 1 && tensor.shape[0]! > 0) return Array.from(data);
    if (tensor.shape.length === 2 && tensor.shape[0]! > 0 && tensor.shape[1]! > 0) {
      const cols = tensor.shape[1]!;
      return Array.from({ length: tensor.shape[0]! }, (_, i) => Array.from(data.subarray(i * cols, (i + 1) * cols)));
    }
    fail('STATE_SHAPE_MISMATCH', `tensor "${name}" has shape [${tensor.shape.join(', ')}], expected a non-empty vector or matrix`);
  }
  const out: Record<string, unknown> = {};
  for (const key of keys) Object.defineProperty(out, key, { value: lower(value[key]!, tensors, used), enumerable: true, writable: true, configurable: true });
  return out;
}

/**
 * Reads an estimator saved by saveEstimatorSafetensors. `extra` adds classes of your own by type name
 * (each with a static fromJSON), as estimatorFromJSON's.
 */
export function loadEstimatorSafetensors<T = unknown>(bytes: Uint8Array | ArrayBuffer, extra: JSONRevivers = {}): T {
  if (!(bytes instanceof Uint8Array) && !(bytes instanceof ArrayBuffer)) throw new ArgumentError('loadEstimatorSafetensors: expected the file as a Uint8Array or an ArrayBuffer');
  const file = readSafetensors(bytes);
  const { format, version, estimator } = file.metadata;
  if (format !== ESTIMATOR_FORMAT) fail('METADATA_INVALID', `metadata "format" is ${JSON.stringify(format)}, expected "${ESTIMATOR_FORMAT}" (a file written by saveEstimatorSafetensors)`);
  if (version !== '1') fail('METADATA_INVALID', `metadata "version" is ${JSON.stringify(version)}, this reader knows version "1"`);
  if (typeof estimator !== 'string') fail('METADATA_INVALID', 'metadata has no "estimator" document');
  if (nesting(estimator) > MAX_DEPTH) fail('HEADER_TOO_DEEP', `the estimator document nests deeper than ${MAX_DEPTH} levels`);
  let skeleton: Json;
  try {
    skeleton = JSON.parse(estimator) as Json;
  } catch {
    fail('METADATA_INVALID', 'the estimator document is not valid JSON');
  }
  const used = new Set<string>();
  const json = lower(skeleton, file.tensors, used);
  for (const name of file.tensors.keys()) if (!used.has(name)) fail('STATE_UNEXPECTED_KEY', `tensor "${name}" is not referred to by the estimator document`);
  try {
    return estimatorFromJSON<T>(json, { MultiOutputRegressor, MultiOutputClassifier, ...extra } as unknown as JSONRevivers);
  } catch (error) {
    if (error instanceof NeuriteError) throw new ModelLoadError('STATE_INVALID', `loadEstimatorSafetensors: ${error.message}`);
    throw error;
  }
}
