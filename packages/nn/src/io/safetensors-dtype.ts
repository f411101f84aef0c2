/**
 * The closed set of safetensors dtypes Neurite reads and writes, with their element sizes and the
 * typed array that holds their raw little-endian values.
 *
 * - F64, F32, I64 (BigInt64Array), I32, I16, I8, U8: the values themselves.
 * - F16 and BF16: raw 16-bit patterns in a Uint16Array (bit-exact round trip); `decodeHalf` and
 *   `decodeBfloat16` convert them to float32. Neurite computes in float32, so loading an F16/BF16
 *   tensor into a model decodes it.
 * Any other dtype (BOOL, U16, U32, U64, F8_*) is rejected with code DTYPE_UNSUPPORTED.
 */
export type SafetensorsDType = 'F64' | 'F32' | 'F16' | 'BF16' | 'I64' | 'I32' | 'I16' | 'I8' | 'U8';

export type SafetensorsData =
  | Float64Array
  | Float32Array
  | Uint16Array
  | BigInt64Array
  | Int32Array
  | Int16Array
  | Int8Array
  | Uint8Array;

interface DTypeInfo {
  bytes: number;
  create: (length: number) => SafetensorsData;
  accepts: (data: unknown) => boolean;
}

export const DTYPES: Readonly<Record<SafetensorsDType, DTypeInfo>> = {
  F64: { bytes: 8, create: (n) => new Float64Array(n), accepts: (d) => d instanceof Float64Array },
  F32: { bytes: 4, create: (n) => new Float32Array(n), accepts: (d) => d instanceof Float32Array },
  F16: { bytes: 2, create: (n) => new Uint16Array(n), accepts: (d) => d instanceof Uint16Array },
  BF16: { bytes: 2, create: (n) => new Uint16Array(n), accepts: (d) => d instanceof Uint16Array },
  I64: { bytes: 8, create: (n) => new BigInt64Array(n), accepts: (d) => d instanceof BigInt64Array },
  I32: { bytes: 4, create: (n) => new Int32Array(n), accepts: (d) => d instanceof Int32Array },
  I16: { bytes: 2, create: (n) => new Int16Array(n), accepts: (d) => d instanceof Int16Array },
  I8: { bytes: 1, create: (n) => new Int8Array(n), accepts: (d) => d instanceof Int8Array },
  U8: { bytes: 1, create: (n) => new Uint8Array(n), accepts: (d) => d instanceof Uint8Array },
};

export function isSafetensorsDType(name: string): name is SafetensorsDType {
  return Object.prototype.hasOwnProperty.call(DTYPES, name);
}

/** IEEE 754 binary16 bit patterns to float32 (exact: every half is a float). */
export function decodeHalf(bits: Uint16Array): Float32Array {
  const out = new Float32Array(bits.length);
  for (let i = 0; i < bits.length; i++) {
    const h = bits[i]!;
    const sign = h & 0x8000 ? -1 : 1;
    const exponent = (h >>> 10) & 0x1f;
    const mantissa = h & 0x3ff;
    if (exponent === 0) out[i] = sign * mantissa * 2 ** -24;
    else if (exponent === 31) out[i] = mantissa === 0 ? sign * Infinity : NaN;
    else out[i] = sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
  }
  return out;
}

/** bfloat16 bit patterns (the high half of a float32) to float32, exactly. */
export function decodeBfloat16(bits: Uint16Array): Float32Array {
  const words = new Uint32Array(bits.length);
  for (let i = 0; i < bits.length; i++) words[i] = bits[i]! << 16;
  return new Float32Array(words.buffer);
}

export const HOST_IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
