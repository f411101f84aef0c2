/**
 * Typed errors shared by every Neurite package that sits on the kernels.
 * Each names what was wrong and what was expected; `code` is stable for programs.
 */
export class NeuriteError extends Error {
  readonly code: string;
  constructor(message: string, code: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}

/** A shape, size, stride or pointer range does not fit what an operation needs. */
export class ShapeError extends NeuriteError {
  constructor(message: string) {
    super(message, 'SHAPE');
  }
}

/** A dtype is not supported by an operation, or two dtypes do not match. */
export class DTypeError extends NeuriteError {
  constructor(message: string) {
    super(message, 'DTYPE');
  }
}

/** The WebAssembly memory could not grow to hold a requested block. The heap stays usable. */
export class OutOfMemoryError extends NeuriteError {
  readonly requestedBytes: number;
  readonly heapBytes: number;
  constructor(requestedBytes: number, heapBytes: number, maximumBytes: number) {
    super(
      `out of WebAssembly memory: could not allocate ${requestedBytes} bytes ` +
        `(heap is ${heapBytes} bytes, limit ${maximumBytes} bytes); dispose unused tensors or use smaller batches`,
      'OUT_OF_MEMORY',
    );
    this.requestedBytes = requestedBytes;
    this.heapBytes = heapBytes;
  }
}

/** The kernel module could not be fetched, compiled or instantiated. */
export class KernelLoadError extends NeuriteError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 'KERNEL_LOAD');
    if (options?.cause !== undefined) (this as { cause?: unknown }).cause = options.cause;
  }
}
