/**
 * Typed errors of the worker runtime. Every pending call of a worker that errors, exits, runs out of
 * memory or is terminated rejects with a WorkerTerminatedError; a job that fails inside a live worker
 * rejects with a WorkerJobError that carries the remote error's name and code.
 */
import { NeuriteError } from '@neurite/kernels';

/** Why a worker stopped serving calls. */
export type TerminationReason = 'terminated' | 'error' | 'exit' | 'out-of-memory' | 'message-error';

/** The worker is gone: it was terminated, threw an uncaught error, exited or ran out of memory. */
export class WorkerTerminatedError extends NeuriteError {
  // Spelled out: minifiers rename classes, and the name crosses the worker boundary.
  override readonly name = 'WorkerTerminatedError';
  readonly reason: TerminationReason;
  constructor(reason: TerminationReason, detail?: string, options?: { cause?: unknown }) {
    super(
      `the worker stopped (${reason})${detail ? `: ${detail}` : ''}; every pending and later call is rejected. ` +
        'Create a new worker to continue',
      'WORKER_TERMINATED',
    );
    this.reason = reason;
    if (options?.cause !== undefined) (this as { cause?: unknown }).cause = options.cause;
  }
}

/** A job threw inside a live worker. `remoteName`/`remoteCode` are the original error's name and code. */
export class WorkerJobError extends NeuriteError {
  override readonly name = 'WorkerJobError';
  readonly remoteName: string;
  readonly remoteCode: string | undefined;
  constructor(job: string, remoteName: string, message: string, remoteCode?: string) {
    super(`${job} failed in the worker: ${remoteName}: ${message}`, 'WORKER_JOB');
    this.remoteName = remoteName;
    this.remoteCode = remoteCode;
  }
}

/**
 * The job was cancelled through its AbortSignal before it finished. A training job cancelled after
 * its first step keeps the partly trained model in the worker: `modelId` names it (for predict(),
 * weights(), ...), and `epochsCompleted` / `batchesCompleted` say how far it got.
 */
export class JobCancelledError extends NeuriteError {
  override readonly name = 'JobCancelledError';
  declare readonly modelId?: string;
  declare readonly epochsCompleted?: number;
  declare readonly batchesCompleted?: number;
  constructor(job: string, partial?: { modelId: string; epochsCompleted: number; batchesCompleted: number }) {
    super(
      partial === undefined
        ? `${job} was cancelled`
        : `${job} was cancelled after ${partial.batchesCompleted} batches (${partial.epochsCompleted} full epochs); the partly trained model is kept as ${partial.modelId}`,
      'JOB_CANCELLED',
    );
    if (partial !== undefined) {
      this.modelId = partial.modelId;
      this.epochsCompleted = partial.epochsCompleted;
      this.batchesCompleted = partial.batchesCompleted;
    }
  }
}

/** The job needs a library this build of the worker does not have yet (no fake result is produced). */
export class JobUnavailableError extends NeuriteError {
  override readonly name = 'JobUnavailableError';
  constructor(job: string, why: string) {
    super(`${job} is not available: ${why}`, 'JOB_UNAVAILABLE');
  }
}

/** A job request is malformed: names the field, what it was and what was expected. */
export class WorkerArgumentError extends NeuriteError {
  override readonly name = 'WorkerArgumentError';
  constructor(field: string, problem: string) {
    super(`${field} ${problem}`, 'WORKER_ARGUMENT');
  }
}
