// When splitting one kernel call across the pool pays, decided from the work it would hand out.
//
// A call of W units of work costs W * r1 on one thread (r1: the kernel's time per unit measured on
// the calls the gate kept whole, which the pool times). Split into p equal parts it costs the
// caller its own part, W / p * r2 (r2: the caller's time per unit measured on split calls; larger
// than r1 when the second thread slows the first down, e.g. another process holding the second
// vCPU or the two threads sharing caches and memory bandwidth), plus the hand-off H: writing the
// tasks, waking the workers and waiting for the last of them after the caller's part is done. The
// split pays when W r1 - W / p r2 > H; the gate asks for MARGIN times H, so a split it allows is
// faster by a clear amount, not by noise. (Estimating the single call as p parts, as the gate once
// did, credited a split with the slowdown its own second thread caused.)
//
// r1, r2 and H are measured: r1 on single calls (ThreadPool.single), r2 and H on the split calls
// themselves, the pool timing the caller's own part and the wait that follows. A worker that wakes
// late (a loaded machine, a halted virtual CPU) shows up as a large H and the gate stops splitting
// all but the largest calls. (A worker that has not started its part when the caller is done with
// its own gets it taken back: the caller runs it, so such a call costs about one thread's time, and
// the part's time counts in H.) A kernel splits only once two of its single calls have been timed
// (the first of a shape may be cold); until then its calls stay whole, which costs nothing.
//
// Hysteresis: LOSSES_TO_FLOOR splits in a row (of a kernel, to one kind of hand-off: spinning or
// sleeping workers) whose total time (part + hand-off) exceeded the single call's W r1 raise the
// kernel's floor for that kind to W, so calls of that size or less stay whole instead of losing
// again on every call, whatever the smoothed estimates say; a split that paid lowers the floor to
// half its work. (One lost split alone may be a worker that lost its core once: a split that
// usually pays would then stay whole until the next probe.) Every SINGLE_REFRESH splits of a kernel,
// one call it would split runs whole to time the single call again.
//
// Since declined calls teach the gate nothing about hand-offs, a declined call that has at least
// `minWork` is split anyway to refresh the figures once the declined calls of its kernel since the
// last such probe add up to PROBE_BUDGET hand-offs of single-threaded work (their W * r1): a probe
// costs at most about one hand-off more than running alone, so probing takes at most
// ~1/PROBE_BUDGET of the time the gate keeps on one thread, whether the hand-off is 50 microseconds
// (an idle machine: probes every ~3 ms of declined work) or 15 ms (a loaded one: every ~1 s). A
// probe that loses doubles its kernel's budget (up to MAX_BACKOFF times), one that pays resets it.
//
// The hand-off has two costs, kept apart: handing a task to a worker that is still spinning after
// its last one (a few microseconds to some tens) and to one asleep in Atomics.wait (a futex wake,
// then the scheduler: ~0.2 ms on an idle 2-vCPU virtual machine, milliseconds on a loaded one). The
// pool tells the gate which it is at each call (the worker's SLEEP word). With one estimate for both,
// the sleeping figure dominated, since a declined call lets the worker fall asleep: the gate then
// declined the calls a training loop makes back to back (the char LSTM's per-step products, 0.1-0.2 ms
// each, every ~0.1 ms), whose hand-off would have been the spinning one.
//
// The gate holds no clock: callers pass the times, so its rule is tested with made-up figures.

/** Required advantage of a split: W r1 - W / p r2 must exceed MARGIN * H. */
export const MARGIN = 2;
/** A declined call splits anyway once the declined work of its kernel since its last probe reaches PROBE_BUDGET hand-offs. */
export const PROBE_BUDGET = 64;
/** A probe that loses doubles its kernel's probe budget, up to this many times PROBE_BUDGET. */
export const MAX_BACKOFF = 16;
/** Lost splits in a row (of a kernel, to one kind of hand-off) that raise its floor. */
export const LOSSES_TO_FLOOR = 2;
/** Single calls of a kernel timed before it may split (the first call of a shape may run cold). */
export const SINGLES_BEFORE_SPLIT = 2;
/**
 * Splits of a kernel after which one call it would split stays whole, to time the single call again
 * (a kernel that always splits would otherwise keep the single-call time of its first calls, e.g.
 * taken while other jobs slowed the machine down). Costs at most one call's saving in this many.
 */
export const SINGLE_REFRESH = 64;
/** Weight of a new observation in the running estimates (exponential smoothing). */
const WEIGHT = 0.25;
/**
 * Largest rise of the single-call rate per observation (a factor). A call whose thread lost its core
 * in its middle measures many times too long, and a single-call rate inflated that way would make
 * small calls split (and pay the hand-off) until it decayed; being descheduled never makes a call
 * look shorter, so lower rates are taken at WEIGHT and higher ones at WEIGHT but by at most this
 * factor per call (a machine that turned slower for good is followed within some tens of calls).
 * Before a kernel splits, its single-call rate is the lowest of its timings. (The caller's part in
 * splits, r2, moves at WEIGHT both ways: an inflated r2 only keeps calls whole.)
 */
const MAX_RISE = 1.05;
/**
 * Wakes (see worthWaking) the gate allows without a split to a spinning worker in between: a wake
 * that finds no call to split by the time the worker falls asleep again only cost the caller a
 * notify and the worker a spin (a core, on a machine whose other core is busy), so wakes stop until
 * a split to a spinning worker shows they pay again.
 */
export const WAKE_CREDIT = 8;
/** The hand-off before anything is measured: some tens of microseconds on an idle machine. */
export const INITIAL_HANDOFF_MS = 0.05;

/** What the gate knows of one kernel. */
interface KernelFigures {
  /** ms per unit of work of single calls (r1), once timed. */
  single?: number;
  /** Single calls timed so far (up to SINGLES_BEFORE_SPLIT). */
  singles: number;
  /** ms per unit of work of the caller's own part in split calls (r2), once measured. */
  part?: number;
  /** Work up to which splits lost, to sleeping [0] and to spinning [1] workers. */
  floor: [number, number];
  /** Lost splits in a row, to sleeping [0] and to spinning [1] workers. */
  losses: [number, number];
  /** Estimated single-threaded time (ms) of its calls declined since its last probe. */
  declinedMs: number;
  /** Multiplier of its probe budget (1 to MAX_BACKOFF). */
  backoff: number;
  /** Splits since its single call was last timed. */
  splits: number;
  /** Its splits held against a timed single call so far, those of them that lost, and the time they saved in all (ms; negative: lost). */
  tally: { splits: number; lost: number; savedMs: number };
}

/** What the gate has measured and decided for one kernel (SplitGate.summary). */
export interface KernelSummary {
  kernel: string;
  /** ms per unit of work of its single calls and of the caller's parts of its splits. */
  singleRate: number | undefined;
  partRate: number | undefined;
  /** Work up to which its splits to spinning / sleeping workers lost (0: none). */
  floorAwake: number;
  floorAsleep: number;
  /** Its splits held against the single call's time, those that lost, and the time saved in all (ms). */
  splits: number;
  lost: number;
  savedMs: number;
}

export class SplitGate {
  /** Smoothed hand-off cost of one split call to sleeping workers, ms. */
  handoffMs = INITIAL_HANDOFF_MS;
  /** Smoothed hand-off cost of one split call to workers still spinning after their last task, ms. */
  awakeHandoffMs = INITIAL_HANDOFF_MS;
  private readonly figures = new Map<string, KernelFigures>();
  /** Wakes left before a split to spinning workers must show that waking them pays. */
  private wakeCredit = WAKE_CREDIT;

  constructor(readonly minWork: number) {}

  private of(kernel: string): KernelFigures {
    let f = this.figures.get(kernel);
    if (f === undefined) {
      f = { singles: 0, floor: [0, 0], losses: [0, 0], declinedMs: 0, backoff: 1, splits: 0, tally: { splits: 0, lost: 0, savedMs: 0 } };
      this.figures.set(kernel, f);
    }
    return f;
  }

  /** Time (ms) a split of `work` into `parts` is expected to save over the single call, before the hand-off; undefined while unknown. */
  private saving(f: KernelFigures | undefined, work: number, parts: number): number | undefined {
    if (f === undefined || f.single === undefined || f.singles < SINGLES_BEFORE_SPLIT) return undefined;
    return work * f.single - (work / parts) * (f.part ?? f.single);
  }

  /**
   * Whether `work` units of `kernel` split into `parts` parts (>= 2) are worth handing out; `awake`:
   * every worker is spinning (not asleep), so the awake hand-off applies. A kernel's calls stay whole
   * until SINGLES_BEFORE_SPLIT of them have been timed (observeSingle).
   */
  shouldSplit(kernel: string, work: number, parts: number, awake = false): boolean {
    if (work < this.minWork || parts < 2) return false;
    const f = this.of(kernel);
    const saving = this.saving(f, work, parts);
    if (saving === undefined) return false;
    const handoff = awake ? this.awakeHandoffMs : this.handoffMs;
    if (work > f.floor[awake ? 1 : 0] && saving > MARGIN * handoff) return f.splits < SINGLE_REFRESH;
    // Probes are spaced by the sleeping hand-off: the larger, so the rarer.
    f.declinedMs += work * f.single!;
    if (f.declinedMs < PROBE_BUDGET * f.backoff * Math.max(this.handoffMs, this.awakeHandoffMs)) return false;
    f.declinedMs = 0;
    return true;
  }

  /**
   * Whether a call the gate declined because the workers sleep would split were they spinning (and
   * the wake credit is not spent; a true answer spends one): the pool then wakes them without a task
   * (a futex wake, some microseconds for the caller), so that the next such call, if it comes within
   * their spin (~0.3 ms: the products of a recurrent layer's time loop come every ~0.1-0.2 ms), finds
   * them awake. Without it such a loop never split: each declined call let the workers fall asleep again.
   */
  worthWaking(kernel: string, work: number, parts: number): boolean {
    if (parts < 2 || work < this.minWork || this.wakeCredit <= 0) return false;
    const f = this.figures.get(kernel);
    const saving = this.saving(f, work, parts);
    if (saving === undefined || work <= f!.floor[1] || saving <= MARGIN * this.awakeHandoffMs) return false;
    this.wakeCredit--;
    return true;
  }

  /** Feeds the time of one single (unsplit) call of `work` units of `kernel` that the gate declined. */
  observeSingle(kernel: string, work: number, ms: number): void {
    if (!(work > 0 && ms > 0)) return;
    const f = this.of(kernel);
    const rate = ms / work, old = f.single;
    if (old === undefined || (f.singles < SINGLES_BEFORE_SPLIT && rate < old)) f.single = rate;
    else if (f.singles >= SINGLES_BEFORE_SPLIT) f.single = Math.min(old + WEIGHT * (rate - old), old * MAX_RISE);
    if (f.singles < SINGLES_BEFORE_SPLIT) f.singles++;
    f.splits = 0;
  }

  /**
   * Feeds one split call's figures: the caller's own part (`partWork` units in `partMs`) and the
   * hand-off (`handoffMs`: dispatch plus the wait for the workers after the caller's part), to
   * workers that were all spinning (`awake`) or not; `work`: the whole call's units, whose single
   * time the split's total is held against (a split that lost raises the floor, see above). Wakes
   * get their credit back from a split to spinning workers that paid (or of unknown worth).
   */
  observe(kernel: string, partWork: number, partMs: number, handoffMs: number, awake = false, work = 0): void {
    const f = this.of(kernel);
    if (partWork > 0 && partMs > 0) {
      const rate = partMs / partWork;
      f.part = f.part === undefined ? rate : f.part + WEIGHT * (rate - f.part);
    }
    f.splits++;
    if (handoffMs < 0) return;
    const lost = work > 0 && f.single !== undefined && partMs + handoffMs >= work * f.single;
    if (work > 0 && f.single !== undefined) {
      f.tally.splits++;
      if (lost) f.tally.lost++;
      f.tally.savedMs += work * f.single - (partMs + handoffMs);
    }
    if (awake) {
      if (!lost) this.wakeCredit = WAKE_CREDIT;
      this.awakeHandoffMs += WEIGHT * (handoffMs - this.awakeHandoffMs);
    } else {
      this.handoffMs += WEIGHT * (handoffMs - this.handoffMs);
    }
    if (work > 0 && f.single !== undefined) {
      const kind = awake ? 1 : 0;
      if (lost) {
        if (++f.losses[kind] >= LOSSES_TO_FLOOR) {
          f.floor[kind] = Math.max(f.floor[kind], work);
          f.backoff = Math.min(2 * f.backoff, MAX_BACKOFF);
        }
      } else {
        f.losses[kind] = 0;
        f.floor[kind] = Math.min(f.floor[kind], work / 2);
        f.backoff = 1;
      }
    }
  }

  /** The measured time per unit of work of `kernel`'s caller part in split calls (ms), if any split of it has run. */
  rate(kernel: string): number | undefined {
    return this.figures.get(kernel)?.part;
  }

  /** The measured time per unit of work of `kernel`'s single calls (ms), if any has been timed. */
  singleRate(kernel: string): number | undefined {
    return this.figures.get(kernel)?.single;
  }

  /** Per kernel, what the gate measured and how its splits did against the single call (for benchmarks and profiles). */
  summary(): KernelSummary[] {
    return [...this.figures].map(([kernel, f]) => ({
      kernel, singleRate: f.single, partRate: f.part, floorAwake: f.floor[1], floorAsleep: f.floor[0],
      splits: f.tally.splits, lost: f.tally.lost, savedMs: f.tally.savedMs,
    }));
  }

  /** summary() as one line per kernel, for a benchmark's log. */
  report(): string[] {
    const ns = (rate: number | undefined) => (rate === undefined ? '-' : `${(rate * 1e6).toPrecision(3)} ns`);
    return this.summary().map((k) =>
      `${k.kernel}: ${k.splits} splits held against the whole call, ${k.lost} lost, ${k.savedMs.toFixed(2)} ms saved in all; ` +
      `per unit ${ns(k.singleRate)} whole, ${ns(k.partRate)} the caller's part; floors ${k.floorAwake} (spinning), ${k.floorAsleep} (asleep)`);
  }

  /** Work up to which `kernel`'s splits lost, to spinning (`awake`) or sleeping workers (0: none lost). */
  floor(kernel: string, awake: boolean): number {
    return this.figures.get(kernel)?.floor[awake ? 1 : 0] ?? 0;
  }
}
