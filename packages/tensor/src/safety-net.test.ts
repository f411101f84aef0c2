import { beforeAll, describe, expect, it, vi } from 'vitest';
import { add, init, matmul, memory, mul, randn, setDebugMode, tensor } from './index.ts';

const collect = (globalThis as { gc?: () => void }).gc;

beforeAll(async () => {
  await init();
});

/** Collects garbage and lets the finalizers run, a bounded number of times, until `done()`. */
async function collectUntil(done: () => boolean): Promise<void> {
  for (let i = 0; i < 50 && !done(); i++) {
    collect!();
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}

describe('the memory safety net', () => {
  it('frees tensors the program dropped without dispose() once they are collected', async () => {
    expect(collect, 'run with --expose-gc (see vitest.config.ts)').toBeTypeOf('function');
    const before = memory();
    // A loop written without scope() or dispose(): 200 steps of intermediates nobody frees.
    let w = randn([64, 64], { seed: 1 }).keep();
    for (let step = 0; step < 200; step++) {
      const next = add(mul(matmul(w, w), 0.01), 1); // matmul allocates inside an op frame
      w = next;
    }
    const kept = w;
    await collectUntil(() => memory().liveTensors <= before.liveTensors + 1);
    expect(memory().liveTensors).toBe(before.liveTensors + 1);
    expect(memory().liveBytes).toBe(before.liveBytes + 64 * 64 * 4);
    // The one still referenced is intact.
    expect(kept.toArray()[0]).toBeTypeOf('number');
    kept.dispose();
    expect(memory().liveTensors).toBe(before.liveTensors);
  });

  it('disposed tensors are not freed twice, and debug mode names where a leaked tensor was created', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    setDebugMode(true);
    const before = memory().liveTensors;
    (function leak() {
      tensor([1, 2, 3]);
      tensor([4, 5, 6]).dispose();
    })();
    setDebugMode(false);
    await collectUntil(() => memory().liveTensors === before);
    expect(memory().liveTensors).toBe(before);
    expect(warn.mock.calls.length).toBe(1);
    expect(String(warn.mock.calls[0]![0])).toMatch(/garbage-collected without dispose\(\); it was created[\s\S]*safety-net\.test/);
    warn.mockRestore();
  });
});
