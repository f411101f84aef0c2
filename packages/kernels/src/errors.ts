/**
 * Typed errors shared by every Neurite package that sits on the kernels.
 * Each names what was wrong and what was expected; `code` is stable for programs.
 */
export class NeuriteError extends Error {
  readonly code: string;
  constructor(message: string, code: string) {
    super(message);
    // Each Neurite subclass spells its own name (a field), since minifiers rename classes;
    // new.target.name is the fallback for subclasses written elsewhere.
    this.name = new.target === NeuriteError ? 'NeuriteError' : new.target.name;
    this.code = code;
  }
}

/** A shape, size, stride or pointer range does not fit what an operation needs. */
export class ShapeError extends NeuriteError {
  override readonly name: string = 'ShapeError';
  constructor(message: string) {
    super(message, 'SHAPE');
  }
}

/** An argument of the wrong type, an unknown option value or an invalid scalar parameter (a learning rate, eps, momentum). */
export class ArgumentError extends NeuriteError {
  override readonly name: string = 'ArgumentError';
  constructor(message: string) {
    super(message, 'ARGUMENT');
  }
}

/** A dtype is not supported by an operation, or two dtypes do not match. */
export class DTypeError extends NeuriteError {
  override readonly name: string = 'DTypeError';
  constructor(message: string) {
    super(message, 'DTYPE');
  }
}

/** How the heap's bytes were used when an allocation failed (see OutOfMemoryError). */
export interface HeapUsage {
  /** Bytes requested by the blocks still allocated. */
  liveBytes: number;
  /** Blocks still allocated. */
  liveBlocks: number;
  /** Bytes of the memory not held by a live block: freed blocks plus the unused end of the heap. */
  freeBytes: number;
  /** The largest contiguous free range: a request up to this size needs no growth. */
  largestFreeBytes: number;
}

/** `1234567 bytes (1.2 MiB)`: exact bytes plus a rounded binary unit when it helps a reader. */
function formatBytes(bytes: number): string {
  const units = ['KiB', 'MiB', 'GiB'];
  let value = bytes, unit = '';
  for (const u of units) {
    if (value < 1024) break;
    value /= 1024;
    unit = u;
  }
  return unit === '' ? `${bytes} bytes` : `${bytes} bytes (${value.toFixed(1)} ${unit})`;
}

/**
 * The WebAssembly memory could not grow to hold a requested block. The heap stays usable. The
 * message and fields say how much of the heap is live and free, and the largest free block: a
 * request larger than that block needs growth even when most of the heap is free.
 */
export class OutOfMemoryError extends NeuriteError {
  override readonly name: string = 'OutOfMemoryError';
  readonly requestedBytes: number;
  /** Size of the WebAssembly memory when the request failed. */
  readonly heapBytes: number;
  /** The most the memory may grow to. */
  readonly maximumBytes: number;
  readonly liveBytes: number;
  readonly liveBlocks: number;
  readonly freeBytes: number;
  readonly largestFreeBytes: number;
  constructor(requestedBytes: number, heapBytes: number, maximumBytes: number, usage: HeapUsage) {
    super(
      `out of WebAssembly memory: could not allocate ${formatBytes(requestedBytes)}. The heap is ` +
        `${formatBytes(heapBytes)} (limit ${formatBytes(maximumBytes)}): ${formatBytes(usage.liveBytes)} live in ` +
        `${usage.liveBlocks} block(s), ${formatBytes(usage.freeBytes)} free, the largest free block ` +
        `${formatBytes(usage.largestFreeBytes)}; dispose unused tensors or use smaller batches`,
      'OUT_OF_MEMORY',
    );
    this.requestedBytes = requestedBytes;
    this.heapBytes = heapBytes;
    this.maximumBytes = maximumBytes;
    this.liveBytes = usage.liveBytes;
    this.liveBlocks = usage.liveBlocks;
    this.freeBytes = usage.freeBytes;
    this.largestFreeBytes = usage.largestFreeBytes;
  }
}

/** The kernel module could not be fetched, compiled or instantiated. */
export class KernelLoadError extends NeuriteError {
  override readonly name: string = 'KernelLoadError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 'KERNEL_LOAD');
    if (options?.cause !== undefined) (this as { cause?: unknown }).cause = options.cause;
  }
}
