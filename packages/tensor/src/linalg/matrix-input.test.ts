import { beforeAll, describe, expect, it } from 'vitest';
import { ArgumentError, init, NotFittedError, ShapeError, tensor, toMatrix } from '../index.ts';

beforeAll(async () => {
  await init();
});

describe('toMatrix', () => {
  it('copies every accepted form into one row-major float64 matrix', () => {
    const expected = { rows: 2, cols: 3, data: Float64Array.of(1, 2, 3, 4, 5, 6) };
    expect(toMatrix([[1, 2, 3], [4, 5, 6]])).toEqual(expected);
    expect(toMatrix({ data: Float32Array.of(1, 2, 3, 4, 5, 6), shape: [2, 3] })).toEqual(expected);
    expect(toMatrix({ rows: 2, cols: 3, data: Float64Array.of(1, 2, 3, 4, 5, 6) })).toEqual(expected);
    const t = tensor([[1, 2, 3], [4, 5, 6]]);
    expect(toMatrix(t)).toEqual(expected);
    t.dispose();
    const source = [[1, 2]];
    const m = toMatrix(source);
    m.data[0] = 9;
    expect(source[0]![0]).toBe(1);
  });

  it('names the bad row, cell or size', () => {
    expect(() => toMatrix([[1, 2], [3]], 'X')).toThrow(/X: row 1 has 1 values, row 0 has 2/);
    expect(() => toMatrix([])).toThrow(ShapeError);
    expect(() => toMatrix([[1, 'a' as unknown as number]])).toThrow(/row 0, column 1/);
    expect(() => toMatrix({ data: [1, 2, 3], shape: [2, 2] })).toThrow(/needs 4 values, data has 3/);
    expect(() => toMatrix({ data: [1], shape: [1, 1, 1] as unknown as [number, number] })).toThrow(ShapeError);
    expect(() => toMatrix(42 as never)).toThrow(ArgumentError);
    const t = tensor([1, 2, 3]);
    expect(() => toMatrix(t)).toThrow(/rank-2/);
    t.dispose();
  });

  it('copy: false reads a float64 Matrix or { data, shape } in place and copies every other form', () => {
    const data = Float64Array.of(1, 2, 3, 4, 5, 6);
    expect(toMatrix({ rows: 2, cols: 3, data }, 'X', { copy: false }).data).toBe(data);
    expect(toMatrix({ data, shape: [3, 2] }, 'X', { copy: false })).toEqual({ rows: 3, cols: 2, data });
    expect(toMatrix({ data, shape: [3, 2] }, 'X', { copy: false }).data).toBe(data);
    const f32 = Float32Array.of(1, 2);
    expect(toMatrix({ data: f32, shape: [1, 2] }, 'X', { copy: false }).data).toEqual(Float64Array.of(1, 2));
    const rows = [[1, 2]];
    expect(toMatrix(rows, 'X', { copy: false }).data).toEqual(Float64Array.of(1, 2));
    expect(() => toMatrix({ data: Float64Array.of(1, NaN), shape: [1, 2] }, 'X', { copy: false })).toThrow(/column 1 is NaN/);
    expect(() => toMatrix({ data, shape: [2, 2] }, 'X', { copy: false })).toThrow(/needs 4 values, data has 6/);
  });

  it('rejects non-finite cells unless asked to keep them', () => {
    expect(() => toMatrix([[1, NaN]])).toThrow(/row 0, column 1 is NaN/);
    expect(toMatrix([[1, NaN]], 'X', { allowNonFinite: true }).data[1]).toBeNaN();
  });

  it('NotFittedError carries a code and names the call', () => {
    const e = new NotFittedError('KMeans.predict');
    expect(e.code).toBe('NOT_FITTED');
    expect(e.message).toMatch(/KMeans.predict: .*fit\(\)/);
  });
});
