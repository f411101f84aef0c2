/**
 * An optional count of the work the encoders do: a machine-independent measure for tests of linear
 * behaviour and for diagnostics (a test asserts counts; it never times). Nothing is counted unless
 * a counter is active (see countWork): each instrumented loop checks `WORK.counter` once per call
 * and adds its total, so the cost without a counter is one load and one branch.
 */
export interface WorkCounter {
  /** Merge-loop steps of the BPE models (scan steps of short pieces, queue pops of long ones). */
  merges: number;
  /** UTF-16 units examined by the pre-tokenizers (every read, look-ahead and back-tracking included). */
  scanned: number;
  /** WordPiece vocabulary probes (hash-table lookups; each hashes no more units than it probes). */
  probes: number;
  /** Lookups of whole words or characters by word- and character-level models. */
  lookups: number;
}

/** The active counter, or undefined (the default: nothing is counted). */
export const WORK: { counter: WorkCounter | undefined } = { counter: undefined };

/** Adds `amount` to one count of the active counter, if any (for loops that total their work first). */
export function addWork(kind: keyof WorkCounter, amount: number): void {
  const work = WORK.counter;
  if (work !== undefined) work[kind] += amount;
}

/** Runs `fn` with a fresh counter active and returns what it counted (nested calls count separately). */
export function countWork(fn: () => void): WorkCounter {
  const counter: WorkCounter = { merges: 0, scanned: 0, probes: 0, lookups: 0 };
  const previous = WORK.counter;
  WORK.counter = counter;
  try {
    fn();
  } finally {
    WORK.counter = previous;
  }
  return counter;
}
