// The body of a pool worker. It must stay self-contained (no imports, no outer references):
// the Node pool runs its source text (`workerMain.toString()`) as an eval worker, and
// worker-entry.ts runs it in browsers and from a file. Numbers mirror protocol.ts.

/** What a worker receives: the compiled module, the shared memory and where its control block is. */
export interface WorkerInit {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  /** Byte address of the control block (16-byte aligned). */
  control: number;
  /** This worker's slot, 0-based. */
  index: number;
  /** The kernels it may run (protocol.ts POOL_KERNELS): a task names one by its index. */
  kernels: readonly string[];
}

/**
 * Instantiates the module on the shared memory, calls `ready`, then serves tasks until told to
 * exit: waits on its SEQ word, claims the slot's task (unless the caller already took it back), runs
 * the slot's kernel with the slot's arguments, counts DONE and notifies. Never allocates in the wasm heap.
 */
export function workerMain(init: WorkerInit, ready: (message: string) => void): void {
  const HEADER_WORDS = 16, SLOT_WORDS = 68, ARGS_BYTE_OFFSET = 24, MAX_ARGS = 30;
  const OP_CALL = 1, OP_EXIT = 2, OP_WAKE = 3, DONE_WORD = 0, ERRORS_WORD = 1, CLAIM_WORD = 4, SLEEP_WORD = 5, CLAIM_OPEN = 0, CLAIM_TAKEN = 1;
  const instance = new WebAssembly.Instance(init.module, { env: { memory: init.memory } });
  const kernels = init.kernels.map((name) => instance.exports[name] as (...args: number[]) => void);
  // Views on the first SharedArrayBuffer: after memory.grow it keeps its length and still aliases
  // the same memory, and the control block lies inside it.
  const words = new Int32Array(init.memory.buffer);
  const doubles = new Float64Array(init.memory.buffer);
  const base = (init.control >>> 2) + HEADER_WORDS + init.index * SLOT_WORDS;
  const done = (init.control >>> 2) + DONE_WORD;
  const errors = (init.control >>> 2) + ERRORS_WORD;
  const argsAt = (base * 4 + ARGS_BYTE_OFFSET) >>> 3;
  // One argument array per argument count, so a call passes exactly the kernel's arguments.
  const argArrays: number[][] = Array.from({ length: MAX_ARGS + 1 }, (_, n) => new Array<number>(n).fill(0));
  let seen = 0; // the pool zeroes the block before starting workers
  ready('ready');
  // Spin a little before sleeping: a futex wake-up costs tens of microseconds, as much as a
  // 64^3 product, and back-to-back calls (training loops) hand out the next task within that time.
  const SPIN = 1 << 15;
  for (;;) {
    for (let i = 0; i < SPIN && Atomics.load(words, base) === seen; i++);
    if (Atomics.load(words, base) === seen) {
      // Tells the caller that a task handed out now will wait for a wake-up (see SplitGate).
      Atomics.store(words, base + SLEEP_WORD, 1);
      Atomics.wait(words, base, seen);
      Atomics.store(words, base + SLEEP_WORD, 0);
    }
    const seq = Atomics.load(words, base);
    if (seq === seen) continue;
    seen = seq;
    const op = Atomics.load(words, base + 1);
    if (op === OP_EXIT) return;
    if (op === OP_WAKE) continue; // no task: back to spinning, awake for the call the caller expects
    // The caller runs a task itself when this worker comes too late; it then counts it done.
    // (Arguments are read after the claim: the caller writes them before opening the claim.)
    if (Atomics.compareExchange(words, base + CLAIM_WORD, CLAIM_OPEN, CLAIM_TAKEN) !== CLAIM_OPEN) continue;
    const kernel = kernels[Atomics.load(words, base + 2)];
    const args = argArrays[Atomics.load(words, base + 3)];
    if (op === OP_CALL && kernel !== undefined && args !== undefined) {
      for (let i = 0; i < args.length; i++) args[i] = doubles[argsAt + i]!;
      try {
        kernel(...args);
      } catch {
        Atomics.add(words, errors, 1);
      }
    } else {
      Atomics.add(words, errors, 1);
    }
    Atomics.add(words, done, 1);
    Atomics.notify(words, done);
  }
}
