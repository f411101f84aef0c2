// The measured split rule, fed made-up times (the gate reads no clock).
import { describe, expect, it } from 'vitest';
import { INITIAL_HANDOFF_MS, MARGIN, PROBE_BUDGET, SplitGate, WAKE_CREDIT } from './split-gate.ts';

describe('SplitGate', () => {
  it('follows the static rule (minWork) until a kernel has been measured', () => {
    const gate = new SplitGate(1000);
    expect(gate.shouldSplit('gemm_f32', 999, 2)).toBe(false);
    expect(gate.shouldSplit('gemm_f32', 1000, 2)).toBe(true);
    expect(gate.shouldSplit('gemm_f32', 1e9, 1)).toBe(false);
    expect(gate.handoffMs).toBe(INITIAL_HANDOFF_MS);
  });

  it('splits when (parts - 1) times a part outweighs MARGIN hand-offs, and declines below', () => {
    const gate = new SplitGate(1);
    // 1e-6 ms per unit, hand-off 0.1 ms: a 2-way split pays above 2 * MARGIN * 0.1 / 1e-6 units.
    gate.observe('k', 1, 1e-6, 0.1);
    expect(gate.rate('k')).toBe(1e-6);
    expect(gate.handoffMs).toBeCloseTo(INITIAL_HANDOFF_MS + 0.25 * (0.1 - INITIAL_HANDOFF_MS), 12);
    const handoff = gate.handoffMs;
    const breakEven = (2 * MARGIN * handoff) / 1e-6;
    expect(gate.shouldSplit('k', breakEven * 1.01, 2)).toBe(true);
    expect(gate.shouldSplit('k', breakEven * 0.99, 2)).toBe(false);
    // Three parts: each is a third, and two of them are saved.
    expect(gate.shouldSplit('k', ((3 * MARGIN * handoff) / 2 / 1e-6) * 1.01, 3)).toBe(true);
    // Another kernel has no rate yet: the static rule.
    expect(gate.shouldSplit('other', 2, 2)).toBe(true);
  });

  it('stops splitting once hand-offs turn slow, probing after PROBE_BUDGET hand-offs of declined work', () => {
    const gate = new SplitGate(1);
    gate.observe('gemm_f32', 1e6, 0.1, 0.01); // 1e-7 ms per multiply-add
    expect(gate.shouldSplit('gemm_f32', 2e6, 2)).toBe(true);
    for (let i = 0; i < 40; i++) gate.observe('gemm_f32', 1e6, 0.1, 5); // a worker that wakes 5 ms late
    expect(gate.handoffMs).toBeGreaterThan(4.9);
    // Each declined call is 0.2 ms of work: a probe after PROBE_BUDGET * handoff / 0.2 of them.
    const perProbe = Math.ceil((PROBE_BUDGET * gate.handoffMs) / 0.2);
    const decisions = Array.from({ length: 2 * perProbe }, () => gate.shouldSplit('gemm_f32', 2e6, 2));
    expect(decisions.filter(Boolean).length).toBe(2);
    expect(decisions[perProbe - 1]).toBe(true);
    expect(decisions[2 * perProbe - 1]).toBe(true);
    // Large calls still split: a part of 1e8 multiply-adds takes 10 ms.
    expect(gate.shouldSplit('gemm_f32', 2e8, 2)).toBe(true);
    // Fast hand-offs again bring the small splits back.
    for (let i = 0; i < 60; i++) gate.observe('gemm_f32', 1e6, 0.1, 0.01);
    expect(gate.shouldSplit('gemm_f32', 2e6, 2)).toBe(true);
  });

  it('probes in proportion to the hand-off: often when it is fast, rarely when it is slow', () => {
    const probes = (handoff: number) => {
      const gate = new SplitGate(1);
      gate.observe('k', 1e6, 0.1, handoff); // 1e-7 ms per unit
      for (let i = 0; i < 40; i++) gate.observe('k', 1e6, 0.1, handoff);
      // 10,000 calls of 1e7 units (1 ms of work each on one thread).
      let n = 0;
      for (let i = 0; i < 10000; i++) if (gate.shouldSplit('k', 1e7, 2)) n++;
      return n;
    };
    // Hand-off 0.1 ms: 1 ms calls split outright ((2 - 1) * 0.5 ms > 2 * 0.1 ms).
    expect(probes(0.1)).toBe(10000);
    // 2 ms: declined; a probe per 64 * 2 ms of declined work = 128 calls.
    expect(probes(2)).toBe(Math.floor(10000 / 128));
    // 20 ms: a probe per 1280 calls.
    expect(probes(20)).toBe(Math.floor(10000 / 1280));
  });

  it('keeps the hand-off to spinning workers apart from the one to sleeping workers', () => {
    const gate = new SplitGate(1);
    // A training loop: calls every ~0.1 ms find the worker spinning (hand-off 0.02 ms); after a
    // pause it sleeps (1 ms to wake it on a loaded machine).
    for (let i = 0; i < 40; i++) {
      gate.observe('gemm_f32', 1e6, 0.1, 1, false);
      gate.observe('gemm_f32', 1e6, 0.1, 0.02, true);
    }
    expect(gate.handoffMs).toBeGreaterThan(0.99);
    expect(gate.awakeHandoffMs).toBeLessThan(0.021);
    // 0.1 ms parts: worth it only when the worker is spinning.
    expect(gate.shouldSplit('gemm_f32', 2e6, 2, true)).toBe(true);
    expect(gate.shouldSplit('gemm_f32', 2e6, 2, false)).toBe(false);
    expect(gate.shouldSplit('gemm_f32', 2e6, 2)).toBe(false); // asleep unless said otherwise
    // A spinning worker that lost its core shows up in its own class.
    for (let i = 0; i < 40; i++) gate.observe('gemm_f32', 1e6, 0.1, 3, true);
    expect(gate.shouldSplit('gemm_f32', 2e6, 2, true)).toBe(false);
    expect(gate.handoffMs).toBeLessThan(1.01);
  });

  it('says when a call declined for sleeping workers would split were they spinning (worth waking them)', () => {
    const gate = new SplitGate(1000);
    expect(gate.worthWaking('gemm_f32', 2e6, 2)).toBe(false); // no rate yet: the static rule splits anyway
    for (let i = 0; i < 40; i++) {
      gate.observe('gemm_f32', 1e6, 0.1, 1, false);
      gate.observe('gemm_f32', 1e6, 0.1, 0.02, true);
    }
    expect(gate.shouldSplit('gemm_f32', 2e6, 2, false)).toBe(false);
    expect(gate.worthWaking('gemm_f32', 2e6, 2)).toBe(true); // 0.1 ms parts > 2 x 0.02 ms
    expect(gate.worthWaking('gemm_f32', 2e5, 2)).toBe(false); // 0.01 ms parts
    expect(gate.worthWaking('gemm_f32', 999, 2)).toBe(false); // below minWork
    expect(gate.worthWaking('gemm_f32', 2e6, 1)).toBe(false);
  });

  it('stops waking after WAKE_CREDIT wakes with no split to spinning workers, and resumes after one', () => {
    const gate = new SplitGate(1);
    for (let i = 0; i < 40; i++) {
      gate.observe('gemm_f32', 1e6, 0.1, 1, false);
      gate.observe('gemm_f32', 1e6, 0.1, 0.02, true);
    }
    const wakes = Array.from({ length: 2 * WAKE_CREDIT }, () => gate.worthWaking('gemm_f32', 2e6, 2));
    expect(wakes.filter(Boolean).length).toBe(WAKE_CREDIT);
    expect(wakes.slice(0, WAKE_CREDIT).every(Boolean)).toBe(true);
    gate.observe('gemm_f32', 1e6, 0.1, 1, false); // a split to sleeping workers proves nothing
    expect(gate.worthWaking('gemm_f32', 2e6, 2)).toBe(false);
    gate.observe('gemm_f32', 1e6, 0.1, 0.02, true); // one to spinning workers does
    expect(gate.worthWaking('gemm_f32', 2e6, 2)).toBe(true);
  });

  it('smooths the rate per kernel: down at 0.25 per observation, up at only 0.02', () => {
    const gate = new SplitGate(1);
    gate.observe('adam_f32', 100, 2, 0);
    gate.observe('adam_f32', 100, 1, 0);
    expect(gate.rate('adam_f32')).toBeCloseTo(0.02 - 0.25 * 0.01, 12);
    gate.observe('adam_f32', 100, 101.75, 0); // a part 58x too long: the caller lost its core
    expect(gate.rate('adam_f32')).toBeCloseTo(0.0175 + 0.02 * 1, 12);
    expect(gate.rate('gemm_f32')).toBeUndefined();
  });

  it('does not let one descheduled part make small calls split', () => {
    const gate = new SplitGate(1);
    for (let i = 0; i < 20; i++) gate.observe('gemm_f32', 1e6, 0.1, 1); // 1e-7 ms per unit, hand-off 1 ms
    expect(gate.shouldSplit('gemm_f32', 2e6, 2)).toBe(false); // 0.1 ms parts against a 1 ms hand-off
    gate.observe('gemm_f32', 1e6, 50, 1); // one part measured 500x too long
    expect(gate.rate('gemm_f32')!).toBeLessThan(1.1e-6);
    expect(gate.shouldSplit('gemm_f32', 2e6, 2)).toBe(false);
  });
});
