/**
 * What a job sees inside the worker: ordered progress reporting with back-pressure (every callback
 * is awaited before the job's result is sent), cancellation checks, and a way to yield so that a
 * cancel message can arrive.
 */
import { yieldToEventLoop } from '@neurite/nn';
import * as Comlink from 'comlink';
import { JobCancelledError } from './errors.ts';
import type { JobControl } from './protocol.ts';

/**
 * At most this many progress callbacks in flight before report() waits. A job that checks for
 * cancellation after every report therefore runs at most this many units of work past the
 * callback that cancelled it.
 */
export const MAX_IN_FLIGHT = 8;

export class JobContext<P> {
  readonly job: string;
  private readonly control: JobControl;
  private readonly aborter = new AbortController();
  private readonly sink: Comlink.Remote<(event: P) => void> | undefined;
  private inFlight: Promise<unknown>[] = [];
  private callbackError: unknown;

  constructor(job: string, control: JobControl) {
    this.job = job;
    this.control = control;
    this.sink = control.progressPort !== undefined ? Comlink.wrap<(event: P) => void>(control.progressPort) : undefined;
  }

  /** Called when the client's cancel message arrives (it is sent whether or not there is a shared flag). */
  abort(): void {
    this.aborter.abort();
  }

  /**
   * Aborted when the cancel message arrives: for work that can take a signal (fetch). Synchronous
   * work reads `cancelled`, which also sees the shared flag before the message arrives.
   */
  get signal(): AbortSignal {
    return this.aborter.signal;
  }

  /** True once the client cancelled (shared flag, or a cancel message already received). */
  get cancelled(): boolean {
    const flag = this.control.cancelFlag;
    return (flag !== undefined && Atomics.load(flag, 0) === 1) || this.aborter.signal.aborted;
  }

  throwIfCancelled(): void {
    if (this.cancelled) throw new JobCancelledError(this.job);
  }

  /** Sends a progress event; waits only when too many are in flight. Callback errors fail the job. */
  async report(event: P): Promise<void> {
    if (this.sink === undefined) return;
    const call = Promise.resolve(this.sink(event as Comlink.UnproxyOrClone<P>)).catch((error: unknown) => {
      this.callbackError ??= error;
    });
    this.inFlight.push(call);
    if (this.inFlight.length >= MAX_IN_FLIGHT) await this.inFlight.shift();
    if (this.callbackError !== undefined) throw this.callbackError;
  }

  /** Awaits every progress callback sent so far. */
  async flush(): Promise<void> {
    const calls = this.inFlight;
    this.inFlight = [];
    await Promise.all(calls);
    if (this.callbackError !== undefined) throw this.callbackError;
  }

  /**
   * Called between bounded units of work (a chunk of text, a batch of rows, a timing sample): throws
   * JobCancelledError once cancelled, and lets queued messages (a cancel sent without shared memory)
   * run first.
   */
  async checkpoint(): Promise<void> {
    this.throwIfCancelled();
    await yieldToEventLoop();
    this.throwIfCancelled();
  }

  /** Releases the progress proxy explicitly (the client also closes its end when the job settles). */
  release(): void {
    this.sink?.[Comlink.releaseProxy]();
  }
}
