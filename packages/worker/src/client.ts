/**
 * The main-thread side: `createNeuriteWorker(worker)` returns typed, coarse job methods.
 * Contracts:
 * - calls made before the worker reports ready are queued and sent once it does;
 * - when the worker errors, exits, runs out of memory or is terminated, every pending call rejects
 *   at once with WorkerTerminatedError, and later calls reject immediately;
 * - progress callbacks run on a dedicated MessagePort that is closed when the job settles; the
 *   worker awaits every callback before it answers, so no update arrives after the result;
 * - request buffers listed by a job (training data, batches, weights) are transferred, not copied
 *   (the whole underlying ArrayBuffer); a buffer that cannot be transferred, such as a WebAssembly
 *   memory's, is copied instead.
 */
import * as Comlink from 'comlink';
import { JobCancelledError, WorkerTerminatedError, type TerminationReason } from './errors.ts';
import { rebuildError } from './remote-error.ts';
import {
  type HelloMessage,
  isReadyMessage,
  type JobControl,
  type JobMap,
  type JobName,
  type JobOutcome,
  type WorkerEndpointApi,
  type WorkerInfo,
} from './protocol.ts';
import { attachTarget, type AttachedTarget, type WorkerLike } from './worker-target.ts';
import type { KernelBenchmarkRequest } from './jobs/kernel-benchmark-types.ts';
import type { TokenizeRequest, TrainTokenizerRequest } from './jobs/tokenize-types.ts';
import type { DataSource, LoadWeightsRequest, PredictRequest, TrainConfig } from './jobs/train-types.ts';
import type { AttentionMapRequest, FineTuneLoraRequest, GenerateTextRequest, LoadLlama2cRequest, TrainCharModelRequest } from './jobs/language-model-types.ts';
import type { ClassifyEmailRequest, TrainSpamFilterRequest } from './jobs/spam-types.ts';

export interface JobOptions<P> {
  /** Receives progress events in order; the job resolves only after the last call returned. */
  onProgress?: (event: P) => void | Promise<void>;
  /** Aborting cancels the job; it then rejects with JobCancelledError. */
  signal?: AbortSignal;
}

type Options<K extends JobName> = JobMap[K]['progress'] extends never ? Omit<JobOptions<never>, 'onProgress'> : JobOptions<JobMap[K]['progress']>;

export interface NeuriteWorker {
  /** Resolves with the worker's capabilities once it listens; rejects if it dies first. */
  readonly ready: Promise<WorkerInfo>;
  /** The error pending and later calls reject with once the worker is gone, else undefined. */
  readonly termination: WorkerTerminatedError | undefined;
  /** Resolves (never rejects) with that error when the worker stops, for whatever reason. */
  readonly closed: Promise<WorkerTerminatedError>;
  /** Calls not yet settled (queued or running). */
  readonly pendingCalls: number;
  info(): Promise<WorkerInfo>;
  benchmarkKernel(request: KernelBenchmarkRequest, options?: Options<'benchmarkKernel'>): Promise<JobMap['benchmarkKernel']['result']>;
  tokenize(request: TokenizeRequest, options?: Options<'tokenize'>): Promise<JobMap['tokenize']['result']>;
  /** Trains a BPE or WordPiece tokenizer on `request.text`; tokenize with `{ kind: 'trained', id }`. */
  trainTokenizer(request: TrainTokenizerRequest, options?: Options<'trainTokenizer'>): Promise<JobMap['trainTokenizer']['result']>;
  /** Transfers `config.data` (and validation data) arrays to the worker: they are empty afterwards. */
  train(config: TrainConfig, options?: Options<'train'>): Promise<JobMap['train']['result']>;
  /** Transfers `request.x`. */
  predict(request: PredictRequest, options?: Options<'predict'>): Promise<JobMap['predict']['result']>;
  /** The model's weights as a safetensors file. */
  weights(modelId: string, options?: Options<'weights'>): Promise<Uint8Array>;
  /** Transfers `request.safetensors`. */
  loadWeights(request: LoadWeightsRequest, options?: Options<'loadWeights'>): Promise<{ modelId: string }>;
  /** Trains a character-level decoder on `request.text`; progress carries the loss and, now and then, a sample. */
  trainCharModel(request: TrainCharModelRequest, options?: Options<'trainCharModel'>): Promise<JobMap['trainCharModel']['result']>;
  /** Fine-tunes a copy of a trained character model with LoRA adapters on a second text. */
  fineTuneLora(request: FineTuneLoraRequest, options?: Options<'fineTuneLora'>): Promise<JobMap['fineTuneLora']['result']>;
  /** Transfers `request.checkpoint` and `request.tokenizer`. */
  loadLlama2c(request: LoadLlama2cRequest, options?: Options<'loadLlama2c'>): Promise<JobMap['loadLlama2c']['result']>;
  /** Generates after a prompt; each token's text arrives as progress as soon as it is chosen. */
  generateText(request: GenerateTextRequest, options?: Options<'generateText'>): Promise<JobMap['generateText']['result']>;
  attentionMap(request: AttentionMapRequest, options?: Options<'attentionMap'>): Promise<JobMap['attentionMap']['result']>;
  /** Splits, hashes, fits logistic regression and naive Bayes, picks thresholds on validation, reports on test; progress per stage. */
  trainSpamFilter(request: TrainSpamFilterRequest, options?: Options<'trainSpamFilter'>): Promise<JobMap['trainSpamFilter']['result']>;
  /** P(spam) and the label of one email, from a filter trained in this worker. */
  classifyEmail(request: ClassifyEmailRequest, options?: Options<'classifyEmail'>): Promise<JobMap['classifyEmail']['result']>;
  /** Stops the worker; pending calls reject with WorkerTerminatedError (reason 'terminated'). */
  terminate(): void;
  [Symbol.dispose](): void;
}

interface Pending {
  settled: boolean;
  reject(error: unknown): void;
  cleanup(): void;
}

function sharedMemoryUsable(runtime: 'browser' | 'node'): boolean {
  if (typeof SharedArrayBuffer !== 'function') return false;
  return runtime === 'node' || (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
}

function dataTransfers(source: DataSource | undefined): Transferable[] {
  if (source === undefined || source.kind !== 'arrays') return [];
  const buffers = new Set<ArrayBufferLike>([source.x.buffer, source.y.buffer]);
  return [...buffers].filter((b): b is ArrayBuffer => b instanceof ArrayBuffer);
}

class Client implements NeuriteWorker {
  readonly ready: Promise<WorkerInfo>;
  readonly closed: Promise<WorkerTerminatedError>;
  private resolveClosed!: (error: WorkerTerminatedError) => void;
  private readonly target: AttachedTarget;
  private readonly remote: Comlink.Remote<WorkerEndpointApi>;
  private readonly pending = new Set<Pending>();
  private death: WorkerTerminatedError | undefined;
  private nextJobId = 0;
  private resolveReady!: () => void;
  private rejectReady!: (error: unknown) => void;
  private readonly onMessage: (event: { data: unknown }) => void;
  private readonly handshake: Promise<void>;

  constructor(target: WorkerLike) {
    this.closed = new Promise((resolve) => {
      this.resolveClosed = resolve;
    });
    const handshake = new Promise<void>((resolve, reject) => {
      this.resolveReady = resolve;
      this.rejectReady = reject;
    });
    this.target = attachTarget(target, (reason, detail, cause) => this.die(reason, detail, cause));
    this.onMessage = (event) => {
      if (isReadyMessage(event.data)) this.resolveReady();
    };
    this.target.endpoint.addEventListener('message', this.onMessage as never);
    this.target.endpoint.start?.();
    this.remote = Comlink.wrap<WorkerEndpointApi>(this.target.endpoint);
    const hello: HelloMessage = { neuriteWorker: 'hello' };
    this.target.endpoint.postMessage(hello);
    handshake.then(() => this.target.endpoint.removeEventListener('message', this.onMessage as never), () => undefined);
    this.ready = this.track(() => handshake.then(() => this.remote.info()));
    this.ready.catch(() => undefined); // observed by callers who await it; never an unhandled rejection
    this.handshake = handshake;
  }

  get termination(): WorkerTerminatedError | undefined {
    return this.death;
  }
  get pendingCalls(): number {
    return this.pending.size;
  }

  info(): Promise<WorkerInfo> {
    return this.track(() => this.handshake.then(() => this.remote.info()));
  }
  benchmarkKernel(request: KernelBenchmarkRequest, options: JobOptions<JobMap['benchmarkKernel']['progress']> = {}) {
    return this.run('benchmarkKernel', request, options, []);
  }
  tokenize(request: TokenizeRequest, options: JobOptions<JobMap['tokenize']['progress']> = {}) {
    return this.run('tokenize', request, options, []);
  }
  trainTokenizer(request: TrainTokenizerRequest, options: JobOptions<JobMap['trainTokenizer']['progress']> = {}) {
    return this.run('trainTokenizer', request, options, []);
  }
  train(config: TrainConfig, options: JobOptions<JobMap['train']['progress']> = {}) {
    const validation = config.validation !== undefined && 'data' in config.validation ? config.validation.data : undefined;
    return this.run('train', config, options, [...dataTransfers(config.data), ...dataTransfers(validation)]);
  }
  predict(request: PredictRequest, options: JobOptions<never> = {}) {
    return this.run('predict', request, options, request.x.buffer instanceof ArrayBuffer ? [request.x.buffer] : []);
  }
  weights(modelId: string, options: JobOptions<never> = {}) {
    return this.run('weights', { modelId }, options, []);
  }
  loadWeights(request: LoadWeightsRequest, options: JobOptions<never> = {}) {
    const buffer = request.safetensors.buffer;
    return this.run('loadWeights', request, options, buffer instanceof ArrayBuffer ? [buffer] : []);
  }

  trainCharModel(request: TrainCharModelRequest, options: JobOptions<JobMap['trainCharModel']['progress']> = {}) {
    return this.run('trainCharModel', request, options, []);
  }
  fineTuneLora(request: FineTuneLoraRequest, options: JobOptions<JobMap['fineTuneLora']['progress']> = {}) {
    return this.run('fineTuneLora', request, options, []);
  }
  loadLlama2c(request: LoadLlama2cRequest, options: JobOptions<never> = {}) {
    const buffers = [request.checkpoint.buffer, request.tokenizer.buffer].filter((b): b is ArrayBuffer => b instanceof ArrayBuffer);
    return this.run('loadLlama2c', request, options, buffers[0] === buffers[1] ? buffers.slice(0, 1) : buffers);
  }
  generateText(request: GenerateTextRequest, options: JobOptions<JobMap['generateText']['progress']> = {}) {
    return this.run('generateText', request, options, []);
  }
  attentionMap(request: AttentionMapRequest, options: JobOptions<never> = {}) {
    return this.run('attentionMap', request, options, []);
  }
  trainSpamFilter(request: TrainSpamFilterRequest, options: JobOptions<JobMap['trainSpamFilter']['progress']> = {}) {
    return this.run('trainSpamFilter', request, options, []);
  }
  classifyEmail(request: ClassifyEmailRequest, options: JobOptions<never> = {}) {
    return this.run('classifyEmail', request, options, []);
  }

  terminate(): void {
    this.die('terminated', 'terminate() was called');
  }
  [Symbol.dispose](): void {
    this.terminate();
  }

  /** Runs `start` once the worker is alive; the returned promise settles even if the worker dies. */
  private track<T>(start: (pending: Pending) => Promise<T>, cleanup: () => void = () => undefined): Promise<T> {
    if (this.death !== undefined) {
      cleanup();
      return Promise.reject(this.death);
    }
    return new Promise<T>((resolve, reject) => {
      const entry: Pending = {
        settled: false,
        reject: (error) => finish(() => reject(error)),
        cleanup,
      };
      const finish = (settle: () => void) => {
        if (entry.settled) return;
        entry.settled = true;
        this.pending.delete(entry);
        entry.cleanup();
        settle();
      };
      this.pending.add(entry);
      start(entry).then(
        (value) => finish(() => resolve(value)),
        (error) => finish(() => reject(error)),
      );
    });
  }

  private run<K extends JobName>(
    job: K,
    request: JobMap[K]['request'],
    options: JobOptions<JobMap[K]['progress']>,
    transfers: Transferable[],
  ): Promise<JobMap[K]['result']> {
    if (options.signal?.aborted) return Promise.reject(new JobCancelledError(job));
    const id = ++this.nextJobId;
    const channel = options.onProgress !== undefined ? new MessageChannel() : undefined;
    if (channel !== undefined) {
      const onProgress = options.onProgress!;
      Comlink.expose((event: JobMap[K]['progress']) => onProgress(event), channel.port1);
    }
    const cancelFlag = sharedMemoryUsable(this.target.runtime) ? new Int32Array(new SharedArrayBuffer(4)) : undefined;
    let sent = false;
    let rejectLocally: ((error: unknown) => void) | undefined;
    const onAbort = () => {
      if (!sent) return rejectLocally?.(new JobCancelledError(job));
      if (cancelFlag !== undefined) Atomics.store(cancelFlag, 0, 1);
      this.remote.cancel(id).catch(() => undefined);
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const cleanup = () => {
      options.signal?.removeEventListener('abort', onAbort);
      // Releases the progress proxy: its port stops listening and can be collected.
      channel?.port1.close();
    };
    return this.track(async (entry) => {
      rejectLocally = entry.reject;
      await this.handshake;
      if (entry.settled) throw new JobCancelledError(job);
      const control: JobControl = { id };
      if (channel !== undefined) control.progressPort = channel.port2;
      if (cancelFlag !== undefined) control.cancelFlag = cancelFlag;
      sent = true;
      const ports = channel !== undefined ? [channel.port2] : [];
      let outcome: JobOutcome<JobMap[K]['result']>;
      try {
        outcome = (await this.remote.run(job, Comlink.transfer(request, transfers), Comlink.transfer(control, ports))) as JobOutcome<JobMap[K]['result']>;
      } catch (error) {
        // Posting failed before anything was sent or detached. A buffer that cannot be transferred
        // (a WebAssembly memory's, say) is copied instead; any other failure is the caller's.
        // (A shallow copy: Comlink remembers the transfer list of the object it was given.)
        if (transfers.length === 0) throw error;
        outcome = (await this.remote.run(job, { ...request }, Comlink.transfer(control, ports))) as JobOutcome<JobMap[K]['result']>;
      }
      if (outcome.ok) return outcome.value;
      throw await rebuildError(job, outcome);
    }, cleanup);
  }

  private die(reason: TerminationReason, detail: string, cause?: unknown): void {
    if (this.death !== undefined) return;
    this.death = new WorkerTerminatedError(reason, detail, cause === undefined ? undefined : { cause });
    this.rejectReady(this.death);
    this.resolveClosed(this.death);
    for (const entry of [...this.pending]) entry.reject(this.death);
    this.target.detach();
    this.target.endpoint.removeEventListener('message', this.onMessage as never);
    // A worker that threw may still be running: stop it so it cannot answer later.
    this.target.terminate();
  }
}

/**
 * Wraps a started worker (a browser `Worker` of a module that calls `exposeNeuriteWorker()`, or a
 * Node `worker_threads.Worker` of such a module). Call it right after constructing the worker.
 */
export function createNeuriteWorker(worker: WorkerLike): NeuriteWorker {
  return new Client(worker);
}
