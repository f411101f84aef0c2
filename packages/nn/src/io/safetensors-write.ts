import { ModelSaveError } from '../errors.ts';
import { DTYPES, HOST_IS_LITTLE_ENDIAN, isSafetensorsDType, type SafetensorsData, type SafetensorsDType } from './safetensors-dtype.ts';

/** One tensor of a safetensors file: dtype, shape and row-major values. */
export interface SafetensorsTensor {
  dtype: SafetensorsDType;
  shape: readonly number[];
  data: SafetensorsData;
}

export const METADATA_KEY = '__metadata__';

/** True when `s` has no unpaired UTF-16 surrogate (so it encodes to UTF-8 and back unchanged). */
export function isWellFormedString(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (!(d >= 0xdc00 && d <= 0xdfff)) return false;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) return false;
  }
  return true;
}

/**
 * Serializes tensors to the safetensors format: an 8-byte little-endian header length N, N bytes of
 * UTF-8 JSON (`{"__metadata__": {...}, name: {dtype, shape, data_offsets: [begin, end]}, ...}`,
 * padded with spaces to a multiple of 8), then the tensors' little-endian bytes back to back, in the
 * order given. Offsets are relative to the start of the data section.
 */
export function writeSafetensors(
  tensors: Iterable<readonly [string, SafetensorsTensor]> | Readonly<Record<string, SafetensorsTensor>>,
  metadata: Readonly<Record<string, string>> = {},
): Uint8Array {
  const entries: (readonly [string, SafetensorsTensor])[] =
    Symbol.iterator in Object(tensors)
      ? [...(tensors as Iterable<readonly [string, SafetensorsTensor]>)]
      : Object.entries(tensors as Record<string, SafetensorsTensor>);
  const header: Record<string, unknown> = {};
  const metaOut: Record<string, string> = {};
  for (const [key, value] of Object.entries(metadata)) {
    if (typeof value !== 'string' || !isWellFormedString(key) || !isWellFormedString(value)) {
      throw new ModelSaveError(`metadata[${JSON.stringify(key)}] must be a well-formed string, got ${typeof value}`);
    }
    metaOut[key] = value;
  }
  if (Object.keys(metaOut).length > 0) header[METADATA_KEY] = metaOut;
  const seen = new Set<string>();
  let offset = 0;
  for (const [name, tensor] of entries) {
    if (name === METADATA_KEY || !isWellFormedString(name)) {
      throw new ModelSaveError(`tensor name ${JSON.stringify(name)} is reserved or not a well-formed string`);
    }
    if (seen.has(name)) throw new ModelSaveError(`tensor name ${JSON.stringify(name)} appears twice`);
    seen.add(name);
    if (!isSafetensorsDType(tensor.dtype)) {
      throw new ModelSaveError(`tensor ${JSON.stringify(name)}: dtype ${String(tensor.dtype)} is not one of ${Object.keys(DTYPES).join(', ')}`);
    }
    const info = DTYPES[tensor.dtype];
    if (!info.accepts(tensor.data)) {
      throw new ModelSaveError(`tensor ${JSON.stringify(name)}: data must be the typed array of dtype ${tensor.dtype}, got ${tensor.data?.constructor?.name}`);
    }
    let count = 1;
    for (const d of tensor.shape) {
      if (!Number.isSafeInteger(d) || d < 0) throw new ModelSaveError(`tensor ${JSON.stringify(name)}: shape [${tensor.shape.join(', ')}] must hold non-negative integers`);
      count *= d;
    }
    if (count !== tensor.data.length) {
      throw new ModelSaveError(`tensor ${JSON.stringify(name)}: shape [${tensor.shape.join(', ')}] holds ${count} values, data has ${tensor.data.length}`);
    }
    const bytes = count * info.bytes;
    header[name] = { dtype: tensor.dtype, shape: [...tensor.shape], data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  let json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil(json.length / 8) * 8;
  const out = new Uint8Array(8 + padded + offset);
  const view = new DataView(out.buffer);
  view.setUint32(0, padded, true);
  view.setUint32(4, Math.floor(padded / 2 ** 32), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + padded);
  json = new Uint8Array(0);
  let at = 8 + padded;
  for (const [, tensor] of entries) {
    const data = tensor.data;
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    if (HOST_IS_LITTLE_ENDIAN || data.BYTES_PER_ELEMENT === 1) out.set(bytes, at);
    else {
      const size = data.BYTES_PER_ELEMENT;
      for (let i = 0; i < bytes.length; i += size) {
        for (let b = 0; b < size; b++) out[at + i + b] = bytes[i + size - 1 - b]!;
      }
    }
    at += bytes.length;
  }
  return out;
}
