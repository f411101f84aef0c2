import { beforeAll, describe, expect, it } from 'vitest';
import {
  arange, DisposedError, eye, full, init, linspace, memory, NotInitializedError, ones, scalar, scope, ShapeError, Tensor, tensor, zeros,
  zerosLike, keep, dispose, reshape, getBackend, adoptPointer, DTypeError,
} from './index.ts';
import { expectClose, expectNoLeak } from './testing.ts';

describe('before init', () => {
  it('an op before init() throws a clear NotInitializedError', async () => {
    const fresh = await import('./runtime.ts');
    if (!fresh.isInitialized()) expect(() => zeros([2])).toThrow(NotInitializedError);
  });
});

describe('tensor core', () => {
  beforeAll(async () => {
    await init();
  });

  it('creates from nested arrays, typed arrays and numbers, and reads back', () => {
    expectNoLeak(() => scope(() => {
      const t = tensor([[1, 2, 3], [4, 5, 6]]);
      expect(t.shape).toEqual([2, 3]);
      expect(t.dtype).toBe('float32');
      expect(t.toNested()).toEqual([[1, 2, 3], [4, 5, 6]]);
      expect(Array.from(t.toArray())).toEqual([1, 2, 3, 4, 5, 6]);
      const i = tensor(new Int32Array([1, 2, 3, 4]), [2, 2]);
      expect(i.dtype).toBe('int32');
      expect(i.toNested()).toEqual([[1, 2], [3, 4]]);
      const s = scalar(3.5);
      expect(s.shape).toEqual([]);
      expect(s.item()).toBe(3.5);
      expect(s.toNested()).toBe(3.5);
      const d = tensor([1.25, 2.5], undefined, { dtype: 'float64' });
      expect(d.toArray()).toBeInstanceOf(Float64Array);
      expect(tensor(7).shape).toEqual([]);
    }));
  });

  it('handles zero-size dimensions', () => {
    expectNoLeak(() => scope(() => {
      const e = zeros([3, 0]);
      expect(e.size).toBe(0);
      expect(e.toNested()).toEqual([[], [], []]);
      expect(tensor([]).shape).toEqual([0]);
      expect(zeros([0, 4]).toArray().length).toBe(0);
    }));
  });

  it('rejects ragged arrays and mismatched shapes naming the problem', () => {
    expect(() => tensor([[1, 2], [3]])).toThrow(/ragged/);
    expect(() => tensor([1, 2, 3], [2, 2])).toThrow(ShapeError);
    expect(() => tensor([1.5], undefined, { dtype: 'int32' })).toThrow(DTypeError);
    expect(() => zeros([2, -1])).toThrow(/non-negative/);
  });

  it('constant and range constructors', () => {
    expectNoLeak(() => scope(() => {
      expect(ones([2]).toNested()).toEqual([1, 1]);
      expect(full([2, 2], 7).toNested()).toEqual([[7, 7], [7, 7]]);
      expect(eye(2, 3).toNested()).toEqual([[1, 0, 0], [0, 1, 0]]);
      const a = arange(5);
      expect(a.dtype).toBe('int32');
      expect(Array.from(a.toArray())).toEqual([0, 1, 2, 3, 4]);
      expect(Array.from(arange(1, 2, 0.25).toArray())).toEqual([1, 1.25, 1.5, 1.75]);
      expect(Array.from(arange(5, 0, -2).toArray())).toEqual([5, 3, 1]);
      expectClose(linspace(0, 1, 5), [0, 0.25, 0.5, 0.75, 1]);
      expect(zerosLike(tensor([[1, 2]], undefined, { dtype: 'float64' })).dtype).toBe('float64');
    }));
  });

  it('item() requires exactly one element', () => {
    scope(() => {
      expect(() => zeros([2]).item()).toThrow(/exactly 1 element/);
    });
  });

  it('use after dispose throws DisposedError; double dispose is a no-op', () => {
    const t = zeros([2]);
    t.dispose();
    t.dispose();
    expect(t.isDisposed).toBe(true);
    expect(() => t.toArray()).toThrow(DisposedError);
    expect(() => reshape(t, [2])).toThrow(DisposedError);
  });

  it('Symbol.dispose frees with `using`-style cleanup', () => {
    const before = memory().liveTensors;
    {
      const t = zeros([4]);
      t[Symbol.dispose]();
    }
    expect(memory().liveTensors).toBe(before);
  });

  it('scope disposes intermediates, returns results to the parent, honours keep()', () => {
    const before = memory();
    let kept: Tensor | undefined;
    const out = scope(() => {
      zeros([10]);
      kept = keep(ones([3]));
      return { a: zeros([2]), list: [ones([1])] };
    });
    expect(memory().liveTensors).toBe(before.liveTensors + 3);
    expect(out.a.isDisposed).toBe(false);
    dispose(out);
    kept!.dispose();
    expect(memory().liveTensors).toBe(before.liveTensors);
    expect(memory().liveBytes).toBe(before.liveBytes);
  });

  it('scope disposes its tensors when fn throws', () => {
    const before = memory().liveTensors;
    expect(() => scope(() => {
      zeros([3]);
      throw new Error('boom');
    })).toThrow('boom');
    expect(memory().liveTensors).toBe(before);
  });

  it('reshape shares storage; the block is freed when the last view goes', () => {
    const before = memory();
    const t = tensor([1, 2, 3, 4]);
    const r = reshape(t, [2, 2]);
    expect(r.dataPtr).toBe(t.dataPtr);
    t.dispose();
    expect(r.toNested()).toEqual([[1, 2], [3, 4]]);
    r.dispose();
    expect(memory().liveBytes).toBe(before.liveBytes);
  });

  it('memory() reports live tensors, bytes and the heap size', () => {
    const m0 = memory();
    const t = zeros([256]);
    const m1 = memory();
    expect(m1.liveTensors).toBe(m0.liveTensors + 1);
    expect(m1.liveBytes).toBe(m0.liveBytes + 1024);
    expect(m1.heapBytes).toBeGreaterThan(0);
    t.dispose();
  });

  it('adoptPointer takes ownership of a kernel output block', () => {
    const before = memory();
    const heap = getBackend().heap;
    const p = heap.alloc(8);
    heap.f32(p, 2).set([1, 2]);
    const t = adoptPointer(p, [2]);
    expect(Array.from(t.toArray())).toEqual([1, 2]);
    t.dispose();
    // Freed, or kept in the small-block pool for the next tensor of that size.
    expect(memory().heapLiveBlocks).toBe(before.heapLiveBlocks);
    expect(memory().liveBytes).toBe(before.liveBytes);
  });

  it('grad of a tensor must match its shape and dtype', () => {
    scope(() => {
      const t = zeros([2]).setRequiresGrad();
      expect(() => (t.grad = zeros([3]))).toThrow(ShapeError);
      expect(() => tensor([1], undefined, { dtype: 'int32' }).setRequiresGrad()).toThrow(/int32/);
    });
  });
});

describe('grow torture (NEURITE_GROW_TORTURE=1)', () => {
  it.runIf(process.env.NEURITE_GROW_TORTURE === '1')('the suite runs on a backend that grows memory before every kernel call', () => {
    const before = getBackend().heap.stats().growCount;
    scope(() => zeros([4]));
    expect(getBackend().heap.stats().growCount).toBeGreaterThan(before);
  });
});
