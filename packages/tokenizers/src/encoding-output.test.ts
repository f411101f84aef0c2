import { describe, expect, it } from 'vitest';
import { finishBatch, makeEncoding, padEncoding, stackEncodings, truncateEncoding } from './encoding-output.ts';
import { TokenizerArgumentError } from './errors.ts';

const enc = makeEncoding(Uint32Array.of(5, 6, 7), Uint32Array.of(0, 1, 1, 2, 2, 4));

describe('encoding output', () => {
  it('truncates from either side', () => {
    expect(Array.from(truncateEncoding(enc, { maxLength: 2 }).ids)).toEqual([5, 6]);
    const left = truncateEncoding(enc, { maxLength: 2, side: 'left' });
    expect(Array.from(left.ids)).toEqual([6, 7]);
    expect(Array.from(left.offsets)).toEqual([1, 2, 2, 4]);
    expect(truncateEncoding(enc, { maxLength: 3 })).toBe(enc);
    expect(truncateEncoding(enc, { maxLength: 0 }).ids.length).toBe(0);
  });

  it('pads with masks on either side', () => {
    const right = padEncoding(enc, 5, 0);
    expect(Array.from(right.ids)).toEqual([5, 6, 7, 0, 0]);
    expect(Array.from(right.attentionMask)).toEqual([1, 1, 1, 0, 0]);
    expect(Array.from(right.specialTokensMask)).toEqual([0, 0, 0, 1, 1]);
    expect(Array.from(right.offsets)).toEqual([0, 1, 1, 2, 2, 4, 0, 0, 0, 0]);
    const left = padEncoding(enc, 4, 9, 'left');
    expect(Array.from(left.ids)).toEqual([9, 5, 6, 7]);
    expect(Array.from(left.attentionMask)).toEqual([0, 1, 1, 1]);
  });

  it('pads a batch to the longest, rounded to a multiple, and stacks it', () => {
    const short = makeEncoding(Uint32Array.of(1), Uint32Array.of(0, 1));
    const batch = finishBatch([enc, short], undefined, { padId: 0, multipleOf: 4 });
    expect(batch.map((e) => e.ids.length)).toEqual([4, 4]);
    const stacked = stackEncodings(batch);
    expect(stacked.shape).toEqual([2, 4]);
    expect(Array.from(stacked.ids)).toEqual([5, 6, 7, 0, 1, 0, 0, 0]);
    expect(Array.from(stacked.attentionMask)).toEqual([1, 1, 1, 0, 1, 0, 0, 0]);
    expect(() => stackEncodings([enc, short])).toThrow(TokenizerArgumentError);
  });

  it('rejects bad lengths naming the argument', () => {
    expect(() => truncateEncoding(enc, { maxLength: -1 })).toThrow(/truncation\.maxLength/);
    expect(() => padEncoding(enc, 2.5, 0)).toThrow(/padding\.length/);
    expect(() => finishBatch([enc], undefined, { padId: 0, multipleOf: 0 })).toThrow(/padding\.multipleOf/);
    expect(() => makeEncoding(Uint32Array.of(1), Uint32Array.of(0))).toThrow(/offsets/);
  });
});
