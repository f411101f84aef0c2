// Both priority queues of the merge loop must pop exactly in (rank, position) order.
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { MinHeap } from './min-heap.ts';
import { RankBuckets } from './rank-buckets.ts';

const ops = fc.array(
  fc.oneof(
    fc.record({ op: fc.constant('push' as const), rank: fc.integer({ min: 0, max: 40 }), position: fc.integer({ min: 0, max: 500 }) }),
    fc.record({ op: fc.constant('pop' as const) }),
  ),
  { maxLength: 300 },
);

function reference(list: Array<[number, number]>): [number, number] | undefined {
  if (list.length === 0) return undefined;
  let best = 0;
  for (let i = 1; i < list.length; i++) {
    const [r, p] = list[i]!;
    const [br, bp] = list[best]!;
    if (r < br || (r === br && p < bp)) best = i;
  }
  return list.splice(best, 1)[0];
}

it('MinHeap and RankBuckets pop in (rank, position) order (fast-check, fixed seed)', () => {
  fc.assert(
    fc.property(ops, (sequence) => {
      const heap = new MinHeap(4);
      const buckets = new RankBuckets(41);
      const pending: Array<[number, number]> = [];
      for (const step of sequence) {
        if (step.op === 'push') {
          heap.push(step.rank, step.position);
          buckets.push(step.rank, step.position);
          pending.push([step.rank, step.position]);
        } else {
          const want = reference(pending);
          expect(heap.pop()).toBe(want !== undefined);
          expect(buckets.pop()).toBe(want !== undefined);
          if (want) {
            expect([heap.rank, heap.position]).toEqual(want);
            expect([buckets.rank, buckets.position]).toEqual(want);
          }
        }
      }
    }),
    { seed: 11, numRuns: 300 },
  );
});

it('RankBuckets.fill queues a whole piece in order', () => {
  const buckets = new RankBuckets(10);
  const NONE = 0x7fffffff;
  buckets.fill(Int32Array.from([0, 5, 1, NONE, 2, 5, 3, 1]), 2, 1, 4, NONE); // ranks 5, NONE, 5, 1
  buckets.push(5, 0);
  const popped: Array<[number, number]> = [];
  while (buckets.pop()) popped.push([buckets.rank, buckets.position]);
  expect(popped).toEqual([[1, 3], [5, 0], [5, 0], [5, 2]]);
});

it('RankBuckets can be reset and reused', () => {
  const buckets = new RankBuckets(10);
  const NONE = 0x7fffffff;
  buckets.fill(Int32Array.from([3, 1, 3]), 1, 0, 3, NONE);
  buckets.push(2, 7);
  expect(buckets.pop() && [buckets.rank, buckets.position]).toEqual([1, 1]);
  buckets.reset();
  expect(buckets.pop()).toBe(false);
  buckets.fill(Int32Array.from([4, NONE, 4]), 1, 0, 3, NONE);
  const popped: Array<[number, number]> = [];
  while (buckets.pop()) popped.push([buckets.rank, buckets.position]);
  expect(popped).toEqual([[4, 0], [4, 2]]);
});
