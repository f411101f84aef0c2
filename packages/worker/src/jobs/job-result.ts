/** What every job returns: its value, and the buffers of that value to transfer. */
export interface JobResult<T> {
  value: T;
  /** Buffers of `value` to transfer (never a WebAssembly memory's buffer: copy out of the heap first). */
  transfer: Transferable[];
}
