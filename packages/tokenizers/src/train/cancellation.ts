/**
 * Cancellation of long synchronous training work (merge learning, WordPiece training, word
 * counting). A worker cannot interrupt a synchronous call, so the trainers ask: `shouldStop()` (for
 * example a flag in shared memory) and `signal.aborted` are checked at bounded intervals of work
 * and after each progress report; once either says stop, training throws TokenizerCancelledError.
 */
import { TokenizerCancelledError } from '../errors.ts';

/** What `signal` needs of an AbortSignal. */
export interface CancelSignal {
  readonly aborted: boolean;
  readonly reason?: unknown;
}

export interface TrainingCancellation {
  /** Stop training (TokenizerCancelledError) when this returns true. */
  readonly shouldStop?: (() => boolean) | undefined;
  /** Stop training (TokenizerCancelledError) once this signal is aborted. */
  readonly signal?: CancelSignal | undefined;
}

/** Units of work (symbols or characters visited, words counted) between two checks. */
export const CHECK_INTERVAL = 1 << 16;

/** Counts work and checks the cancellation options every CHECK_INTERVAL units. */
export class CancelCheck {
  private work = 0;
  private readonly options: TrainingCancellation;
  readonly active: boolean;

  constructor(options: TrainingCancellation) {
    this.options = options;
    this.active = options.shouldStop !== undefined || options.signal !== undefined;
  }

  /** Adds `units` of work done in `phase`; checks once a full interval has passed. */
  tick(units: number, phase: TokenizerCancelledError['phase'], merges = 0): void {
    if (!this.active) return;
    this.work += units;
    if (this.work >= CHECK_INTERVAL) {
      this.work = 0;
      this.check(phase, merges);
    }
  }

  /** Throws TokenizerCancelledError when the options say stop. */
  check(phase: TokenizerCancelledError['phase'], merges = 0): void {
    if (!this.active) return;
    const signal = this.options.signal;
    if (signal?.aborted === true) throw new TokenizerCancelledError(phase, merges, signal.reason);
    if (this.options.shouldStop?.() === true) throw new TokenizerCancelledError(phase, merges);
  }
}
