// A fixed set of workers that instantiate the kernel module on the caller's shared memory and
// run parts of one kernel call on request (GEMM blocks; ranges of parameters, rows or images).
// Protocol: protocol.ts. The caller hands out tasks with
// Atomics.store + notify, computes its own part, then blocks in Atomics.wait until every worker
// has counted itself done, so it must run where blocking is allowed (Node's main thread, any
// worker; not a browser's main thread). Workers never allocate: the caller allocates the control
// block and every packing workspace from the heap.
import { KernelLoadError, NeuriteError } from '../errors.ts';
import type { KernelExports } from '../generated/kernel-exports.ts';
import type { Heap } from '../heap.ts';
import { gemmWorkspaceBytes } from '../ops/gemm-workspace.ts';
import { type GemmCall, planGemm } from './plan-gemm.ts';
import {
  ARGS_BYTE_OFFSET, CLAIM_OPEN, CLAIM_STOLEN, CLAIM_WORD, controlBytes, DONE_WORD, ERRORS_WORD, HEADER_WORDS, MAX_ARGS,
  OP_CALL, OP_EXIT, OP_WAKE, POOL_KERNELS, type PoolKernel, SLEEP_WORD, SLOT_WORDS,
} from './protocol.ts';
import { SplitGate } from './split-gate.ts';
import { type WorkerInit, workerMain } from './worker-loop.ts';

/** What the pool needs of a Backend: its kernels, through which the caller's own part runs (structural, so backend.ts and this file do not import each other). */
type KernelsHolder = { readonly kernels: KernelExports };

/** Atomics.load polls before Atomics.wait (some tens of microseconds). */
const SPIN = 1 << 15;

export interface ThreadPoolOptions {
  /** Threads that compute, the calling thread included (>= 2): threads - 1 workers are started. */
  threads: number;
  /**
   * Calls with less work stay on the calling thread. Default 2^20. GEMM counts its multiply-adds
   * (batch * m * n * k); a bandwidth-bound kernel counts 8 per element it reads.
   */
  minWork?: number;
  /**
   * The worker script (e.g. this package's `@neurite/kernels/worker-entry.js`). Default: a worker
   * built from the worker loop's own source, no file needed (Node: an eval worker; browsers: a blob: URL).
   */
  workerUrl?: string | URL;
  /** How long the caller waits for the workers of one call before throwing. Default 300000 ms. */
  timeoutMs?: number;
  /**
   * Decide from measured times whether a split pays (split-gate.ts; default true): the pool times
   * its own split calls and stops splitting calls whose parts would not outweigh the hand-off.
   * Only splits that give the single call's bits are gated so; with false, every call with at
   * least minWork splits (the static rule).
   */
  adaptive?: boolean;
}

/** Whether a split gives the single call's result bit for bit (then the measured gate may decide it). */
export interface SplitOptions {
  /** False for splits whose parts sum partial results (the filter gradient): they follow the static rule only, so a run's numbers never depend on timing. Default true. */
  bitIdentical?: boolean;
  /** At most this many parts (default: one per thread). */
  maxParts?: number;
}

const now: () => number = typeof performance !== 'undefined' ? () => performance.now() : () => Date.now();

/** Raised when a worker task fails or does not finish in time. */
export class ThreadPoolError extends NeuriteError {
  override readonly name: string = 'ThreadPoolError';
  constructor(message: string) {
    super(message, 'THREAD_POOL');
  }
}

interface PoolWorker {
  terminate(): unknown;
}

interface NodeWorkerClass {
  new (code: string | URL, options: { eval?: boolean; workerData?: unknown }): PoolWorker & {
    once(event: string, listener: (value: unknown) => void): void;
    unref(): void;
  };
}

function nodeWorkerThreads(): { Worker: NodeWorkerClass } | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown; versions?: { node?: string } } }).process;
  if (proc?.versions?.node === undefined) return undefined;
  return proc.getBuiltinModule?.('node:worker_threads') as { Worker: NodeWorkerClass } | undefined;
}

/** Starts one worker and resolves once it has instantiated the module. */
function startWorker(init: WorkerInit, workerUrl: string | URL | undefined): Promise<PoolWorker> {
  const node = nodeWorkerThreads();
  if (node !== undefined) {
    const worker =
      workerUrl !== undefined
        ? new node.Worker(new URL(workerUrl), { workerData: init })
        : new node.Worker(
            `const { workerData, parentPort } = require('node:worker_threads');\n` +
              `(${workerMain.toString()})(workerData, (m) => parentPort.postMessage(m));`,
            { eval: true, workerData: init },
          );
    return new Promise((resolve, reject) => {
      // Unreferenced once ready: a pool that is never terminated does not keep Node running.
      worker.once('message', () => {
        worker.unref();
        resolve(worker);
      });
      worker.once('error', (e) => reject(new KernelLoadError(`thread pool worker failed to start: ${String(e)}`)));
    });
  }
  const blobUrl = workerUrl === undefined ? workerBlobUrl() : undefined;
  const worker = blobUrl !== undefined ? new Worker(blobUrl) : new Worker(workerUrl!, { type: 'module' });
  const release = () => {
    if (blobUrl !== undefined) URL.revokeObjectURL(blobUrl);
  };
  return new Promise((resolve, reject) => {
    worker.onmessage = () => {
      worker.onmessage = null;
      release();
      resolve(worker);
    };
    worker.onerror = (e) => {
      release();
      reject(new KernelLoadError(`thread pool worker failed to start: ${e.message}`));
    };
    worker.postMessage(init);
  });
}

/**
 * Browsers without a workerUrl: a worker made from the worker loop's own source (as the Node eval
 * worker), so a bundle needs no separate worker file and bundlers have nothing to locate. A page
 * whose Content-Security-Policy forbids blob: workers passes workerUrl instead.
 */
function workerBlobUrl(): string {
  const source =
    `onmessage = (event) => { onmessage = null; (${workerMain.toString()})(event.data, (m) => postMessage(m)); };`;
  return URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
}

export class ThreadPool {
  /** Threads that compute, the caller included. */
  readonly threads: number;
  readonly minWork: number;
  private readonly heap: Heap;
  private readonly control: number;
  private readonly words: Int32Array;
  private readonly doubles: Float64Array;
  private readonly timeoutMs: number;
  private workers: PoolWorker[];
  private work = { ptr: 0, bytes: 0 };
  private closed = false;
  /** The kernel and work of the call the gate declined last, until singleEnd (undefined: none). */
  private declined: PoolKernel | undefined;
  private declinedWork = 0;
  /** The measured rule of when a split pays; undefined when the pool is not adaptive. */
  readonly gate: SplitGate | undefined;

  private constructor(heap: Heap, control: number, workers: PoolWorker[], options: ThreadPoolOptions) {
    this.heap = heap;
    this.control = control;
    this.workers = workers;
    this.threads = options.threads;
    this.minWork = options.minWork ?? 2 ** 20;
    this.timeoutMs = options.timeoutMs ?? 300000;
    this.gate = options.adaptive === false ? undefined : new SplitGate(this.minWork);
    // The block lies inside this first SharedArrayBuffer, which keeps aliasing it after growth.
    this.words = new Int32Array(heap.memory.buffer);
    this.doubles = new Float64Array(heap.memory.buffer);
  }

  /** Starts threads - 1 workers on `module` over the heap's shared memory. */
  static async create(module: WebAssembly.Module, heap: Heap, options: ThreadPoolOptions): Promise<ThreadPool> {
    const { threads } = options;
    if (!Number.isInteger(threads) || threads < 2 || threads > 64) {
      throw new KernelLoadError(`threads must be an integer from 2 to 64, got ${threads}`);
    }
    const bytes = controlBytes(threads - 1);
    const control = heap.alloc(bytes);
    heap.u8(control, bytes).fill(0);
    const started = await Promise.allSettled(
      Array.from({ length: threads - 1 }, (_, index) =>
        startWorker({ module, memory: heap.memory, control, index, kernels: POOL_KERNELS }, options.workerUrl)),
    );
    const workers = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    const pool = new ThreadPool(heap, control, workers, options);
    const failed = started.find((s) => s.status === 'rejected');
    if (failed !== undefined) {
      await pool.terminate();
      throw failed.reason;
    }
    return pool;
  }

  /** Workers still running (0 after terminate). */
  get workerCount(): number {
    return this.workers.length;
  }

  get terminated(): boolean {
    return this.closed;
  }

  /**
   * Runs gemm_f32 (or gemm_f64, `bytes` 8) split across the pool when `call` is large enough;
   * returns false (having done nothing) when it should stay one call on the caller's thread or the
   * pool is terminated. The caller computes the first part through `backend.kernels`.
   */
  gemm(backend: KernelsHolder, call: GemmCall, bytes: 4 | 8 = 4): boolean {
    this.declined = undefined;
    if (this.closed) return false;
    const parts = planGemm(call, this.threads, this.minWork, bytes);
    if (parts === undefined) return false;
    const kernel = bytes === 8 ? 'gemm_f64' : 'gemm_f32';
    const macs = (p: GemmCall) => p[0] * p[3] * p[4] * p[5];
    const awake = this.admit(this.gate, kernel, macs(call), parts.length);
    if (awake === null) return false;
    const most = Math.max(...parts.map((p) => gemmWorkspaceBytes(bytes, p[3], p[4], p[5])));
    const each = Math.ceil(most / 16) * 16;
    const work = this.workspace(each * parts.length);
    this.run(backend, kernel, parts.map((p, i) => [...p, work + i * each]), macs(parts[0]!), awake, macs(call));
    return true;
  }

  /**
   * Runs `kernel` over `items` independent items (parameters, rows, images) split into contiguous
   * ranges of whole `unit`s, one per thread, when items * costPerItem reaches minWork. Returns the
   * number of parts, or 0 (having done nothing) when the call should stay on the calling thread.
   * `args(start, count, work, part)` gives the kernel's arguments for items [start, start + count);
   * with `workBytes`, `work` is a private workspace of workBytes(count) bytes for that part (16-byte
   * aligned; the pool owns it). Each part must compute exactly what one call computes for its items.
   */
  forRanges(
    backend: KernelsHolder, kernel: PoolKernel, items: number, unit: number, costPerItem: number,
    args: (start: number, count: number, work: number, part: number) => number[], workBytes?: (count: number) => number,
    options: SplitOptions = {},
  ): number {
    this.declined = undefined;
    if (this.closed || items * costPerItem < this.minWork) return 0;
    const units = Math.ceil(items / unit), parts = Math.min(this.threads, units, options.maxParts ?? Infinity);
    if (parts < 2) return 0;
    const gated = options.bitIdentical !== false ? this.gate : undefined;
    const awake = this.admit(gated, kernel, items * costPerItem, parts);
    if (awake === null) return 0;
    const ranges: [number, number][] = [];
    for (let p = 0, start = 0; p < parts; p++) {
      const count = Math.min(items - start, (Math.floor(units / parts) + (p < units % parts ? 1 : 0)) * unit);
      ranges.push([start, count]);
      start += count;
    }
    const each = workBytes === undefined ? 0 : Math.ceil(Math.max(...ranges.map(([, count]) => workBytes(count))) / 16) * 16;
    const work = each === 0 ? 0 : this.workspace(each * parts);
    this.run(backend, kernel, ranges.map(([start, count], p) => args(start, count, work + p * each, p)), ranges[0]![1] * costPerItem, awake, items * costPerItem);
    return parts;
  }

  /**
   * A caller that makes the single call after gemm or forRanges returned without splitting brackets
   * it with singleStart() and singleEnd(token): when the gate was what declined it, the call is timed
   * for the gate (which weighs a split against the single call's measured time, not against its own
   * parts'). Otherwise the token is -1 and nothing is timed.
   */
  singleStart(): number {
    return this.declined === undefined ? -1 : now();
  }

  /** Ends what singleStart(`token`) began. */
  singleEnd(token: number): void {
    const declined = this.declined;
    this.declined = undefined;
    if (token >= 0 && declined !== undefined) this.gate?.observeSingle(declined, this.declinedWork, now() - token);
  }

  /**
   * Asks `gate` (none: always split) whether `work` units of `kernel` in `parts` parts are handed out:
   * null when declined (then the sleeping workers it would have used are woken when the gate says a
   * split would pay were they spinning), else whether those workers were awake, for run's timing.
   */
  private admit(gate: SplitGate | undefined, kernel: PoolKernel, work: number, parts: number): boolean | null {
    const awake = this.awake(parts - 1);
    if (gate === undefined || gate.shouldSplit(kernel, work, parts, awake)) return awake;
    if (!awake && gate.worthWaking(kernel, work, parts)) this.wake(parts - 1);
    this.declined = kernel;
    this.declinedWork = work;
    return null;
  }

  /**
   * Wakes the first `workers` workers that sleep, without a task (OP_WAKE): they spin again for a
   * while, so a split call that follows soon finds them awake. Only between split calls (every
   * task of the last call is finished or taken back, so no open task's OP word is overwritten).
   */
  private wake(workers: number): void {
    const words = this.words, base = this.control >>> 2;
    for (let w = 0; w < workers; w++) {
      const slot = base + HEADER_WORDS + w * SLOT_WORDS;
      if (Atomics.load(words, slot + SLEEP_WORD) === 0) continue;
      Atomics.store(words, slot + 1, OP_WAKE);
      Atomics.add(words, slot, 1);
      Atomics.notify(words, slot, 1);
    }
  }

  /** Whether the first `workers` workers are all spinning or running (none asleep in Atomics.wait). */
  private awake(workers: number): boolean {
    const base = this.control >>> 2;
    for (let w = 0; w < workers; w++) {
      if (Atomics.load(this.words, base + HEADER_WORDS + w * SLOT_WORDS + SLEEP_WORD) !== 0) return false;
    }
    return true;
  }

  /**
   * Hands `tasks[i + 1]` to worker i, runs `tasks[0]` here, then runs itself every task whose worker
   * has not claimed it yet (a worker that has not started by the time the caller finished an equal
   * part is descheduled or asleep: waiting for it would make the split slower than one thread), and
   * waits for the tasks the workers claimed. Each task computes the same whichever thread runs it.
   * Rethrows the first failure. The caller's parts go through backend.kernels, so test wrappers
   * (grow torture) apply. Times the caller's part (`partWork` units) and the hand-off around it (taken
   * tasks included) for the gate, which then stops splitting calls that a late worker makes slow;
   * `awake` says which of the gate's two hand-offs the call measured (workers spinning or asleep);
   * `work`: the whole call's units, whose single time the gate holds the split's total against.
   */
  private run(backend: KernelsHolder, kernel: PoolKernel, parts: number[][], partWork: number, awake: boolean, work: number): void {
    const started = now();
    const tasks = parts.slice(1);
    if (tasks.some((args) => args.length > MAX_ARGS)) throw new ThreadPoolError(`${kernel}: at most ${MAX_ARGS} arguments fit a task`);
    if (tasks.length > this.workers.length) {
      throw new ThreadPoolError(`${tasks.length} tasks for ${this.workers.length} workers`);
    }
    const words = this.words, base = this.control >>> 2;
    Atomics.store(words, base + DONE_WORD, 0);
    Atomics.store(words, base + ERRORS_WORD, 0);
    tasks.forEach((args, w) => {
      const slot = base + HEADER_WORDS + w * SLOT_WORDS;
      const at = (slot * 4 + ARGS_BYTE_OFFSET) >>> 3;
      for (let i = 0; i < args.length; i++) this.doubles[at + i] = args[i]!;
      Atomics.store(words, slot + 1, OP_CALL);
      Atomics.store(words, slot + 2, POOL_KERNELS.indexOf(kernel));
      Atomics.store(words, slot + 3, args.length);
      Atomics.store(words, slot + CLAIM_WORD, CLAIM_OPEN);
      Atomics.add(words, slot, 1);
      Atomics.notify(words, slot, 1);
    });
    let failure: unknown;
    const partStart = now();
    try {
      (backend.kernels[kernel] as (...args: number[]) => void)(...parts[0]!);
    } catch (error) {
      failure = error;
    }
    const partEnd = now();
    for (let w = 0; w < tasks.length && failure === undefined; w++) {
      const slot = base + HEADER_WORDS + w * SLOT_WORDS;
      if (Atomics.compareExchange(words, slot + CLAIM_WORD, CLAIM_OPEN, CLAIM_STOLEN) !== CLAIM_OPEN) continue;
      try {
        (backend.kernels[kernel] as (...args: number[]) => void)(...tasks[w]!);
      } catch {
        Atomics.add(words, base + ERRORS_WORD, 1); // reported as a worker's trap would be, whoever ran it
      }
      Atomics.add(words, base + DONE_WORD, 1);
    }
    // Spin briefly first (the worker usually finishes within microseconds of the caller), then sleep.
    for (let i = 0; i < SPIN && Atomics.load(words, base + DONE_WORD) < tasks.length; i++);
    const deadline = Date.now() + this.timeoutMs;
    for (;;) {
      const done = Atomics.load(words, base + DONE_WORD);
      if (done >= tasks.length) break;
      const left = deadline - Date.now();
      if (left <= 0) throw new ThreadPoolError(`only ${done} of ${tasks.length} worker tasks finished within ${this.timeoutMs} ms`);
      Atomics.wait(words, base + DONE_WORD, done, left);
    }
    if (failure !== undefined) throw failure;
    this.gate?.observe(kernel, partWork, partEnd - partStart, partStart - started + (now() - partEnd), awake, work);
    const errors = Atomics.load(words, base + ERRORS_WORD);
    if (errors > 0) throw new ThreadPoolError(`${errors} worker task(s) trapped in ${kernel}`);
  }

  /** One block holding every thread's workspace, grown (never shrunk) as needed. */
  private workspace(bytes: number): number {
    if (this.work.bytes < bytes) {
      if (this.work.bytes > 0) this.heap.free(this.work.ptr);
      this.work = { ptr: 0, bytes: 0 };
      this.work = { ptr: this.heap.alloc(bytes), bytes };
    }
    return this.work.ptr;
  }

  /** Tells every worker to exit and ends it; frees the pool's heap blocks. Idempotent. */
  async terminate(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const words = this.words, base = this.control >>> 2;
    this.workers.forEach((_, w) => {
      const slot = base + HEADER_WORDS + w * SLOT_WORDS;
      Atomics.store(words, slot + 1, OP_EXIT);
      Atomics.add(words, slot, 1);
      Atomics.notify(words, slot, 1);
    });
    const workers = this.workers;
    this.workers = [];
    await Promise.all(workers.map((w) => w.terminate()));
    if (this.work.bytes > 0) this.heap.free(this.work.ptr);
    this.work = { ptr: 0, bytes: 0 };
    this.heap.free(this.control);
  }
}
