// Where the dense linear algebra runs: the kernels of the current backend (after init()), else a
// private reference backend (plain TypeScript kernels) created on first use, so the Matrix
// functions of dense.ts work before init() as they always did. Each call copies its matrices into
// heap blocks it owns and frees them all when done, also when a kernel or a check throws.
import { type Backend, createReferenceBackend } from '@neurite/kernels';
import { currentRuntime } from '../runtime.ts';

let fallback: Backend | undefined;

function linalgBackend(): Backend {
  const rt = currentRuntime();
  if (rt !== undefined) return rt.backend;
  return (fallback ??= createReferenceBackend());
}

/** The heap blocks of one linalg call. Views are re-derived on every access (memory may grow). */
export class HeapMatrices {
  private readonly blocks: number[] = [];
  constructor(readonly backend: Backend) {}

  /** A block of `count` doubles (uninitialized). */
  alloc(count: number): number {
    return this.own(this.backend.heap.alloc(Math.max(count, 1) * 8));
  }

  /** Takes ownership of a block a kernel wrapper allocated. */
  own(ptr: number): number {
    this.blocks.push(ptr);
    return ptr;
  }

  /** A block holding a copy of `data`. */
  put(data: Float64Array): number {
    const ptr = this.alloc(data.length);
    this.backend.heap.f64(ptr, data.length).set(data);
    return ptr;
  }

  /** A fresh view of `count` doubles at ptr (valid until the next allocation or kernel call). */
  view(ptr: number, count: number): Float64Array {
    return this.backend.heap.f64(ptr, count);
  }

  /** A copy of `count` doubles at ptr. */
  read(ptr: number, count: number): Float64Array {
    return this.backend.heap.f64(ptr, count).slice();
  }

  release(): void {
    for (const ptr of this.blocks) this.backend.heap.free(ptr);
    this.blocks.length = 0;
  }
}

/** Runs fn with heap blocks that are all freed afterwards. */
export function withHeap<T>(fn: (h: HeapMatrices) => T): T {
  const h = new HeapMatrices(linalgBackend());
  try {
    return fn(h);
  } finally {
    h.release();
  }
}
