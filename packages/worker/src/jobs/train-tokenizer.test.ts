// Cancellation of the trainTokenizer job inside one thread, counted in events and checks (never
// timed): a JobContext that records every progress report and counts every read of `cancelled`
// (the trainers' `shouldStop`) shows where the job stops once the cancel is set.
import { Generator } from '@neurite/tensor';
import { CANCEL_CHECK_INTERVAL } from '@neurite/tokenizers';
import { describe, expect, it } from 'vitest';
import { JobCancelledError } from '../errors.ts';
import { JobContext } from '../job-context.ts';
import type { TokenizerTrainingProgress, TrainTokenizerRequest } from './tokenize-types.ts';
import { trainTokenizer } from './train-tokenizer.ts';

/** Records reports; `cancelled` turns true at read number `cancelAtRead` (1-based), or when the shared flag is set. */
class CountingContext extends JobContext<TokenizerTrainingProgress> {
  readonly events: TokenizerTrainingProgress[] = [];
  /** How many times `cancelled` had been read when each report was made. */
  readonly readsAtReport: number[] = [];
  readonly flag = new Int32Array(new SharedArrayBuffer(4));
  reads = 0;
  /** Reports made after the cancel was set. */
  reportsAfterCancel = 0;

  constructor(
    private readonly cancelAtRead = Infinity,
    private readonly onReport: (event: TokenizerTrainingProgress, context: CountingContext) => void = () => undefined,
  ) {
    super('trainTokenizer', { id: 1 });
    (this as unknown as { control: { cancelFlag: Int32Array } }).control.cancelFlag = this.flag;
  }

  cancel(): void {
    Atomics.store(this.flag, 0, 1);
  }

  override get cancelled(): boolean {
    if (++this.reads >= this.cancelAtRead) this.cancel();
    return super.cancelled;
  }

  override async report(event: TokenizerTrainingProgress): Promise<void> {
    if (Atomics.load(this.flag, 0) === 1) this.reportsAfterCancel++;
    this.events.push(event);
    this.readsAtReport.push(this.reads);
    this.onReport(event, this);
  }
}

/** `count` words of 1-4 seeded syllables, space-separated: many distinct words, so real merge work. */
function syllableText(count: number, seed: number): string {
  const random = new Generator(seed);
  const syllables = ['ka', 'lo', 'mi', 'ne', 'ru', 'ta', 'zo', 'qui', 'ber', 'ston', 'ing', 'ed', 'ph', 'ax'];
  const words: string[] = [];
  for (let w = 0; w < count; w++) {
    let word = '';
    for (let s = random.integer(1, 5); s > 0; s--) word += syllables[random.integer(0, syllables.length)];
    words.push(word);
  }
  return words.join(' ');
}

const TEXT = syllableText(40_000, 3);

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected the job to be cancelled');
    },
    (error: unknown) => error,
  );
}

describe('trainTokenizer cancellation (counted)', () => {
  for (const model of ['bpe', 'wordpiece'] as const) {
    const request: TrainTokenizerRequest = { text: TEXT, model, vocabSize: 1000 };
    /** The uncancelled run, made once: its reports and its count of checks. */
    let fullRun: Promise<CountingContext> | undefined;
    const uncancelled = () =>
      (fullRun ??= (async () => {
        const context = new CountingContext();
        await trainTokenizer(request, context);
        return context;
      })());

    it(`${model}: a cancel set in the 3rd merges report stops training at once: no further report, fewer merges`, async () => {
      const full = await uncancelled();
      const done = full.events.at(-1)!;
      expect(done.phase).toBe('done');

      let merges = 0;
      const context = new CountingContext(Infinity, (event, self) => {
        if (event.phase === 'merges' && ++merges === 3) self.cancel();
      });
      expect(await rejection(trainTokenizer(request, context))).toBeInstanceOf(JobCancelledError);
      expect(context.reportsAfterCancel).toBe(0);
      const last = context.events.at(-1)!;
      expect(last.phase).toBe('merges');
      expect(last.merges).toBe(2 * (1000 / 50)); // reports at 0, 20 and 40 merges
      expect(last.merges).toBeLessThan(done.merges);
    });

    it(`${model}: between progress reports the trainer checks every CANCEL_CHECK_INTERVAL units of work; a cancel stops it at the next check`, async () => {
      expect(TEXT.length).toBeGreaterThan(4 * CANCEL_CHECK_INTERVAL);
      const full = await uncancelled();
      const done = full.events.at(-1)!;
      // Each report is followed by one check; the other checks of the synchronous training call
      // (after its first report, which has no `chars`) are the trainer's checks at bounded work.
      const first = full.events.findIndex((e) => e.chars === undefined);
      const afterReport = new Set(full.readsAtReport.map((r) => r + 1));
      const intervalChecks: number[] = [];
      for (let read = full.readsAtReport[first]! + 1; read < full.reads; read++) if (!afterReport.has(read)) intervalChecks.push(read);
      expect(intervalChecks.length).toBeGreaterThan(4);
      for (const at of [intervalChecks[0]!, intervalChecks[intervalChecks.length >> 1]!, intervalChecks.at(-1)!]) {
        const context = new CountingContext(at);
        expect(await rejection(trainTokenizer(request, context))).toBeInstanceOf(JobCancelledError);
        expect(context.reads, `cancelled at check ${at} of ${full.reads}`).toBe(at);
        expect(context.reportsAfterCancel).toBe(0);
        expect(context.events.at(-1)!.merges).toBeLessThan(done.merges);
      }
    });
  }
});
