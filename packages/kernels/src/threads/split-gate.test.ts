// The measured split rule, fed made-up times (the gate reads no clock).
import { describe, expect, it } from 'vitest';
import {
  INITIAL_HANDOFF_MS, LOSSES_TO_FLOOR, MARGIN, MAX_BACKOFF, PROBE_BUDGET, SINGLE_REFRESH, SINGLES_BEFORE_SPLIT, SplitGate,
  WAKE_CREDIT,
} from './split-gate.ts';

/** `gate` has timed single calls of `kernel` at `rate` ms per unit (enough of them to split). */
function singles(gate: SplitGate, kernel: string, rate: number): void {
  for (let i = 0; i < SINGLES_BEFORE_SPLIT; i++) gate.observeSingle(kernel, 1e6, rate * 1e6);
}

describe('SplitGate', () => {
  it("keeps a kernel's calls whole until SINGLES_BEFORE_SPLIT single calls of it are timed, and below minWork", () => {
    const gate = new SplitGate(1000);
    expect(gate.shouldSplit('gemm_f32', 1e9, 2)).toBe(false);
    gate.observeSingle('gemm_f32', 1e6, 0.3);
    expect(gate.singleRate('gemm_f32')).toBeCloseTo(3e-7, 15);
    expect(SINGLES_BEFORE_SPLIT).toBe(2);
    expect(gate.shouldSplit('gemm_f32', 1e9, 2)).toBe(false); // one timing: the first call may run cold
    gate.observeSingle('gemm_f32', 1e6, 0.1);
    expect(gate.singleRate('gemm_f32')).toBeCloseTo(1e-7, 15); // the lowest of the first timings
    expect(gate.shouldSplit('gemm_f32', 1e9, 2)).toBe(true); // 50 ms saved against a 0.05 ms hand-off
    expect(gate.shouldSplit('gemm_f32', 999, 2)).toBe(false);
    expect(gate.shouldSplit('gemm_f32', 1e9, 1)).toBe(false);
    expect(gate.handoffMs).toBe(INITIAL_HANDOFF_MS);
  });

  it('splits when (parts - 1) times a part outweighs MARGIN hand-offs, and declines below', () => {
    const gate = new SplitGate(1);
    // 1e-6 ms per unit, hand-off 0.1 ms: a 2-way split pays above 2 * MARGIN * 0.1 / 1e-6 units.
    singles(gate, 'k', 1e-6);
    gate.observe('k', 1, 1e-6, 0.1);
    expect(gate.rate('k')).toBe(1e-6);
    expect(gate.handoffMs).toBeCloseTo(INITIAL_HANDOFF_MS + 0.25 * (0.1 - INITIAL_HANDOFF_MS), 12);
    const handoff = gate.handoffMs;
    const breakEven = (2 * MARGIN * handoff) / 1e-6;
    expect(gate.shouldSplit('k', breakEven * 1.01, 2)).toBe(true);
    expect(gate.shouldSplit('k', breakEven * 0.99, 2)).toBe(false);
    // Three parts: each is a third, and two of them are saved.
    expect(gate.shouldSplit('k', ((3 * MARGIN * handoff) / 2 / 1e-6) * 1.01, 3)).toBe(true);
    // Another kernel has no single-call time yet: its calls stay whole.
    expect(gate.shouldSplit('other', 1e9, 2)).toBe(false);
  });

  it('stops splitting once hand-offs turn slow, probing after PROBE_BUDGET hand-offs of declined work', () => {
    const gate = new SplitGate(1);
    singles(gate, 'gemm_f32', 1e-7);
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
    singles(gate, 'gemm_f32', 1e-7); // (over SINGLE_REFRESH splits: the single call is timed again)
    expect(gate.shouldSplit('gemm_f32', 2e6, 2)).toBe(true);
  });

  it('probes in proportion to the hand-off: often when it is fast, rarely when it is slow', () => {
    const probes = (handoff: number) => {
      const gate = new SplitGate(1);
      singles(gate, 'k', 1e-7);
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
    singles(gate, 'gemm_f32', 1e-7);
    // A training loop: calls every ~0.1 ms find the worker spinning (hand-off 0.02 ms); after a
    // pause it sleeps (1 ms to wake it on a loaded machine).
    for (let i = 0; i < 40; i++) {
      gate.observe('gemm_f32', 1e6, 0.1, 1, false);
      gate.observe('gemm_f32', 1e6, 0.1, 0.02, true);
    }
    expect(gate.handoffMs).toBeGreaterThan(0.99);
    expect(gate.awakeHandoffMs).toBeLessThan(0.021);
    singles(gate, 'gemm_f32', 1e-7); // (over SINGLE_REFRESH splits: the single call is timed again)
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
    expect(gate.worthWaking('gemm_f32', 2e6, 2)).toBe(false); // nothing timed yet
    singles(gate, 'gemm_f32', 1e-7);
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
    singles(gate, 'gemm_f32', 1e-7);
    for (let i = 0; i < 40; i++) {
      gate.observe('gemm_f32', 1e6, 0.1, 1, false);
      gate.observe('gemm_f32', 1e6, 0.1, 0.02, true);
    }
    const wakes = Array.from({ length: 2 * WAKE_CREDIT }, () => gate.worthWaking('gemm_f32', 2e6, 2));
    expect(wakes.filter(Boolean).length).toBe(WAKE_CREDIT);
    expect(wakes.slice(0, WAKE_CREDIT).every(Boolean)).toBe(true);
    gate.observe('gemm_f32', 1e6, 0.1, 1, false); // a split to sleeping workers proves nothing
    expect(gate.worthWaking('gemm_f32', 2e6, 2)).toBe(false);
    gate.observe('gemm_f32', 1e6, 0.1, 0.02, true, 2e6); // one to spinning workers that paid does
    expect(gate.worthWaking('gemm_f32', 2e6, 2)).toBe(true);
    while (gate.worthWaking('gemm_f32', 2e6, 2));
    gate.observe('gemm_f32', 1e6, 0.1, 0.15, true, 2e6); // one that lost (0.25 ms against 0.2) does not
    expect(gate.worthWaking('gemm_f32', 2e6, 2)).toBe(false);
  });

  it('sums up per kernel what it measured and how its splits did against the single call', () => {
    const gate = new SplitGate(1);
    singles(gate, 'k', 1e-7);
    gate.observe('k', 1e6, 0.1, 0.01, true, 2e6); // saved 0.2 - 0.11 ms
    gate.observe('k', 1e6, 0.1, 0.15, true, 2e6); // lost 0.05 ms
    gate.observe('k', 1e6, 0.1, 0.15, false, 0); // no call to hold it against
    gate.observeSingle('other', 10, 1);
    const [k, other] = gate.summary();
    expect(k).toMatchObject({ kernel: 'k', floorAwake: 0, floorAsleep: 0, splits: 2, lost: 1 });
    expect(k!.singleRate).toBeCloseTo(1e-7, 15);
    expect(k!.partRate).toBeCloseTo(1e-7, 15);
    expect(k!.savedMs).toBeCloseTo(0.09 - 0.05, 12);
    expect(other).toMatchObject({ kernel: 'other', singleRate: 0.1, partRate: undefined, splits: 0, lost: 0, savedMs: 0 });
    expect(gate.report()).toEqual([
      "k: 2 splits held against the whole call, 1 lost, 0.04 ms saved in all; per unit 0.100 ns whole, 0.100 ns the caller's part; floors 0 (spinning), 0 (asleep)",
      "other: 0 splits held against the whole call, 0 lost, 0.00 ms saved in all; per unit 1.00e+5 ns whole, - the caller's part; floors 0 (spinning), 0 (asleep)",
    ]);
  });

  it('keeps one call whole every SINGLE_REFRESH splits of a kernel, to time its single call again', () => {
    const gate = new SplitGate(1);
    singles(gate, 'k', 1e-7);
    const decide = () => {
      const split = gate.shouldSplit('k', 2e7, 2, true); // 2 ms whole, 1 ms saved
      if (split) gate.observe('k', 1e7, 1, 0.01, true, 2e7);
      return split;
    };
    const first = Array.from({ length: SINGLE_REFRESH + 1 }, decide);
    expect(first.slice(0, SINGLE_REFRESH).every(Boolean)).toBe(true);
    expect(first[SINGLE_REFRESH]).toBe(false);
    expect(decide()).toBe(false); // until the call is timed
    gate.observeSingle('k', 2e7, 2);
    expect(decide()).toBe(true);
  });

  it('smooths the single-call rate at 0.25 per observation, rising by at most 5% a call, the part rate at 0.25 both ways', () => {
    const gate = new SplitGate(1);
    gate.observeSingle('adam_f32', 100, 2);
    gate.observeSingle('adam_f32', 100, 1); // the lowest of the first SINGLES_BEFORE_SPLIT
    expect(gate.singleRate('adam_f32')).toBeCloseTo(0.01, 12);
    gate.observeSingle('adam_f32', 100, 0.6);
    expect(gate.singleRate('adam_f32')).toBeCloseTo(0.01 - 0.25 * 0.004, 12);
    gate.observeSingle('adam_f32', 100, 90); // a call 100x too long: the caller lost its core
    expect(gate.singleRate('adam_f32')).toBeCloseTo(0.009 * 1.05, 12);
    gate.observeSingle('adam_f32', 100, 0.9945);
    expect(gate.singleRate('adam_f32')).toBeCloseTo(0.00945 + 0.25 * 0.000495, 12);
    gate.observe('adam_f32', 100, 2, 0);
    gate.observe('adam_f32', 100, 4, 0); // a part slowed by the second thread counts in full
    expect(gate.rate('adam_f32')).toBeCloseTo(0.02 + 0.25 * 0.02, 12);
    expect(gate.rate('gemm_f32')).toBeUndefined();
    expect(gate.singleRate('gemm_f32')).toBeUndefined();
  });

  it('does not let one descheduled call make small calls split', () => {
    const gate = new SplitGate(1);
    singles(gate, 'gemm_f32', 1e-7);
    for (let i = 0; i < 20; i++) gate.observe('gemm_f32', 1e6, 0.1, 1); // 1e-7 ms per unit, hand-off 1 ms
    expect(gate.shouldSplit('gemm_f32', 2e6, 2)).toBe(false); // 0.1 ms saved against a 1 ms hand-off
    gate.observeSingle('gemm_f32', 2e6, 100); // one single call measured 500x too long
    expect(gate.singleRate('gemm_f32')!).toBeLessThan(1.1e-6);
    expect(gate.shouldSplit('gemm_f32', 2e6, 2)).toBe(false);
    gate.observe('gemm_f32', 1e6, 50, 1); // one part measured 500x too long: fewer splits, not more
    expect(gate.shouldSplit('gemm_f32', 2e7, 2)).toBe(false);
  });

  it('weighs a split against the single call, not against its own parts, whose caller part the second thread slows', () => {
    const gate = new SplitGate(1);
    singles(gate, 'k', 1e-7); // 0.2 ms for 2e6 units on one thread
    gate.observe('k', 1e6, 0.16, 0.02, true); // the caller's half took 0.16 ms, not 0.1
    for (let i = 0; i < 40; i++) gate.observe('k', 1e6, 0.16, 0.02, true);
    // Saving 0.2 - 0.16 = 0.04 ms, exactly MARGIN hand-offs: declined (counting 2 x 0.16 as the single call would save 0.16).
    expect(gate.shouldSplit('k', 2e6, 2, true)).toBe(false);
    // 2e7 units: 2 - 1.6 = 0.4 ms saved, against 0.04.
    expect(gate.shouldSplit('k', 2e7, 2, true)).toBe(true);
  });

  it('stops splitting calls of a size that lost twice in a row until a probe (spaced further after each lost one) pays', () => {
    const gate = new SplitGate(1);
    singles(gate, 'k', 1e-7);
    for (let i = 0; i < 40; i++) gate.observe('k', 1e6, 0.1, 0.01, true, 2e6); // 0.11 ms against 0.2: paid
    expect(gate.floor('k', true)).toBe(0);
    expect(gate.shouldSplit('k', 2e6, 2, true)).toBe(true);
    // One that took 0.25 ms (e.g. the worker lost its core) against the single call's 0.2: once may be chance.
    expect(LOSSES_TO_FLOOR).toBe(2);
    gate.observe('k', 1e6, 0.1, 0.15, true, 2e6);
    expect(gate.floor('k', true)).toBe(0);
    gate.observe('k', 1e6, 0.1, 0.01, true, 2e6); // a win in between starts the count again
    gate.observe('k', 1e6, 0.1, 0.15, true, 2e6);
    expect(gate.floor('k', true)).toBe(0);
    gate.observe('k', 1e6, 0.1, 0.15, true, 2e6); // twice in a row
    expect(gate.floor('k', true)).toBe(2e6);
    expect(gate.floor('k', false)).toBe(0); // the sleeping hand-off's floor is its own
    expect(gate.shouldSplit('k', 2e6, 2, true)).toBe(false); // 0.2 ms of declined work towards a probe
    expect(gate.shouldSplit('k', 4e6, 2, true)).toBe(true); // larger calls are not held back
    expect(gate.worthWaking('k', 2e6, 2)).toBe(false);
    // Declined calls of 0.2 ms: a probe after PROBE_BUDGET * 2 (doubled by the loss) hand-offs of them.
    // (Calls of 1.5e6 units, 0.15 ms, also lost at 2e6: 0.15 ms does not divide the budget.)
    const handoff = Math.max(gate.handoffMs, gate.awakeHandoffMs);
    const perProbe = Math.ceil((PROBE_BUDGET * 2 * handoff - 0.2) / 0.15);
    const decisions = Array.from({ length: perProbe }, () => gate.shouldSplit('k', 1.5e6, 2, true));
    expect(decisions.filter(Boolean).length).toBe(1);
    expect(decisions[perProbe - 1]).toBe(true);
    gate.observe('k', 1e6, 0.1, 0.01, true, 2e6); // the probe paid: the floor drops to half its work
    expect(gate.floor('k', true)).toBe(1e6);
    for (let i = 0; i < 10; i++) gate.observe('k', 1e6, 0.1, 0.01, true, 2e6); // (the hand-off back to ~0.01 ms)
    expect(gate.shouldSplit('k', 2e6, 2, true)).toBe(true);
    // Losses double the probe budget up to MAX_BACKOFF times.
    for (let i = 0; i < 10; i++) gate.observe('k', 1e6, 0.1, 0.5, true, 2e6);
    const slowest = Math.max(gate.handoffMs, gate.awakeHandoffMs);
    const longest = Math.ceil((PROBE_BUDGET * MAX_BACKOFF * slowest) / 0.15);
    const later = Array.from({ length: longest }, () => gate.shouldSplit('k', 1.5e6, 2, true));
    expect(later.filter(Boolean).length).toBe(1);
    expect(later[longest - 1]).toBe(true);
  });
});
