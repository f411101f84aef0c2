// KBinsDiscretizer against scikit-learn 1.9.1 (fixtures/discretizers.json); FeatureCross and
// crossTokens by construction.
import { ArgumentError, NotFittedError, ShapeError } from '@neurite/tensor';
import { describe, expect, it } from 'vitest';
import { expectClose } from '@neurite/tensor/testing';
import { flat, loadFixture, ORACLE, rowsOf, vectorOf } from '../../test/fixtures.ts';
import { FeatureHasher } from '../hashing/feature-hasher.ts';
import { crossTokens, FeatureCross } from './feature-cross.ts';
import { KBinsDiscretizer } from './k-bins-discretizer.ts';

const fx = loadFixture('discretizers.json');
const X = rowsOf(fx.X), test = rowsOf(fx.test);

describe('KBinsDiscretizer (scikit-learn oracle)', () => {
  for (const [name, c] of Object.entries<any>(fx.cases)) {
    it(name, () => {
      const params = { nBins: c.params.n_bins, strategy: c.params.strategy, quantileMethod: c.params.quantile_method ?? 'averaged_inverted_cdf' };
      const k = new KBinsDiscretizer({ ...params, encode: 'ordinal' }).fit(X);
      // uniform and quantile edges are exact; k-means centres are means summed in another order (1e-12)
      if (c.params.strategy === 'kmeans') k.binEdges.forEach((e, j) => expectClose(e, vectorOf(c.bin_edges[j]), ORACLE));
      else k.binEdges.forEach((e, j) => expect(Array.from(e), `column ${j}`).toEqual(vectorOf(c.bin_edges[j])));
      expect(k.binCounts).toEqual(c.n_bins);
      expect(Array.from(k.transform(test).data)).toEqual(Array.from(flat(c.ordinal)));
      const onehot = new KBinsDiscretizer({ ...params, encode: 'onehot' }).fit(X);
      expect(Array.from(onehot.transform(test.slice(0, 4)).data)).toEqual(Array.from(flat(c.onehot)));
    });
  }
  it("'fixed' uses the caller's edges: bin = number of edges <= x", () => {
    const k = new KBinsDiscretizer({ strategy: 'fixed', edges: [[0, 10, 20]], encode: 'ordinal' }).fit([[5]]);
    expect(Array.from(k.transform([[-1], [0], [9.99], [10], [25]]).data)).toEqual([0, 1, 1, 2, 3]);
    expect(Array.from(k.inverseTransform([[1], [0], [3]]).data)).toEqual([5, 0, 20]);
    expect(() => new KBinsDiscretizer({ strategy: 'fixed', edges: [[1, 1]] })).toThrow(/strictly ascending/);
    expect(() => new KBinsDiscretizer({ strategy: 'fixed' })).toThrow(/needs edges/);
  });
  it('validates and serialises', () => {
    expect(() => new KBinsDiscretizer({ nBins: 1 })).toThrow(ShapeError);
    expect(() => new KBinsDiscretizer({ nBins: [3, 3] }).fit(X)).toThrow(/nBins has 2 entries for 4 columns/);
    expect(() => new KBinsDiscretizer().transform(X)).toThrow(NotFittedError);
    const k = new KBinsDiscretizer({ nBins: 4 }).fit(X); // the constant column has infinite edges
    const back = KBinsDiscretizer.fromJSON(JSON.parse(JSON.stringify(k)));
    expect(Array.from(back.transform(test).data)).toEqual(Array.from(k.transform(test).data));
  });
});

describe('FeatureCross', () => {
  // latitude in [0, 3), longitude in [0, 2): unit buckets
  const points = [[0.5, 0.5], [0.5, 1.5], [2.5, 0.2], [1.2, 1.9]];
  const lattice = { strategy: 'fixed' as const, edges: [[1, 2], [1]], crosses: [[0, 1]] };
  it('gives each grid cell its row-major id and one indicator column', () => {
    const c = new FeatureCross({ ...lattice, output: 'index' }).fit(points);
    expect(c.sizes).toEqual([6]);
    expect(Array.from(c.transform(points).data)).toEqual([0, 1, 4, 3]);
    const onehot = new FeatureCross(lattice).fit(points).transform(points);
    expect(onehot.cols).toBe(6);
    expect(Array.from(onehot.data.slice(6, 12))).toEqual([0, 1, 0, 0, 0, 0]);
  });
  it('crosses learned uniform buckets and hashes large grids into hashBuckets', () => {
    const c = new FeatureCross({ crosses: [[0, 1], [1, 0]], nBins: 4, output: 'index' }).fit(points);
    expect(c.sizes).toEqual([16, 16]);
    const hashed = new FeatureCross({ crosses: [[0, 1]], nBins: 4, hashBuckets: 7, output: 'index' }).fit(points).transform(points);
    for (const v of hashed.data) expect(v >= 0 && v < 7 && Number.isInteger(v)).toBe(true);
    const back = FeatureCross.fromJSON(JSON.parse(JSON.stringify(c)));
    expect(Array.from(back.transform(points).data)).toEqual(Array.from(c.transform(points).data));
  });
  it('checks its columns', () => {
    expect(() => new FeatureCross({ crosses: [[0]] })).toThrow(/at least two columns/);
    expect(() => new FeatureCross({ crosses: [[0, 5]] }).fit(points)).toThrow(/column 5/);
    expect(() => new FeatureCross({ crosses: [[0, 1]], output: 'sparse' as never })).toThrow(ArgumentError);
  });
  it('crossTokens conjoins categorical values for hashing', () => {
    const tokens = crossTokens([['NY', 'mon', 'rain'], ['SF', 'tue', 'sun']], [[0, 1], [0, 1, 2]]);
    expect(tokens).toEqual([['0x1=NY|mon', '0x1x2=NY|mon|rain'], ['0x1=SF|tue', '0x1x2=SF|tue|sun']]);
    expect(new FeatureHasher({ inputType: 'string', nFeatures: 1024 }).transform(tokens).indices.length).toBe(4);
  });
});
