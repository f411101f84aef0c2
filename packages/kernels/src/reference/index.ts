import type { KernelExports } from '../generated/kernel-exports.ts';
import type { Heap } from '../heap.ts';
import { convReference } from './conv.ts';
import { elementwiseReference } from './elementwise.ts';
import { gemmReference } from './gemm.ts';
import { poolReference } from './pool.ts';
import { normReference } from './norm.ts';
import { optimReference } from './optim.ts';
import { reduceReference } from './reduce.ts';
import { softmaxReference } from './softmax.ts';
import { stridedReference } from './strided.ts';
import { recurrentReference } from './recurrent.ts';
import { lstmRowsReference } from './recurrent-lstm-rows.ts';
import { gatherReference } from './gather.ts';
import { pairwiseReference } from './pairwise.ts';
import { rowDotsReference } from './row-dots.ts';
import { csrReference } from './csr.ts';
import { tsneReference } from './tsne-repulsion.ts';
import { castReference } from './cast.ts';
import { attentionReference } from './attention.ts';
import { ropeReference } from './rope.ts';
import { rmsNormReference } from './rms-norm.ts';
import { swigluReference } from './swiglu.ts';
import { linalgReference } from './linalg.ts';
import { linalgEighReference } from './linalg-eigh.ts';
import { linalgScatterReference } from './linalg-scatter.ts';
import { decodeStepReference } from './decode-step.ts';
import { decodeGpt2Reference } from './decode-gpt2.ts';

/**
 * The plain-TypeScript implementation of every kernel, on the same pointer ABI and heap as the
 * wasm module. It is the oracle of the kernel tests and the fallback where SIMD is missing.
 * The `KernelExports` return type makes a missing reference a compile error.
 */
export function createReferenceKernels(heap: Heap): KernelExports {
  return {
    heap_base: () => heap.base,
    ...elementwiseReference(heap),
    ...convReference(heap),
    ...poolReference(heap),
    ...gemmReference(heap),
    ...reduceReference(heap),
    ...optimReference(heap),
    ...normReference(heap),
    ...softmaxReference(heap),
    ...stridedReference(heap),
    ...gatherReference(heap),
    ...recurrentReference(heap),
    ...lstmRowsReference(heap),
    ...pairwiseReference(heap),
    ...rowDotsReference(heap),
    ...csrReference(heap),
    ...tsneReference(heap),
    ...castReference(heap),
    ...attentionReference(heap),
    ...ropeReference(heap),
    ...rmsNormReference(heap),
    ...swigluReference(heap),
    ...linalgReference(heap),
    ...linalgEighReference(heap),
    ...linalgScatterReference(heap),
    ...decodeStepReference(heap),
    ...decodeGpt2Reference(heap),
  };
}
