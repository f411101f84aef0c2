import { ModelLoadError } from '../errors.ts';
import { JsonSyntaxError } from './bounded-json.ts';
import { describe, field, findKey, type HeaderJson, objectKeys, parseHeaderJson, safeIntegerOf } from './header-json.ts';
import { DTYPES, HOST_IS_LITTLE_ENDIAN, isSafetensorsDType, type SafetensorsDType } from './safetensors-dtype.ts';
import { isWellFormedString, METADATA_KEY, type SafetensorsTensor } from './safetensors-write.ts';

/** Largest header accepted: 100 MB (the limit of the reference implementation). */
export const MAX_HEADER_BYTES = 100_000_000;
/** Objects and arrays nest at most this deep in a header (a valid one needs 3). */
export const MAX_HEADER_DEPTH = 8;

export interface SafetensorsHeaderEntry {
  name: string;
  dtype: SafetensorsDType;
  shape: number[];
  /** Byte range [begin, end) relative to the data section. */
  dataOffsets: [number, number];
}

export interface SafetensorsHeader {
  metadata: Record<string, string>;
  /** Entries sorted by their data offsets. */
  entries: SafetensorsHeaderEntry[];
  /** Absolute byte offset of the data section (8 + header length). */
  dataStart: number;
}

export interface SafetensorsFile {
  metadata: Record<string, string>;
  /** Tensors in the order of their data in the file. */
  tensors: Map<string, SafetensorsTensor>;
}

function fail(code: ConstructorParameters<typeof ModelLoadError>[0], message: string): never {
  throw new ModelLoadError(code, message);
}

function asBytes(input: Uint8Array | ArrayBuffer): Uint8Array {
  if (input instanceof Uint8Array) return input;
  if (input instanceof ArrayBuffer) return new Uint8Array(input);
  return fail('FILE_TOO_SHORT', `expected a Uint8Array or ArrayBuffer, got ${Object.prototype.toString.call(input)}`);
}

/**
 * `value` as a list of safe non-negative integers (the message names tensor `name`'s `field`; built
 * only on failure). A list that already holds plain numbers (the JSON.parse path) is returned as is.
 */
function integerList(value: HeaderJson | undefined, name: string, field: string, code: 'SHAPE_INVALID' | 'OFFSETS_INVALID'): number[] {
  if (!Array.isArray(value)) fail(code, `tensor ${JSON.stringify(name)}: ${field} must be an array of non-negative integers`);
  let plain = true;
  for (let i = 0; i < value.length; i++) {
    const item = value[i];
    const v = safeIntegerOf(item);
    if (v === undefined) fail(code, `tensor ${JSON.stringify(name)}: ${field} holds ${describe(item)}, expected a non-negative integer below 2^53`);
    if (typeof item !== 'number') plain = false;
  }
  return plain ? (value as number[]) : value.map((item) => safeIntegerOf(item)!);
}

const isEntryField = (key: string): boolean => key === 'dtype' || key === 'shape' || key === 'data_offsets';

/**
 * Reads and validates only the header: every size, offset and count is checked before the caller
 * allocates anything. Throws ModelLoadError (with a distinct code per violation) on invalid input.
 */
export function readSafetensorsHeader(input: Uint8Array | ArrayBuffer): SafetensorsHeader {
  const bytes = asBytes(input);
  if (bytes.length < 8) fail('FILE_TOO_SHORT', `file has ${bytes.length} bytes, expected at least 8 (the header length)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const low = view.getUint32(0, true);
  const high = view.getUint32(4, true);
  if (high !== 0 || low > MAX_HEADER_BYTES) {
    fail('HEADER_TOO_LARGE', `header length ${high * 2 ** 32 + low} exceeds the limit of ${MAX_HEADER_BYTES} bytes`);
  }
  const headerLength = low;
  if (8 + headerLength > bytes.length) {
    fail('HEADER_TRUNCATED', `header length ${headerLength} runs past the end of the ${bytes.length}-byte file`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes.subarray(8, 8 + headerLength));
  } catch {
    return fail('HEADER_NOT_UTF8', 'header is not valid UTF-8');
  }
  if (!text.startsWith('{')) fail('HEADER_NOT_OBJECT', 'header must be a JSON object starting with "{"');
  let root: HeaderJson;
  let names: string[] | undefined;
  try {
    ({ root, rootKeys: names } = parseHeaderJson(text, MAX_HEADER_DEPTH));
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    if (error.kind === 'depth') fail('HEADER_TOO_DEEP', `header ${error.message}`);
    if (error.kind === 'duplicate') {
      if (error.depth === 1) fail('DUPLICATE_TENSOR_NAME', `tensor name ${JSON.stringify(error.key)} appears twice in the header`);
      fail('HEADER_DUPLICATE_KEY', `header ${error.message}`);
    }
    return fail('HEADER_INVALID_JSON', `header is not valid JSON: ${error.message}`);
  }
  if (names === undefined) return fail('HEADER_NOT_OBJECT', 'header must be a JSON object');

  const metadata: Record<string, string> = {};
  const entries: SafetensorsHeaderEntry[] = [];
  for (const name of names) {
    const value = field(root, name)!;
    if (name === METADATA_KEY) {
      const keys = objectKeys(value);
      if (keys === undefined) return fail('METADATA_INVALID', `${METADATA_KEY} must be an object of strings`);
      for (const key of keys) {
        const item = field(value, key);
        if (typeof item !== 'string') fail('METADATA_INVALID', `${METADATA_KEY}[${JSON.stringify(key)}] must be a string`);
        Object.defineProperty(metadata, key, { value: item, enumerable: true, writable: true, configurable: true });
      }
      continue;
    }
    if (!isWellFormedString(name)) fail('TENSOR_NAME_INVALID', `tensor name ${JSON.stringify(name)} has an unpaired surrogate`);
    const unknown = findKey(value, isEntryField);
    if (unknown === undefined) return fail('TENSOR_ENTRY_INVALID', `tensor ${JSON.stringify(name)} must be an object {dtype, shape, data_offsets}`);
    if (unknown !== null) {
      fail('TENSOR_ENTRY_INVALID', `tensor ${JSON.stringify(name)} has unknown field ${JSON.stringify(unknown)}; expected dtype, shape, data_offsets`);
    }
    const dtype = field(value, 'dtype');
    if (typeof dtype !== 'string') fail('TENSOR_ENTRY_INVALID', `tensor ${JSON.stringify(name)}: dtype must be a string`);
    if (!isSafetensorsDType(dtype)) {
      fail('DTYPE_UNSUPPORTED', `tensor ${JSON.stringify(name)}: dtype ${JSON.stringify(dtype)} is not one of ${Object.keys(DTYPES).join(', ')}`);
    }
    const shapeValue = field(value, 'shape');
    const offsetsValue = field(value, 'data_offsets');
    if (shapeValue === undefined || offsetsValue === undefined) {
      fail('TENSOR_ENTRY_INVALID', `tensor ${JSON.stringify(name)} must have shape and data_offsets`);
    }
    const shape = integerList(shapeValue, name, 'shape', 'SHAPE_INVALID');
    const offsets = integerList(offsetsValue, name, 'data_offsets', 'OFFSETS_INVALID');
    if (offsets.length !== 2) fail('OFFSETS_INVALID', `tensor ${JSON.stringify(name)}: data_offsets must be [begin, end], got ${offsets.length} numbers`);
    const [begin, end] = offsets as [number, number];
    const dataOffsets = offsets as [number, number];
    if (end < begin) fail('OFFSETS_INVALID', `tensor ${JSON.stringify(name)}: data_offsets [${begin}, ${end}] end before they begin`);
    let size = DTYPES[dtype].bytes;
    for (const d of shape) {
      size *= d;
      if (size > Number.MAX_SAFE_INTEGER) fail('SIZE_OVERFLOW', `tensor ${JSON.stringify(name)}: shape [${shape.join(', ')}] of ${dtype} overflows 2^53 bytes`);
    }
    if (end - begin !== size) {
      fail('SIZE_MISMATCH', `tensor ${JSON.stringify(name)}: shape [${shape.join(', ')}] of ${dtype} needs ${size} bytes, data_offsets give ${end - begin}`);
    }
    entries.push({ name, dtype, shape, dataOffsets });
  }
  entries.sort((a, b) => a.dataOffsets[0] - b.dataOffsets[0] || a.dataOffsets[1] - b.dataOffsets[1]);
  let cursor = 0;
  for (const entry of entries) {
    if (entry.dataOffsets[0] !== cursor) {
      fail('OFFSETS_NOT_CONTIGUOUS', `tensor ${JSON.stringify(entry.name)} begins at byte ${entry.dataOffsets[0]}, expected ${cursor} (tensors must be sorted, contiguous and non-overlapping)`);
    }
    cursor = entry.dataOffsets[1];
  }
  const dataStart = 8 + headerLength;
  const dataLength = bytes.length - dataStart;
  if (cursor > dataLength) fail('DATA_TRUNCATED', `tensors need ${cursor} data bytes, the file has ${dataLength}`);
  if (cursor < dataLength) fail('TRAILING_BYTES', `file has ${dataLength - cursor} bytes after the last tensor`);
  return { metadata, entries, dataStart };
}

/**
 * Reads a safetensors file. The whole header is validated first; then each tensor is copied into
 * a fresh typed array (so views never alias the input and are aligned). Either every tensor is
 * returned or a ModelLoadError is thrown.
 */
export function readSafetensors(input: Uint8Array | ArrayBuffer): SafetensorsFile {
  const bytes = asBytes(input);
  const header = readSafetensorsHeader(bytes);
  const tensors = new Map<string, SafetensorsTensor>();
  for (const entry of header.entries) {
    const info = DTYPES[entry.dtype];
    const begin = header.dataStart + entry.dataOffsets[0];
    const byteLength = entry.dataOffsets[1] - entry.dataOffsets[0];
    const data = info.create(byteLength / info.bytes);
    const target = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    if (HOST_IS_LITTLE_ENDIAN || info.bytes === 1) target.set(bytes.subarray(begin, begin + byteLength));
    else {
      for (let i = 0; i < byteLength; i += info.bytes) {
        for (let b = 0; b < info.bytes; b++) target[i + b] = bytes[begin + i + info.bytes - 1 - b]!;
      }
    }
    tensors.set(entry.name, { dtype: entry.dtype, shape: entry.shape, data });
  }
  return { metadata: header.metadata, tensors };
}
