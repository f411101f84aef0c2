import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ModelLoadError, ModelSaveError } from '../errors.ts';
import { decodeBfloat16, decodeHalf, type SafetensorsDType } from './safetensors-dtype.ts';
import { MAX_HEADER_BYTES, readSafetensors, readSafetensorsHeader } from './safetensors-read.ts';
import { type SafetensorsTensor, writeSafetensors } from './safetensors-write.ts';

const SEED = 20261124;

function ascii(s: string): number[] {
  return [...s].map((c) => c.charCodeAt(0));
}

/** A file assembled byte by byte: u64 LE header length, JSON header, little-endian data. */
function rawFile(header: string, data: number[] = [], declaredLength?: number): Uint8Array {
  const length = declaredLength ?? header.length;
  const out = new Uint8Array(8 + header.length + data.length);
  new DataView(out.buffer).setUint32(0, length, true);
  out.set(ascii(header), 8);
  out.set(data, 8 + header.length);
  return out;
}

function loadCode(bytes: Uint8Array): string {
  try {
    readSafetensors(bytes);
  } catch (error) {
    if (error instanceof ModelLoadError) return error.code;
    throw error;
  }
  return 'OK';
}

describe('writeSafetensors', () => {
  it('writes the exact bytes of the format (written out by hand)', () => {
    const bytes = writeSafetensors({ a: { dtype: 'F32', shape: [2], data: new Float32Array([1, -2]) } }, { format: 'pt' });
    const expected = [
      0x58, 0, 0, 0, 0, 0, 0, 0, // header length 88, u64 little-endian
      ...ascii('{"__metadata__":{"format":"pt"},"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}   '),
      0x00, 0x00, 0x80, 0x3f, // 1.0f
      0x00, 0x00, 0x00, 0xc0, // -2.0f
    ];
    expect([...bytes]).toEqual(expected);
  });

  it('omits empty metadata and places tensors back to back in the given order', () => {
    const bytes = writeSafetensors([
      ['z', { dtype: 'U8', shape: [3], data: new Uint8Array([1, 2, 3]) }],
      ['a', { dtype: 'I32', shape: [], data: new Int32Array([-1]) }],
    ]);
    const header = readSafetensorsHeader(bytes);
    expect(header.metadata).toEqual({});
    expect(header.entries.map((e) => [e.name, e.dataOffsets])).toEqual([['z', [0, 3]], ['a', [3, 7]]]);
    expect((header.dataStart - 8) % 8).toBe(0);
  });

  it('rejects bad input with ModelSaveError', () => {
    const f = new Float32Array(2);
    expect(() => writeSafetensors({ a: { dtype: 'F32', shape: [3], data: f } })).toThrow(ModelSaveError);
    expect(() => writeSafetensors({ a: { dtype: 'F64', shape: [2], data: f } })).toThrow(/typed array of dtype F64/);
    expect(() => writeSafetensors({ a: { dtype: 'BOOL' as SafetensorsDType, shape: [2], data: f } })).toThrow(ModelSaveError);
    expect(() => writeSafetensors({ __metadata__: { dtype: 'F32', shape: [2], data: f } })).toThrow(/reserved/);
    expect(() => writeSafetensors({ '\ud800': { dtype: 'F32', shape: [2], data: f } })).toThrow(ModelSaveError);
    expect(() => writeSafetensors({ a: { dtype: 'F32', shape: [-2], data: f } })).toThrow(/non-negative/);
  });
});

describe('readSafetensors', () => {
  it('reads a file written by hand, including a rank-0 tensor and the reference padding', () => {
    const header = '{"b":{"dtype":"I32","shape":[],"data_offsets":[0,4]},"__metadata__":{"k":"v"}}';
    const file = rawFile(header + ' '.repeat(8 - (header.length % 8)), [0xff, 0xff, 0xff, 0xff]);
    const { tensors, metadata } = readSafetensors(file);
    expect(metadata).toEqual({ k: 'v' });
    expect(tensors.get('b')).toEqual({ dtype: 'I32', shape: [], data: new Int32Array([-1]) });
  });

  it('decodes F16 and BF16 exactly', () => {
    expect([...decodeHalf(new Uint16Array([0x3c00, 0xc000, 0x0001, 0x7bff, 0x7c00, 0xfc00]))]).toEqual([1, -2, 2 ** -24, 65504, Infinity, -Infinity]);
    expect(Number.isNaN(decodeHalf(new Uint16Array([0x7e00]))[0])).toBe(true);
    expect([...decodeBfloat16(new Uint16Array([0x3f80, 0xc000]))]).toEqual([1, -2]);
  });

  const cases: [string, () => Uint8Array][] = [
    ['FILE_TOO_SHORT', () => new Uint8Array(7)],
    ['HEADER_TOO_LARGE', () => rawFile('{}', [], MAX_HEADER_BYTES + 1)],
    ['HEADER_TOO_LARGE', () => { const f = rawFile('{}'); f[5] = 1; return f; }],
    ['HEADER_TRUNCATED', () => rawFile('{}', [], 40)],
    ['HEADER_NOT_UTF8', () => { const f = rawFile('{"\u00ff":1}'); f[10] = 0xc3; f[11] = 0x28; return f; }],
    ['HEADER_NOT_OBJECT', () => rawFile('[1]')],
    ['HEADER_INVALID_JSON', () => rawFile('{"a":')],
    ['HEADER_INVALID_JSON', () => rawFile('{"a":{"dtype":"F32","shape":[01],"data_offsets":[0,4]}}')],
    ['HEADER_TOO_DEEP', () => rawFile('{"a":' + '['.repeat(20) + ']'.repeat(20) + '}')],
    ['DUPLICATE_TENSOR_NAME', () => rawFile('{"a":{"dtype":"U8","shape":[0],"data_offsets":[0,0]},"a":{"dtype":"U8","shape":[0],"data_offsets":[0,0]}}')],
    ['HEADER_DUPLICATE_KEY', () => rawFile('{"a":{"dtype":"U8","dtype":"U8","shape":[0],"data_offsets":[0,0]}}')],
    ['METADATA_INVALID', () => rawFile('{"__metadata__":{"k":1}}')],
    ['METADATA_INVALID', () => rawFile('{"__metadata__":[]}')],
    ['TENSOR_NAME_INVALID', () => rawFile('{"\\ud800":{"dtype":"U8","shape":[0],"data_offsets":[0,0]}}')],
    ['TENSOR_ENTRY_INVALID', () => rawFile('{"a":1}')],
    ['TENSOR_ENTRY_INVALID', () => rawFile('{"a":{"dtype":"U8","shape":[0],"data_offsets":[0,0],"x":1}}')],
    ['TENSOR_ENTRY_INVALID', () => rawFile('{"a":{"dtype":"U8","shape":[0]}}')],
    ['DTYPE_UNSUPPORTED', () => rawFile('{"a":{"dtype":"BOOL","shape":[0],"data_offsets":[0,0]}}')],
    ['SHAPE_INVALID', () => rawFile('{"a":{"dtype":"U8","shape":[-1],"data_offsets":[0,0]}}')],
    ['SHAPE_INVALID', () => rawFile('{"a":{"dtype":"U8","shape":[1.5],"data_offsets":[0,0]}}')],
    ['SHAPE_INVALID', () => rawFile('{"a":{"dtype":"U8","shape":[99999999999999999],"data_offsets":[0,0]}}')],
    ['SIZE_OVERFLOW', () => rawFile('{"a":{"dtype":"F64","shape":[4294967296,4294967296],"data_offsets":[0,0]}}')],
    ['OFFSETS_INVALID', () => rawFile('{"a":{"dtype":"U8","shape":[1],"data_offsets":[1,0]}}')],
    ['OFFSETS_INVALID', () => rawFile('{"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1,2]}}')],
    ['SIZE_MISMATCH', () => rawFile('{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}', [0, 0, 0, 0])],
    ['OFFSETS_NOT_CONTIGUOUS', () => rawFile('{"a":{"dtype":"U8","shape":[1],"data_offsets":[1,2]}}', [0, 0])],
    ['OFFSETS_NOT_CONTIGUOUS', () => rawFile('{"a":{"dtype":"U8","shape":[2],"data_offsets":[0,2]},"b":{"dtype":"U8","shape":[2],"data_offsets":[1,3]}}', [0, 0, 0])],
    ['DATA_TRUNCATED', () => rawFile('{"a":{"dtype":"U8","shape":[2],"data_offsets":[0,2]}}', [0])],
    ['TRAILING_BYTES', () => rawFile('{"a":{"dtype":"U8","shape":[2],"data_offsets":[0,2]}}', [0, 0, 0])],
  ];
  it.each(cases)('rejects with code %s', (code, make) => {
    expect(loadCode(make())).toBe(code);
  });
});

const DTYPE_LIST: SafetensorsDType[] = ['F64', 'F32', 'F16', 'BF16', 'I64', 'I32', 'I16', 'I8', 'U8'];

/** Random tensors of every dtype, made from random bytes so NaN payloads and -0 are covered. */
const tensorArb: fc.Arbitrary<SafetensorsTensor> = fc
  .record({
    dtype: fc.constantFrom(...DTYPE_LIST),
    shape: fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 3 }),
    seed: fc.uint8Array({ minLength: 0, maxLength: 64 * 8 }),
  })
  .map(({ dtype, shape, seed }) => {
    const count = shape.reduce((a, b) => a * b, 1);
    const sizes: Record<SafetensorsDType, number> = { F64: 8, F32: 4, F16: 2, BF16: 2, I64: 8, I32: 4, I16: 2, I8: 1, U8: 1 };
    const bytes = new Uint8Array(count * sizes[dtype]);
    for (let i = 0; i < bytes.length; i++) bytes[i] = seed.length > 0 ? seed[i % seed.length]! ^ (i * 37) : i;
    const b = bytes.buffer;
    const data =
      dtype === 'F64' ? new Float64Array(b) : dtype === 'F32' ? new Float32Array(b) : dtype === 'I64' ? new BigInt64Array(b)
      : dtype === 'I32' ? new Int32Array(b) : dtype === 'I16' ? new Int16Array(b) : dtype === 'I8' ? new Int8Array(b)
      : dtype === 'U8' ? new Uint8Array(b) : new Uint16Array(b);
    return { dtype, shape, data };
  });

const fileArb = fc.record({
  tensors: fc.uniqueArray(fc.tuple(fc.string({ unit: 'grapheme', maxLength: 8 }), tensorArb), { maxLength: 5, selector: (t) => t[0] }),
  metadata: fc.dictionary(fc.string({ unit: 'grapheme', maxLength: 6 }), fc.string({ unit: 'grapheme', maxLength: 6 }), { maxKeys: 3 }),
}).filter(({ tensors }) => tensors.every(([name]) => name !== '__metadata__'));

function bytesOf(data: SafetensorsTensor['data']): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

describe('properties', () => {
  it('round trips bit-exactly (NaN payloads, -0, every dtype)', () => {
    fc.assert(
      fc.property(fileArb, ({ tensors, metadata }) => {
        const file = readSafetensors(writeSafetensors(tensors, metadata));
        expect(file.metadata).toEqual(metadata);
        expect([...file.tensors.keys()]).toEqual(tensors.map(([n]) => n));
        for (const [name, tensor] of tensors) {
          const back = file.tensors.get(name)!;
          expect(back.dtype).toBe(tensor.dtype);
          expect(back.shape).toEqual(tensor.shape);
          expect(back.data.constructor).toBe(tensor.data.constructor);
          expect(bytesOf(back.data)).toEqual(bytesOf(tensor.data));
        }
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('mutated files give a valid result or a ModelLoadError, never another exception', () => {
    const mutation = fc.oneof(
      fc.record({ kind: fc.constant('byte' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
      fc.record({ kind: fc.constant('truncate' as const), at: fc.nat(), value: fc.constant(0) }),
      fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
      fc.record({ kind: fc.constant('digit' as const), at: fc.nat(), value: fc.integer({ min: 0x30, max: 0x39 }) }),
    );
    fc.assert(
      fc.property(fileArb, fc.array(mutation, { minLength: 1, maxLength: 4 }), ({ tensors, metadata }, mutations) => {
        let bytes = writeSafetensors(tensors, metadata);
        for (const m of mutations) {
          if (bytes.length === 0) break;
          const at = m.at % bytes.length;
          if (m.kind === 'truncate') bytes = bytes.slice(0, at);
          else if (m.kind === 'insert') bytes = new Uint8Array([...bytes.subarray(0, at), m.value, ...bytes.subarray(at)]);
          else if (m.kind === 'digit') {
            // Rewrite a digit of the header: exercises offset and shape checks more than random bytes do.
            const digits = [...bytes.subarray(8, Math.min(bytes.length, 8 + 400))].flatMap((b, i) => (b >= 0x30 && b <= 0x39 ? [8 + i] : []));
            if (digits.length > 0) bytes[digits[at % digits.length]!] = m.value;
          } else bytes[at] = m.value;
        }
        try {
          const file = readSafetensors(bytes);
          for (const t of file.tensors.values()) expect(t.data.length).toBe(t.shape.reduce((a, b) => a * b, 1));
        } catch (error) {
          if (!(error instanceof ModelLoadError)) throw error;
        }
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it('rejects a header nested 100,000 deep without recursing', () => {
    const deep = rawFile('{"a":' + '['.repeat(100_000) + ']'.repeat(100_000) + '}');
    expect(loadCode(deep)).toBe('HEADER_TOO_DEEP');
  });
});

describe('errors', () => {
  it('ModelLoadError is a NeuriteError with its code', async () => {
    const { NeuriteError } = await import('@neurite/tensor');
    try {
      readSafetensors(new Uint8Array(3));
    } catch (error) {
      expect(error).toBeInstanceOf(NeuriteError);
      expect(error).toBeInstanceOf(ModelLoadError);
      expect((error as ModelLoadError).code).toBe('FILE_TOO_SHORT');
      expect((error as Error).name).toBe('ModelLoadError');
    }
    expect.assertions(4);
  });
});
