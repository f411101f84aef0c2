// Misuse suite, shape ops: slice, split, pad, reshape, expand, permute, squeeze/unsqueeze,
// concat/stack, flip, transpose, flatten, cast, clone. Valid calls are checked element by element
// against index arithmetic (test/reference.ts).
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  cast, clone, concat, expand, flatten, flip, init, normalizeAxis, pad, permute, reshape, slice, split, squeeze, stack, type Tensor, transpose,
  unsqueeze,
} from '../index.ts';
import { expectNoLeak } from '../testing.ts';
import { assertMisuse, badValue, dtypeArb, exact, listArg, op, smallInt, tensorArg, value } from '../../test/misuse.ts';
import { expectGather, sliceIndices } from '../../test/reference.ts';

beforeAll(async () => {
  await init();
});

const sliceBound = fc.oneof(smallInt, fc.constant(undefined), fc.constant(null), fc.constant(1e300), fc.constant(-1e300));
const sliceSpec = fc.oneof(
  { weight: 2, arbitrary: fc.record({ start: sliceBound, stop: sliceBound, step: fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constant(undefined)) }, { requiredKeys: [] }) },
  { weight: 1, arbitrary: smallInt },
  { weight: 1, arbitrary: fc.constantFrom(null, undefined) },
  { weight: 1, arbitrary: fc.record({ start: badValue, stop: sliceBound }) },
  { weight: 1, arbitrary: fc.record({ start: sliceBound, step: badValue }) },
  { weight: 1, arbitrary: badValue },
);

function verifySlice(result: unknown, [x, specs]: unknown[]): void {
  const t = x as Tensor, s = specs as unknown[];
  const picks = t.shape.map((d, i) => sliceIndices(s[i], d));
  expectGather(result as Tensor, t, picks.map((p) => p.length), (index) => index.map((i, d) => picks[d]![i]!));
}

function verifyPad(result: unknown, [x, widths, fill]: unknown[]): void {
  const t = x as Tensor, w = widths as [number, number][];
  const shape = t.shape.map((d, i) => d + w[i]![0] + w[i]![1]);
  expectGather(result as Tensor, t, shape, (index) => {
    const source = index.map((i, d) => i - w[d]![0]);
    return source.every((i, d) => i >= 0 && i < t.shape[d]!) ? source : null;
  }, (fill as number | undefined) ?? 0);
}

function verifyPermute(result: unknown, [x, perm]: unknown[]): void {
  const t = x as Tensor, p = (perm as number[]).map((a) => (a < 0 ? a + t.rank : a));
  expectGather(result as Tensor, t, p.map((a) => t.shape[a]!), (index) => {
    const source = new Array<number>(t.rank);
    p.forEach((a, i) => (source[a] = index[i]!));
    return source;
  });
}

function verifyExpand(result: unknown, [x]: unknown[]): void {
  const t = x as Tensor, out = result as Tensor;
  const lead = out.rank - t.rank;
  expectGather(out, t, out.shape, (index) => t.shape.map((d, i) => (d === 1 ? 0 : index[i + lead]!)));
}

function verifySameData(result: unknown, [x]: unknown[]): void {
  expect(Array.from((result as Tensor).toArray())).toEqual(Array.from((x as Tensor).toArray()));
}

function verifyConcat(result: unknown, [list, axis]: unknown[]): void {
  const ts = list as Tensor[], out = result as Tensor;
  const ax = (axis as number | undefined) === undefined ? 0 : (axis as number) < 0 ? (axis as number) + out.rank : (axis as number);
  const starts: number[] = [];
  let at = 0;
  for (const t of ts) {
    starts.push(at);
    at += t.shape[ax]!;
  }
  const o = out.toArray();
  let checked = 0;
  ts.forEach((t, k) => {
    const v = t.toArray();
    const shape = t.shape;
    // Each input element lands at its index shifted along the axis.
    for (let f = 0; f < t.size; f++) {
      let rest = f;
      const index = shape.map(() => 0);
      for (let d = shape.length - 1; d >= 0; d--) {
        index[d] = rest % shape[d]!;
        rest = Math.floor(rest / shape[d]!);
      }
      index[ax] = index[ax]! + starts[k]!;
      let g = 0;
      for (let d = 0; d < out.rank; d++) g = g * out.shape[d]! + index[d]!;
      expect(o[g]).toBe(v[f]);
      checked++;
    }
  });
  expect(checked).toBe(out.size);
}

function verifySplit(result: unknown, [x, _sizes, axis]: unknown[]): void {
  const pieces = result as Tensor[];
  const whole = x as Tensor;
  if (pieces.length === 0) return;
  const joined = concat(pieces, (axis as number | undefined) ?? 0);
  try {
    expect(joined.shape).toEqual(whole.shape);
    expect(Array.from(joined.toArray())).toEqual(Array.from(whole.toArray()));
  } finally {
    joined.dispose();
  }
}

const axisArg = value(smallInt);
const pairArg = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 2 })) },
  { weight: 1, arbitrary: fc.tuple(badValue, fc.integer({ min: 0, max: 2 })) },
  { weight: 1, arbitrary: badValue },
);

describe('misuse: shape ops', () => {
  it('every call returns a correct result or a typed error; nothing is corrupted or leaked', () => {
    expectNoLeak(() => assertMisuse([
      op('slice', slice, [tensorArg(), listArg(sliceSpec.map((s) => ({ kind: 'value' as const, value: s })), 4)], { verify: verifySlice }),
      op('split', split, [tensorArg(), fc.oneof(value(fc.integer({ min: -1, max: 4 })), listArg(value(fc.integer({ min: 0, max: 3 })), 4)), fc.oneof(exact(undefined), axisArg)], { verify: verifySplit }),
      fc.array(fc.integer({ min: 0, max: 2 }), { maxLength: 3 }).chain((sizes) => op('split', split, [
        tensorArg({ shape: fc.constant([sizes.reduce((a, b) => a + b, 0), 2]), always: true }), exact(sizes), fc.oneof(exact(undefined), exact(0)),
      ], { verify: verifySplit })),
      op('pad', pad, [tensorArg(), listArg(pairArg.map((p) => ({ kind: 'value' as const, value: p })), 4), fc.oneof(exact(undefined), value(fc.integer({ min: -9, max: 9 })))], { verify: verifyPad }),
      op('reshape', reshape, [tensorArg(), listArg(value(fc.integer({ min: -1, max: 6 })), 4)], { verify: verifySameData }),
      fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 3 }).chain((shape) => op('reshape', reshape, [
        tensorArg({ shape: fc.constant(shape), always: true }), value(fc.constantFrom([shape.reduce((a, b) => a * b, 1)], [-1], shape.slice().reverse(), [1, ...shape])),
      ], { verify: verifySameData })),
      op('expand', expand, [tensorArg({ shape: fc.array(fc.constantFrom(1, 2), { maxLength: 3 }) }), listArg(value(fc.integer({ min: -1, max: 3 })), 4)], { verify: verifyExpand }),
      op('permute', permute, [tensorArg(), listArg(value(fc.integer({ min: -3, max: 3 })), 4)], { verify: verifyPermute }),
      fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 3 }).chain((shape) => fc.shuffledSubarray(shape.map((_, i) => i), { minLength: shape.length }).chain((perm) =>
        op('permute', permute, [tensorArg({ shape: fc.constant(shape), always: true }), exact(perm)], { verify: verifyPermute }))),
      op('transpose', transpose, [tensorArg(), fc.oneof(exact(undefined), axisArg), fc.oneof(exact(undefined), axisArg)]),
      op('squeeze', squeeze, [tensorArg({ shape: fc.array(fc.constantFrom(1, 2), { maxLength: 3 }) }), fc.oneof(exact(undefined), axisArg, listArg(axisArg))], { verify: verifySameData }),
      op('unsqueeze', unsqueeze, [tensorArg(), axisArg], { verify: verifySameData }),
      op('flatten', flatten, [tensorArg()], { verify: verifySameData }),
      op('flip', flip, [tensorArg(), fc.oneof(axisArg, listArg(axisArg))]),
      op('concat', concat, [listArg(tensorArg({ shape: fc.array(fc.integer({ min: 1, max: 2 }), { minLength: 1, maxLength: 2 }) }), 3), fc.oneof(exact(undefined), axisArg)], { verify: verifyConcat }),
      op('stack', stack, [listArg(tensorArg({ shape: fc.array(fc.integer({ min: 1, max: 2 }), { maxLength: 2 }) }), 3), fc.oneof(exact(undefined), axisArg)]),
      op('cast', cast, [tensorArg(), value(dtypeArb)]),
      op('clone', clone, [tensorArg()], { verify: verifySameData }),
      op('normalizeAxis', normalizeAxis, [value(smallInt), value(fc.integer({ min: 0, max: 4 })), exact('normalizeAxis')]),
    ]));
  });

});
