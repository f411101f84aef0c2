import { beforeAll, describe, expect, it } from 'vitest';
import { bernoulli, Generator, init, manualSeed, rand, randint, randn, randperm, scope } from '../index.ts';

beforeAll(async () => {
  await init();
});

describe('Generator (xoshiro128**)', () => {
  it('matches the reference algorithm from a known state', () => {
    const g = new Generator().setState({ words: [1, 2, 3, 4] });
    // First outputs of xoshiro128** from state {1, 2, 3, 4}, by hand from the reference C code.
    expect([g.nextUint32(), g.nextUint32(), g.nextUint32()]).toEqual([11520, 0, 5927040]);
  });

  it('same seed, same numbers; different seeds differ', () => {
    const a = new Generator(42), b = new Generator(42), c = new Generator(43);
    const xs = Array.from({ length: 5 }, () => a.random());
    expect(Array.from({ length: 5 }, () => b.random())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.random())).not.toEqual(xs);
    for (const x of xs) expect(x >= 0 && x < 1).toBe(true);
  });

  it('state save and restore continues identically (including the cached normal)', () => {
    const g = new Generator(7);
    g.normal();
    const state = g.getState();
    const first = [g.normal(), g.random(), g.integer(0, 10)];
    const h = new Generator().setState(state);
    expect([h.normal(), h.random(), h.integer(0, 10)]).toEqual(first);
  });

  it('fork and split give independent, reproducible streams', () => {
    const parent = new Generator(1);
    const child = parent.fork();
    const again = new Generator(1).fork();
    expect(child.nextUint32()).toBe(again.nextUint32());
    const streams = new Generator(5).split(3);
    const firsts = streams.map((s) => s.nextUint32());
    expect(new Set(firsts).size).toBe(3);
    expect(new Generator(5).split(3).map((s) => s.nextUint32())).toEqual(firsts);
    // A jump equals split's first stream.
    expect(new Generator(5).jump().nextUint32()).toBe(firsts[0]);
  });

  it('uniform integers are unbiased and in range; normals have mean 0 and std 1', () => {
    const g = new Generator(3);
    const counts = new Array(6).fill(0);
    for (let i = 0; i < 60000; i++) counts[g.integer(0, 6)]++;
    for (const c of counts) expect(Math.abs(c - 10000)).toBeLessThan(400);
    let s = 0, q = 0;
    const n = 50000;
    for (let i = 0; i < n; i++) {
      const z = g.normal();
      s += z;
      q += z * z;
    }
    expect(Math.abs(s / n)).toBeLessThan(0.02);
    expect(Math.abs(Math.sqrt(q / n - (s / n) ** 2) - 1)).toBeLessThan(0.02);
  });

  it('fillUniform: same stream as nextUint32 (top 24 bits), in range, reproducible', () => {
    const a = new Generator(9).fillUniform(new Float32Array(1000), -1, 1);
    const b = new Generator(9);
    for (let i = 0; i < 1000; i++) expect(a[i]).toBe(Math.fround(-1 + (b.nextUint32() >>> 8) * (2 / 16777216)));
    expect(Math.min(...a)).toBeGreaterThanOrEqual(-1);
    expect(Math.max(...a)).toBeLessThan(1);
    const m = new Generator(4).fillUniform(new Float64Array(100000)).reduce((x, y) => x + y, 0) / 100000;
    expect(Math.abs(m - 0.5)).toBeLessThan(0.01);
  });

  it('shuffle, permutation and choice', () => {
    const g = new Generator(11);
    const p = Array.from(g.permutation(20));
    expect([...p].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    const c = Array.from(g.choice(10, 10));
    expect(new Set(c).size).toBe(10);
    expect(() => g.choice(3, 4)).toThrow(/without replacement/);
    const withRep = g.choice(3, 1000, { replace: true });
    expect(Math.max(...withRep)).toBeLessThan(3);
    const weighted = g.choice(3, 30000, { replace: true, weights: [1, 0, 3] });
    const freq = [0, 0, 0];
    for (const i of weighted) freq[i]!++;
    expect(freq[1]).toBe(0);
    expect(Math.abs(freq[2]! / 30000 - 0.75)).toBeLessThan(0.02);
    const distinctWeighted = Array.from(g.choice(4, 3, { weights: [1, 1, 0, 5] }));
    expect(new Set(distinctWeighted).size).toBe(3);
    expect(distinctWeighted).not.toContain(2);
    const arr = [1, 2, 3, 4, 5];
    g.shuffle(arr);
    expect([...arr].sort()).toEqual([1, 2, 3, 4, 5]);
  });
});

describe('random tensors', () => {
  it('are reproducible from a seed or a generator and have the right ranges', () => {
    scope(() => {
      expect(Array.from(rand([5], { seed: 9 }).toArray())).toEqual(Array.from(rand([5], { seed: 9 }).toArray()));
      const u = rand([1000], { seed: 1, low: -2, high: 3 }).toArray();
      expect(Math.min(...u)).toBeGreaterThanOrEqual(-2);
      expect(Math.max(...u)).toBeLessThan(3);
      const z = randn([2, 3], { generator: new Generator(2), dtype: 'float64' });
      expect(z.dtype).toBe('float64');
      const ints = randint(-3, 3, [1000], { seed: 4 });
      expect(ints.dtype).toBe('int32');
      expect(Math.min(...ints.toArray())).toBe(-3);
      expect(Math.max(...ints.toArray())).toBe(2);
      const b = bernoulli([10000], 0.3, { seed: 5 }).toArray();
      expect(Math.abs(b.reduce((s, v) => s + v, 0) / 10000 - 0.3)).toBeLessThan(0.02);
      expect(Array.from(randperm(5, { seed: 6 }).toArray()).sort()).toEqual([0, 1, 2, 3, 4]);
      manualSeed(17);
      const first = rand([3]).toArray();
      manualSeed(17);
      expect(rand([3]).toArray()).toEqual(first);
    });
  });
});
