// Layout of the control block the thread pool keeps in the shared memory (one heap block).
// Int32 words from the block's start:
//   [0] DONE   tasks finished since the last dispatch (workers Atomics.add + notify; the caller waits)
//   [1] ERRORS tasks that threw
//   [HEADER_WORDS + w * SLOT_WORDS + 0] SEQ of worker w: the caller bumps it (then notifies) to hand
//                                      over a task; the worker waits on it
//   [... + 1] OP: OP_CALL, OP_EXIT or OP_WAKE (no task: the worker wakes up and spins again, so that a
//             call the caller expects next finds it awake; see ThreadPool.wake)
//   [... + 2] the kernel's index in POOL_KERNELS; [... + 3] its argument count (<= MAX_ARGS)
//   [... + 4] CLAIM of the task: CLAIM_OPEN when handed out; whoever moves it on first runs the task,
//             the worker (to CLAIM_TAKEN) or, once done with its own part, the caller (to CLAIM_STOLEN:
//             a worker that has not started by then is late, and the caller runs its part instead)
//   [... + 5] SLEEP of worker w: 1 while it sleeps in Atomics.wait, 0 while it spins or runs, so the
//             caller knows at dispatch which hand-off to expect (a spinning worker starts within
//             microseconds; waking a sleeping one costs a futex wake and its scheduling: ~0.2 ms)
//   bytes [... + ARGS_BYTE_OFFSET, + 8 * MAX_ARGS): the task's kernel arguments as float64, after the
//                                                  header words and inside the slot (a test checks)
// worker-loop.ts repeats these numbers (it must stay free of imports); a test checks they agree.

export const HEADER_WORDS = 16;
export const SLOT_WORDS = 68;
export const ARGS_BYTE_OFFSET = 24;
export const MAX_ARGS = 30;
export const OP_CALL = 1;
export const OP_EXIT = 2;
export const OP_WAKE = 3;
export const DONE_WORD = 0;
export const ERRORS_WORD = 1;
export const CLAIM_WORD = 4;
export const SLEEP_WORD = 5;
export const CLAIM_OPEN = 0;
export const CLAIM_TAKEN = 1;
export const CLAIM_STOLEN = 2;

/**
 * The kernels a pool worker may run, by index: each splits into independent calls over disjoint
 * parts of its output (column or row blocks of C, ranges of parameters, blocks of rows, images).
 */
export const POOL_KERNELS = [
  'gemm_f32', 'sgd_f32', 'adagrad_f32', 'rmsprop_f32', 'adam_f32', 'softmax_f32', 'softmax_backward_f32',
  'softmax_cross_entropy_f32', 'conv2d_nhwc_f32', 'conv2d_backward_input_nhwc_f32', 'conv2d_backward_filter_nhwc_f32',
  'unary_f32', 'unary_backward_f32', 'binary_same_f32',
  'gemm_f64', 'softmax_f64', 'softmax_backward_f64', 'softmax_cross_entropy_f64', 'unary_f64', 'unary_backward_f64',
  'binary_same_f64', 'unary_i32', 'binary_same_i32', 'attention_f32', 'attention_backward_f32',
] as const;
export type PoolKernel = (typeof POOL_KERNELS)[number];

/** Bytes of the control block for `workers` workers. */
export function controlBytes(workers: number): number {
  return (HEADER_WORDS + Math.max(workers, 1) * SLOT_WORDS) * 4;
}
