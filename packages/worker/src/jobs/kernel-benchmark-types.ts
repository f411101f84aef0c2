/** Request, progress and result types of the kernel-benchmark job. */

/**
 * Which kernel build runs: plain 128-bit SIMD, relaxed SIMD (fused multiply-add), the TS reference,
 * or `threads`: the threaded build (relaxed SIMD where available) on 2 threads sharing one memory,
 * available where the worker may block on shared memory (Node; cross-origin-isolated pages).
 */
export type KernelVariant = 'simd' | 'relaxed' | 'reference' | 'threads';

/** One benchmark case. Sizes are element counts; all data is float32. */
export type KernelBenchmarkCase =
  /** C[m,n] = op(A) op(B), 2mnk flops; transA stores A as [k,m], transB stores B as [n,k] (backward passes). */
  | { kernel: 'gemm'; m: number; n: number; k: number; transA?: boolean; transB?: boolean }
  /** NHWC input [batch,height,width,inChannels], HWIO filter [size,size,inChannels,outChannels], stride 1. */
  | {
      kernel: 'conv2d';
      batch: number;
      height: number;
      width: number;
      inChannels: number;
      outChannels: number;
      kernelSize: number;
      /** Zero padding on each side (default kernelSize >> 1, "same"). */
      padding?: number;
    }
  /** Softmax over the last axis of [rows, cols]; reported in G elements/s. */
  | { kernel: 'softmax'; rows: number; cols: number }
  /** Elementwise add of two [n] vectors; reported in G elements/s. */
  | { kernel: 'add'; n: number };

export type KernelName = KernelBenchmarkCase['kernel'];

export interface KernelBenchmarkRequest {
  case: KernelBenchmarkCase;
  /** Variants to run, in order; unavailable ones are reported in `skipped`. Default: simd and relaxed. */
  variants?: readonly KernelVariant[];
  /** Timed time per variant in milliseconds, after one warm-up call (default 300, at most 10000). */
  minTimeMs?: number;
  /** Seed of the input data (an integer, default 1): inputs are uniform in [-1, 1) from @neurite/tensor's Generator. */
  seed?: number;
}

export interface KernelBenchmarkProgress {
  variant: KernelVariant;
  /** 0..1 within this variant. */
  fraction: number;
}

export interface KernelBenchmarkRow {
  variant: KernelVariant;
  /** Throughput in `unit` computed from the median sample. */
  value: number;
  medianMs: number;
  samples: number;
  /** Largest |wasm - reference| / (1 + |reference|) over spot-checked outputs; the result is checked once. */
  maxError: number;
}

export interface KernelBenchmarkResult {
  /** A stable case name, e.g. "gemm 256x256x256". */
  caseName: string;
  unit: 'GFLOP/s' | 'G elements/s';
  rows: KernelBenchmarkRow[];
  skipped: Array<{ variant: KernelVariant; reason: string }>;
  /** Multi-threaded kernels: whether this worker could run them, and why not. */
  threads: { available: boolean; reason: string };
}
