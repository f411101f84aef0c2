/**
 * One AbortSignal per request, aborting the one before: a page that re-runs a job on every input
 * (the tokenizer on each keystroke) cancels the stale job in the worker instead of letting it run.
 */
export class LatestRequest {
  private controller: AbortController | undefined;

  /** A signal for a new request; the previous request's signal is aborted. */
  next(): AbortSignal {
    this.controller?.abort();
    this.controller = new AbortController();
    return this.controller.signal;
  }

  /** Whether `signal` belongs to the newest request (only its result or error is shown). */
  isLatest(signal: AbortSignal): boolean {
    return this.controller?.signal === signal && !signal.aborted;
  }

  /** Aborts the newest request, if any. */
  cancel(): void {
    this.controller?.abort();
  }
}
