import { JobCancelledError, WorkerArgumentError, WorkerJobError } from '@neurite/worker';
import { describe, expect, it } from 'vitest';
import { describeError } from './error-message.ts';

describe('describeError', () => {
  it('reads a worker chain as its innermost message, without class names', () => {
    expect(describeError(new WorkerJobError('train', 'WorkerArgumentError', 'epochs is 0; expected an integer in 1..10000'))).toBe(
      'Epochs is 0; expected an integer in 1..10000',
    );
    expect(describeError(new WorkerArgumentError('epochs', 'is 0; expected an integer in 1..10000'))).toBe('Epochs is 0; expected an integer in 1..10000');
    expect(describeError(new Error('fetch failed: TypeError: Failed to fetch'))).toBe('Failed to fetch');
  });

  it('says a cancel in one word, and keeps messages short and on one line', () => {
    expect(describeError(new JobCancelledError('train'))).toBe('Cancelled.');
    const long = describeError(new Error(`${'word '.repeat(100)}\nsecond line`));
    expect(long.length).toBeLessThanOrEqual(200);
    expect(long.endsWith('…')).toBe(true);
    expect(long.includes('\n')).toBe(false);
    expect(describeError('plain text')).toBe('Plain text');
    expect(describeError(new TypeError(''))).toBe('TypeError (no message)');
  });
});
