// Cancellation of training (shouldStop / signal): tested by counted events (progress calls, checks),
// never by time.
import { describe, expect, test } from 'vitest';
import { TokenizerCancelledError } from '../errors.ts';
import { trainWordPiece, WordPieceTrainer } from '../wordpiece/wordpiece-trainer.ts';
import { BpeTrainer, trainBpe } from './bpe-trainer.ts';
import { CHECK_INTERVAL } from './cancellation.ts';
import { learnMerges } from './learn-merges.ts';

/** Seeded lines of made-up words (a linear congruential generator; no Math.random). */
function corpus(lineCount: number, seed = 12345): string[] {
  let state = seed;
  const next = (n: number): number => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return (state >>> 8) % n;
  };
  const syllables = ['ka', 'lo', 'mi', 'ne', 'ru', 'ta', 'zo', 'qui', 'ber', 'ston', 'ing', 'ed'];
  const lines: string[] = [];
  for (let l = 0; l < lineCount; l++) {
    const words: string[] = [];
    for (let w = 0; w < 8; w++) {
      let word = '';
      for (let s = 1 + next(4); s > 0; s--) word += syllables[next(syllables.length)];
      words.push(word);
    }
    lines.push(`${words.join(' ')}.`);
  }
  return lines;
}

function cancelled(run: () => unknown): TokenizerCancelledError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(TokenizerCancelledError);
    return error as TokenizerCancelledError;
  }
  throw new Error('expected TokenizerCancelledError');
}

const LINES = corpus(400);

describe('training cancellation', () => {
  test('learnMerges stops after the 3rd progress call, with fewer merges than a full run', () => {
    const words = new Map([['abcdefgh', 2], ['abcd', 3], ['efgh', 1]]);
    const full = learnMerges(words, { vocabSize: 100, progressInterval: 2 });
    let calls = 0;
    const error = cancelled(() => learnMerges(words, { vocabSize: 100, progressInterval: 2, onProgress: () => calls++, shouldStop: () => calls >= 3 }));
    // progress calls: alphabet, merges 0, merges 2 -> stopped there
    expect(calls).toBe(3);
    expect(error.phase).toBe('merges');
    expect(error.merges).toBe(2);
    expect(full.merges.length).toBeGreaterThan(error.merges);
  });

  test('trainBpe stops after the 3rd merge report; an AbortSignal-like signal gives its reason as cause', () => {
    const full = trainBpe(LINES, { vocabSize: 600, progressInterval: 10 });
    let merges = 0;
    const reason = new Error('user cancelled');
    const signal = { aborted: false, reason };
    const error = cancelled(() =>
      trainBpe(LINES, {
        vocabSize: 600,
        progressInterval: 10,
        onProgress: (p) => {
          if (p.phase === 'merges' && ++merges === 3) signal.aborted = true;
        },
        signal,
      }),
    );
    expect(error.phase).toBe('merges');
    expect(error.merges).toBe(20); // reports at 0, 10, 20 merges
    expect(error.cause).toBe(reason);
    expect(full.merges.length).toBeGreaterThan(error.merges);
  });

  test('an AbortController signal aborted before train stops at the first check', () => {
    const controller = new AbortController();
    const trainer = new BpeTrainer({ vocabSize: 600, signal: controller.signal }).feed(LINES);
    controller.abort('stop');
    const error = cancelled(() => trainer.train());
    expect(error.phase).toBe('words');
    expect(error.merges).toBe(0);
    expect(error.cause).toBe('stop');
  });

  test('checks happen at bounded intervals of work inside merge learning, between progress reports', () => {
    const words = new Map(corpus(3000).flatMap((line) => line.split(' ')).map((w, i) => [`${w}${i % 50}`, 1 + (i % 7)] as const));
    const symbols = [...words.keys()].reduce((n, w) => n + w.length, 0);
    let checks = 0;
    // no merge reports: only the interval checks (and the phase reports) ask
    const options = { vocabSize: 2000, progressInterval: 1e9 };
    const full = learnMerges(words, { ...options, shouldStop: () => (checks++, false) });
    // the alphabet pass alone visits every symbol once
    expect(checks).toBeGreaterThanOrEqual(Math.floor(symbols / CHECK_INTERVAL));
    const total = checks;
    let seen = 0;
    const error = cancelled(() => learnMerges(words, { ...options, shouldStop: () => ++seen >= total }));
    expect(error.phase).toBe('merges');
    expect(error.merges).toBeGreaterThan(0);
    expect(error.merges).toBeLessThan(full.merges.length);
  });

  test('feed checks at text boundaries: a stop inside a long feed is a typed error', () => {
    const long = Array.from({ length: 4 }, () => 'x'.repeat(CHECK_INTERVAL));
    expect(cancelled(() => new BpeTrainer({ shouldStop: () => true }).feed(long)).phase).toBe('words');
    expect(cancelled(() => new WordPieceTrainer({ shouldStop: () => true }).feed(long)).phase).toBe('words');
  });

  test('WordPiece: incremental feed equals one call; training stops after the 3rd progress call', () => {
    const whole = trainWordPiece(LINES, { vocabSize: 300 });
    const trainer = new WordPieceTrainer({ vocabSize: 300 });
    for (let i = 0; i < LINES.length; i += 50) trainer.feed(LINES.slice(i, i + 50));
    const chunked = trainer.train();
    expect([...chunked.vocab]).toEqual([...whole.vocab]);

    let calls = 0;
    const error = cancelled(() => trainWordPiece(LINES, { vocabSize: 300, progressInterval: 5, onProgress: () => calls++, shouldStop: () => calls >= 3 }));
    expect(calls).toBe(3);
    expect(error.phase).toBe('merges');
    expect(error.merges).toBe(5);
    let fullMerges = 0;
    trainWordPiece(LINES, { vocabSize: 300, onProgress: (p) => void (p.phase === 'done' && (fullMerges = p.merges)) });
    expect(fullMerges).toBeGreaterThan(error.merges);
  });
});
