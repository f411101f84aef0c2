// Layout of the control block the thread pool keeps in the shared memory (one heap block).
// Int32 words from the block's start:
//   [0] DONE   tasks finished since the last dispatch (workers Atomics.add + notify; the caller waits)
//   [1] ERRORS tasks that threw
//   [HEADER_WORDS + w * SLOT_WORDS + 0] SEQ of worker w: the caller bumps it (then notifies) to hand
//                                      over a task; the worker waits on it
//   [... + 1] OP: OP_GEMM or OP_EXIT
//   bytes [... + ARGS_BYTE_OFFSET, + 8 * GEMM_ARGS): the task's gemm_f32 arguments as float64
// worker-loop.ts repeats these numbers (it must stay free of imports); a test checks they agree.

export const HEADER_WORDS = 16;
export const SLOT_WORDS = 64;
export const ARGS_BYTE_OFFSET = 16;
export const GEMM_ARGS = 21;
export const OP_GEMM = 1;
export const OP_EXIT = 2;
export const DONE_WORD = 0;
export const ERRORS_WORD = 1;

/** Bytes of the control block for `workers` workers. */
export function controlBytes(workers: number): number {
  return (HEADER_WORDS + Math.max(workers, 1) * SLOT_WORDS) * 4;
}
