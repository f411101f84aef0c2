// MurmurHash3 and FeatureHasher against scikit-learn 1.9.1 (fixtures/hashing.json): every hash,
// column, sign and CSR array must be equal, not close.
import { ArgumentError, ShapeError } from '@neurite/tensor';
import { describe, expect, it } from 'vitest';
import { loadFixture } from '../../test/fixtures.ts';
import { collisionStatistics } from './collisions.ts';
import { FeatureHasher, type HashInput } from './feature-hasher.ts';
import { hashedColumn, murmurhash3, murmurhash3Bytes, murmurhash3String } from './murmurhash3.ts';
import { RowAccumulator } from './row-accumulator.ts';
import { checkCsr, toDense } from './sparse.ts';

const fx = loadFixture('hashing.json');

describe('murmurhash3 (scikit-learn murmurhash3_32 oracle)', () => {
  it('hashes strings (ASCII, every UTF-8 length, astral characters) with any seed, signed and positive', () => {
    expect(fx.murmurhash3.length).toBeGreaterThan(100);
    for (const c of fx.murmurhash3) {
      expect(murmurhash3(c.key, c.seed), `${JSON.stringify(c.key)} seed ${c.seed}`).toBe(c.signed);
      expect(murmurhash3(c.key, c.seed, true)).toBe(c.positive);
      expect(murmurhash3Bytes(new TextEncoder().encode(c.key), c.seed)).toBe(c.signed);
    }
  });
  it('hashes int32 keys as their 4 little-endian bytes', () => {
    for (const c of fx.murmurhash3_int) expect(murmurhash3(c.key, c.seed), `${c.key} seed ${c.seed}`).toBe(c.signed);
  });
  it('hashes a lone surrogate as U+FFFD, as TextEncoder encodes it', () => {
    for (const s of ['\ud800', 'a\udc00b', 'x\ud83d', '\ud83d\ud83d\ude00']) {
      expect(murmurhash3String(s, 3)).toBe(murmurhash3Bytes(new TextEncoder().encode(s), 3));
    }
  });
  it('rejects a bad key or seed with a typed error', () => {
    expect(() => murmurhash3(1.5)).toThrow(ArgumentError);
    expect(() => murmurhash3('a', -1)).toThrow(/seed/);
    expect(() => murmurhash3({} as never)).toThrow(/key must be/);
  });
  it("maps h = -2^31 to scikit-learn's column, never a negative one", () => {
    expect(hashedColumn(-0x80000000, 1 << 20)).toBe((0x7fffffff - ((1 << 20) - 1)) % (1 << 20));
    expect(hashedColumn(-0x80000000, 10)).toBe(8); // abs(-2^31) mod 10 = 2147483648 mod 10
    expect(hashedColumn(-7, 4)).toBe(3);
  });
});

describe('FeatureHasher (scikit-learn oracle)', () => {
  for (const c of fx.hasher) {
    it(c.name, () => {
      const h = new FeatureHasher({
        inputType: c.input_type, nFeatures: c.params.n_features ?? 2 ** 20, alternateSign: c.params.alternate_sign ?? true,
      });
      const out = h.transform(c.samples as HashInput);
      expect(out.shape).toEqual(c.shape);
      expect(Array.from(out.indptr)).toEqual(c.indptr);
      expect(Array.from(out.indices)).toEqual(c.indices);
      expect(Array.from(out.data)).toEqual(c.data);
      checkCsr(out, 'hasher output');
    });
  }
  it('takes Maps like objects, and pairs like dicts', () => {
    const h = new FeatureHasher({ nFeatures: 64 });
    const obj = h.transform([{ a: 1, b: 'x', c: -2 }]);
    const map = h.transform([new Map<string, number | string>([['a', 1], ['b', 'x'], ['c', -2]])]);
    const pairs = new FeatureHasher({ nFeatures: 64, inputType: 'pair' }).transform([[['a', 1], ['b', 'x'], ['c', -2]]]);
    expect(map).toEqual(obj);
    expect(pairs).toEqual(obj);
  });
  it('toDense sums into a rows x nFeatures matrix', () => {
    const h = new FeatureHasher({ nFeatures: 8, inputType: 'string', alternateSign: false });
    const d = h.transformDense([['a', 'a', 'b'], []]);
    expect(d.rows).toBe(2);
    expect(d.cols).toBe(8);
    expect(d.data.reduce((s, v) => s + v, 0)).toBe(3);
    expect(() => toDense({ indptr: new Int32Array([0, 1]), indices: new Int32Array([9]), data: new Float64Array([1]), shape: [1, 8] })).toThrow(ShapeError);
    expect(() => new FeatureHasher({ nFeatures: 2 ** 30, inputType: 'string' }).transformDense([['a'], ['b']])).toThrow(/more than/);
    const dense = new FeatureHasher({ nFeatures: 8, inputType: 'string', alternateSign: false, output: 'dense' });
    expect(dense.transform([['a', 'b']])).toEqual(toDense(h.transform([['a', 'b']])));
    expect(() => new FeatureHasher({ output: 'csr' as never })).toThrow(/output/);
  });
  it('validates params and samples with typed errors', () => {
    expect(() => new FeatureHasher({ nFeatures: 0 })).toThrow(ShapeError);
    expect(() => new FeatureHasher({ nFeatures: 2 ** 31 })).toThrow(/nFeatures/);
    expect(() => new FeatureHasher({ inputType: 'text' as never })).toThrow(/inputType/);
    const strings = new FeatureHasher({ inputType: 'string' });
    expect(() => strings.transform([])).toThrow(/empty/);
    expect(() => strings.transform(['abc'] as never)).toThrow(/sample 0 must be an array/);
    expect(() => strings.transform([['a', 3]] as never)).toThrow(/names must be strings/);
    expect(() => new FeatureHasher().transform([{ a: NaN }])).toThrow(/finite number or a string/);
    expect(() => new FeatureHasher({ inputType: 'pair' }).transform([[['a']]] as never)).toThrow(/pairs/);
  });
  it('is stateless: transform without fit, fit returns this, JSON round trip', () => {
    const h = new FeatureHasher({ nFeatures: 32, inputType: 'string', seed: 9 });
    expect(h.fit()).toBe(h);
    const back = FeatureHasher.fromJSON(JSON.parse(JSON.stringify(h)));
    expect(back.getParams()).toEqual(h.getParams());
    expect(back.transform([['x', 'y']])).toEqual(h.transform([['x', 'y']]));
  });
});

describe('RowAccumulator', () => {
  it('gives the same rows on its dense and its Map paths: ascending, summed, cancelled sums kept', () => {
    const dense = new RowAccumulator(1 << 21), map = new RowAccumulator((1 << 21) + 1);
    for (const acc of [dense, map]) {
      acc.begin(3);
      for (const [c, v] of [[5, 1], [2, -1], [5, 2], [2, 1], [1_000_000, 0.5]] as const) acc.add(c, v);
      acc.endRow();
      acc.endRow();
      acc.add(7, 3);
      acc.endRow();
    }
    const a = dense.finish(), b = map.finish();
    expect(Array.from(a.indptr)).toEqual([0, 3, 3, 4]);
    expect(Array.from(a.indices)).toEqual([2, 5, 1_000_000, 7]);
    expect(Array.from(a.data)).toEqual([0, 3, 0.5, 3]);
    expect([Array.from(b.indptr), Array.from(b.indices), Array.from(b.data)]).toEqual([Array.from(a.indptr), Array.from(a.indices), Array.from(a.data)]);
  });
  it('reuses its scratch across transform calls without leaking values between rows or calls', () => {
    const h = new FeatureHasher({ nFeatures: 16, inputType: 'string' });
    const first = h.transform([['a', 'b', 'a']]);
    h.transform([['c', 'd', 'e', 'f', 'g']]);
    expect(h.transform([['a', 'b', 'a']])).toEqual(first);
  });
});

describe('collision statistics', () => {
  it('counts distinct names, occupied columns and colliding names exactly', () => {
    const names = Array.from({ length: 300 }, (_, i) => `w${i}`);
    const s = collisionStatistics([...names, ...names], 64);
    const columns = names.map((n) => hashedColumn(murmurhash3String(n), 64));
    const load = new Map<number, number>();
    for (const c of columns) load.set(c, (load.get(c) ?? 0) + 1);
    expect(s.distinctFeatures).toBe(300);
    expect(s.occupiedColumns).toBe(load.size);
    expect(s.collidingFeatures).toBe(columns.filter((c) => load.get(c)! > 1).length);
    expect(s.maxColumnLoad).toBe(Math.max(...load.values()));
    expect(s.collisionRate).toBeCloseTo(s.collidingFeatures / 300, 15);
    // uniform hashing: 64 (1 - (63/64)^300) occupied columns
    expect(s.expectedOccupiedColumns).toBeCloseTo(64 * (1 - (63 / 64) ** 300), 9);
    expect(Math.abs(s.occupiedColumns - s.expectedOccupiedColumns)).toBeLessThan(6);
  });
  it('is reported by the hasher over the composed names of its input', () => {
    const s = new FeatureHasher({ nFeatures: 2 ** 20 }).collisions([{ a: 1, b: 'x' }, { a: 2, b: 'y' }]);
    expect(s.distinctFeatures).toBe(3); // a, b=x, b=y
    expect(s.collidingFeatures).toBe(0);
    expect(collisionStatistics([], 8)).toMatchObject({ distinctFeatures: 0, collisionRate: 0, expectedCollidingFeatures: 0 });
  });
});
