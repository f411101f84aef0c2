import { describe, expect, it } from 'vitest';
import { LatestRequest } from './latest-request.ts';

describe('LatestRequest', () => {
  it('aborts the previous request when a new one starts, and only the newest is latest', () => {
    const latest = new LatestRequest();
    const first = latest.next();
    expect(latest.isLatest(first)).toBe(true);
    const second = latest.next();
    expect(first.aborted).toBe(true);
    expect(second.aborted).toBe(false);
    expect(latest.isLatest(first)).toBe(false);
    expect(latest.isLatest(second)).toBe(true);
  });

  it('cancel() aborts the newest request, which is then no longer shown', () => {
    const latest = new LatestRequest();
    latest.cancel(); // nothing to cancel yet
    const signal = latest.next();
    latest.cancel();
    expect(signal.aborted).toBe(true);
    expect(latest.isLatest(signal)).toBe(false);
  });
});
