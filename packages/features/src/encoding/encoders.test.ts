// OneHotEncoder and OrdinalEncoder against scikit-learn 1.9.1 (fixtures/encoders.json).
import { ArgumentError, NotFittedError, ShapeError } from '@neurite/tensor';
import { describe, expect, it } from 'vitest';
import { flat, loadFixture, rowsOf } from '../../test/fixtures.ts';
import { compareCodePoints, toCategoricalTable } from './categorical-input.ts';
import { OneHotEncoder } from './one-hot-encoder.ts';
import { OrdinalEncoder } from './ordinal-encoder.ts';
import { checkCsr, toDense } from '../hashing/sparse.ts';

const fx = loadFixture('encoders.json');
const same = (a: ArrayLike<number>, b: ArrayLike<number>) => expect(Array.from(a)).toEqual(Array.from(b));

describe('OneHotEncoder (scikit-learn oracle)', () => {
  it("learns sorted categories (code-point order) and encodes; 'ignore' zeroes unknowns", () => {
    const e = new OneHotEncoder({ handleUnknown: 'ignore' }).fit(fx.train);
    expect(e.categories).toEqual(fx.onehot_ignore.categories);
    same(e.transform(fx.train).data, flat(fx.onehot_ignore.train));
    same(e.transform(fx.test).data, flat(fx.onehot_ignore.test));
    expect(e.inverseTransform(e.transform(fx.known_test))).toEqual(fx.onehot_ignore.inverse_known);
    expect(e.featureNames()).toEqual(fx.onehot_ignore.feature_names);
    const sparse = e.transformSparse(fx.test);
    checkCsr(sparse, 'transformSparse');
    same(toDense(sparse).data, flat(fx.onehot_ignore.test));
  });
  it("drop 'first' and 'if_binary'", () => {
    const e = new OneHotEncoder({ drop: 'first' }).fit(fx.train);
    same(e.transform(fx.known_test).data, flat(fx.onehot_drop_first.known_test));
    expect(e.inverseTransform(e.transform(fx.known_test))).toEqual(fx.onehot_drop_first.inverse_known);
    const b = new OneHotEncoder({ drop: 'if_binary' }).fit(fx.binary);
    same(b.transform(fx.binary).data, flat(fx.onehot_if_binary.train));
    expect(b.featureNames()).toEqual(fx.onehot_if_binary.feature_names);
  });
  for (const name of ['onehot_min_frequency', 'onehot_max_categories', 'onehot_fraction_ignore']) {
    it(`groups infrequent categories: ${name}`, () => {
      const c = fx[name];
      const e = new OneHotEncoder({
        minFrequency: c.params.min_frequency ?? null, maxCategories: c.params.max_categories ?? null,
        handleUnknown: c.params.handle_unknown === 'infrequent_if_exist' ? 'infrequentIfExist' : c.params.handle_unknown,
      }).fit(fx.train);
      expect(e.infrequentCategories).toEqual(c.infrequent);
      same(e.transform(fx.train).data, flat(c.train));
      same(e.transform(fx.test).data, flat(c.test));
      same(toDense(e.transformSparse(fx.test)).data, flat(c.test));
      // scikit-learn names the group "infrequent_sklearn" and inverts it to that string; here "infrequent" and null
      expect(e.featureNames()).toEqual(c.feature_names.map((n: string) => n.replace(/_infrequent_sklearn$/, '_infrequent')));
      expect(e.inverseTransform(e.transform(fx.train))).toEqual(c.inverse_train.map((r: string[]) => r.map((v) => (v === 'infrequent_sklearn' ? null : v))));
      const back = OneHotEncoder.fromJSON(JSON.parse(JSON.stringify(e)));
      same(back.transform(fx.test).data, flat(c.test));
    });
  }
  it('checks the infrequent options', () => {
    expect(() => new OneHotEncoder({ minFrequency: 0 })).toThrow(/minFrequency/);
    expect(() => new OneHotEncoder({ minFrequency: 1.5 })).toThrow(/minFrequency/);
    expect(() => new OneHotEncoder({ maxCategories: 0 })).toThrow(/maxCategories/);
    expect(() => new OneHotEncoder({ maxCategories: 2, drop: 'first' })).toThrow(/not supported/);
    const all = new OneHotEncoder({ maxCategories: 1 }).fit([['a'], ['b'], ['a']]);
    expect(all.featureNames()).toEqual(['x0_infrequent']);
    expect(Array.from(all.transform([['b']]).data)).toEqual([1]);
  });
  it('encodes numeric columns', () => {
    const e = new OneHotEncoder().fit(rowsOf(fx.numeric));
    expect(e.categories).toEqual(fx.onehot_numeric.categories);
    same(e.transform(rowsOf(fx.numeric)).data, flat(fx.onehot_numeric.train));
  });
  it("rejects unknown categories under 'error' naming the cell; accepts the columns layout", () => {
    const e = new OneHotEncoder().fit(fx.train);
    expect(() => e.transform(fx.test)).toThrow(/row 1, column 0 is "purple"/);
    const columns = { columns: [0, 1, 2].map((j) => fx.train.map((r: string[]) => r[j])) };
    same(new OneHotEncoder().fit(columns).transform(columns).data, e.transform(fx.train).data);
  });
  it('takes given categories in their order and checks them', () => {
    const e = new OneHotEncoder({ categories: [['S', 'M', 'L', 'XL']] }).fit([['M'], ['S']]);
    same(e.transform([['L'], ['S']]).data, [0, 0, 1, 0, 1, 0, 0, 0]);
    expect(() => new OneHotEncoder({ categories: [['S']] }).fit([['M']])).toThrow(/not among the given categories/);
    expect(() => new OneHotEncoder({ categories: [['S', 'S']] }).fit([['S']])).toThrow(/duplicates/);
  });
});

describe('OrdinalEncoder (scikit-learn oracle)', () => {
  it('codes categories by sorted index and decodes them', () => {
    const o = new OrdinalEncoder().fit(fx.train);
    expect(o.categories).toEqual(fx.ordinal.categories);
    same(o.transform(fx.train).data, flat(fx.ordinal.train));
    same(o.transform(fx.known_test).data, flat(fx.ordinal.known_test));
    expect(o.inverseTransform(o.transform(fx.known_test))).toEqual(fx.known_test);
  });
  it("'useEncodedValue' writes unknownValue (-1 or NaN)", () => {
    same(new OrdinalEncoder({ handleUnknown: 'useEncodedValue', unknownValue: -1 }).fit(fx.train).transform(fx.test).data, flat(fx.ordinal_unknown.test));
    const nan = new OrdinalEncoder({ handleUnknown: 'useEncodedValue' }).fit(fx.train);
    same(nan.transform(fx.test).data, flat(fx.ordinal_unknown_nan.test));
    expect(nan.inverseTransform(nan.transform([['purple', 'S', 'apple']]))).toEqual([[null, 'S', 'apple']]);
    expect(() => new OrdinalEncoder({ handleUnknown: 'useEncodedValue', unknownValue: 1 }).fit(fx.train)).toThrow(/already the code/);
    expect(() => new OrdinalEncoder().fit(fx.train).transform(fx.test)).toThrow(/"purple"/);
  });
});

describe('categorical input', () => {
  it('orders strings by code point, as NumPy', () => {
    const values = ['\uff21', '\u{1F600}', 'b', '\ue000', 'a', 'ab', ''];
    expect(values.sort(compareCodePoints)).toEqual(['', 'a', 'ab', 'b', '\ue000', '\uff21', '\u{1F600}']);
  });
  it('rejects mixed columns, ragged rows and non-finite numbers with typed errors', () => {
    expect(() => toCategoricalTable([['a'], [1]] as never, 'X')).toThrow(/mixes strings and numbers/);
    expect(() => toCategoricalTable([['a', 'b'], ['c']], 'X')).toThrow(ShapeError);
    expect(() => toCategoricalTable({ columns: [['a'], ['b', 'c']] }, 'X')).toThrow(/column 1 has 2 values/);
    expect(() => toCategoricalTable([['a', null]] as never, 'X')).toThrow(ArgumentError);
    expect(() => toCategoricalTable([[NaN]], 'X')).toThrow(ArgumentError);
    expect(() => toCategoricalTable({ data: [], shape: [0, 2] }, 'X')).toThrow(/0x2/);
    expect(() => toCategoricalTable([[]], 'X')).toThrow(/1x0/);
  });
  it('NotFittedError, column count checks and JSON round trips', () => {
    expect(() => new OneHotEncoder().transform([['a']])).toThrow(NotFittedError);
    expect(() => new OrdinalEncoder().inverseTransform([[0]])).toThrow(NotFittedError);
    const e = new OneHotEncoder({ drop: 'if_binary', handleUnknown: 'ignore' }).fit(fx.train);
    expect(() => e.transform([['red']])).toThrow(ShapeError);
    const e2 = OneHotEncoder.fromJSON(JSON.parse(JSON.stringify(e)));
    same(e2.transform(fx.test).data, e.transform(fx.test).data);
    const o = new OrdinalEncoder({ handleUnknown: 'useEncodedValue' }).fit(fx.train);
    const o2 = OrdinalEncoder.fromJSON(JSON.parse(JSON.stringify(o)));
    same(o2.transform(fx.test).data, o.transform(fx.test).data);
    expect(Number.isNaN(o2.getParams().unknownValue)).toBe(true);
  });
});
