// When splitting one kernel call across the pool pays, decided from the work it would hand out.
//
// A split of W units of work into p equal parts costs the caller its own part, t = W / p * r (r: the
// kernel's time per unit on this machine), plus the hand-off H: writing the tasks, waking the
// workers and waiting for the last of them after the caller's part is done. One call costs p * t.
// The split pays when p * t > t + H, i.e. (p - 1) * t > H; the gate asks for MARGIN times that, so
// a split it allows is faster by a clear amount, not by noise.
//
// r (per kernel) and H are measured on the split calls themselves: the pool times the caller's own
// part and the wait that follows, and feeds them to `observe`. A worker that wakes late (a loaded
// machine, a halted virtual CPU) shows up as a large H and the gate stops splitting all but the
// largest calls. (A worker that has not started its part when the caller is done with its own
// gets it taken back: the caller runs it, so such a call costs about one thread's time, and the
// part's time counts in H.) Since declined calls teach it nothing, a declined call that has at least `minWork`
// is split anyway to refresh the figures once the declined calls since the last such probe add up
// to PROBE_BUDGET hand-offs of single-threaded work (their W * r): a probe costs at most about one
// hand-off more than running alone, so probing takes at most ~1/PROBE_BUDGET of the time the gate
// keeps on one thread, whether the hand-off is 50 microseconds (an idle machine: probes every
// ~3 ms of declined work) or 15 ms (a loaded one: every ~1 s). Counting calls instead (every
// 64th) made a loaded machine's char LSTM pay a 15-30 ms hand-off twice per training step. Before
// a kernel's first split its r is unknown and the call splits when it reaches `minWork` (the
// static rule).
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

/** Required advantage of a split: (p - 1) * t must exceed MARGIN * H. */
export const MARGIN = 2;
/** A declined call splits anyway once the declined work since the last probe reaches PROBE_BUDGET hand-offs. */
export const PROBE_BUDGET = 64;
/** Weight of a new observation in the running estimates (exponential smoothing). */
const WEIGHT = 0.25;
/**
 * Weight of a rate observation above the current estimate. A caller whose thread lost its core in
 * the middle of its part measures a part many times too long, and an estimate inflated that way
 * would let tiny calls split (and pay the hand-off) until it decayed; being descheduled never makes
 * a part look shorter, so lower rates are taken at WEIGHT and higher ones only slowly.
 */
const RISE_WEIGHT = 0.02;
/**
 * Wakes (see worthWaking) the gate allows without a split to a spinning worker in between: a wake
 * that finds no call to split by the time the worker falls asleep again only cost the caller a
 * notify and the worker a spin (a core, on a machine whose other core is busy), so wakes stop until
 * a split to a spinning worker shows they pay again.
 */
export const WAKE_CREDIT = 8;
/** The hand-off before anything is measured: some tens of microseconds on an idle machine. */
export const INITIAL_HANDOFF_MS = 0.05;

export class SplitGate {
  /** Smoothed hand-off cost of one split call to sleeping workers, ms. */
  handoffMs = INITIAL_HANDOFF_MS;
  /** Smoothed hand-off cost of one split call to workers still spinning after their last task, ms. */
  awakeHandoffMs = INITIAL_HANDOFF_MS;
  private readonly msPerUnit = new Map<string, number>();
  /** Estimated single-threaded time (ms) of the calls declined since the last probe. */
  private declinedMs = 0;
  /** Wakes left before a split to spinning workers must show that waking them pays. */
  private wakeCredit = WAKE_CREDIT;

  constructor(readonly minWork: number) {}

  /**
   * Whether `work` units of `kernel` split into `parts` parts (>= 2) are worth handing out; `awake`:
   * every worker is spinning (not asleep), so the awake hand-off applies.
   */
  shouldSplit(kernel: string, work: number, parts: number, awake = false): boolean {
    if (work < this.minWork || parts < 2) return false;
    const rate = this.msPerUnit.get(kernel);
    if (rate === undefined) return true;
    const handoff = awake ? this.awakeHandoffMs : this.handoffMs;
    const partMs = (work / parts) * rate;
    if ((parts - 1) * partMs > MARGIN * handoff) return true;
    // Probes are spaced by the sleeping hand-off: the larger, so the rarer.
    this.declinedMs += work * rate;
    if (this.declinedMs < PROBE_BUDGET * Math.max(this.handoffMs, this.awakeHandoffMs)) return false;
    this.declinedMs = 0;
    return true;
  }

  /**
   * Whether a call the gate declined because the workers sleep would split were they spinning (and
   * the wake credit is not spent; a true answer spends one): the pool then wakes them without a task
   * (a futex wake, some microseconds for the caller), so that the next such call, if it comes within their spin (~0.3 ms: the products of a recurrent layer's time
   * loop come every ~0.1-0.2 ms), finds them awake. Without it such a loop never split: each declined
   * call let the workers fall asleep again.
   */
  worthWaking(kernel: string, work: number, parts: number): boolean {
    const rate = this.msPerUnit.get(kernel);
    if (rate === undefined || parts < 2 || work < this.minWork || this.wakeCredit <= 0) return false;
    if ((parts - 1) * (work / parts) * rate <= MARGIN * this.awakeHandoffMs) return false;
    this.wakeCredit--;
    return true;
  }

  /**
   * Feeds one split call's figures: the caller's own part (`partWork` units in `partMs`) and the
   * hand-off (`handoffMs`: dispatch plus the wait for the workers after the caller's part), to
   * workers that were all spinning (`awake`) or not.
   */
  observe(kernel: string, partWork: number, partMs: number, handoffMs: number, awake = false): void {
    if (partWork > 0 && partMs > 0) {
      const rate = partMs / partWork;
      const old = this.msPerUnit.get(kernel);
      this.msPerUnit.set(kernel, old === undefined ? rate : old + (rate < old ? WEIGHT : RISE_WEIGHT) * (rate - old));
    }
    if (handoffMs < 0) return;
    if (awake) {
      this.wakeCredit = WAKE_CREDIT;
      this.awakeHandoffMs += WEIGHT * (handoffMs - this.awakeHandoffMs);
    } else {
      this.handoffMs += WEIGHT * (handoffMs - this.handoffMs);
    }
  }

  /** The measured time per unit of work of `kernel` (ms), if any split of it has run. */
  rate(kernel: string): number | undefined {
    return this.msPerUnit.get(kernel);
  }
}
