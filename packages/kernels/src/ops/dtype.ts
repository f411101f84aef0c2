// The element types of the checked wrappers, as one small descriptor each (element size, export
// suffix), and the per-family tables that name the export of every dtype a family has. A wrapper
// resolves its dtype once, up front: an unknown dtype or one its family lacks throws DTypeError
// naming the op and the dtype before anything is checked, allocated or run.
import { DTypeError } from '../errors.ts';
import type { KernelExports } from '../generated/kernel-exports.ts';

export type KernelDType = 'float32' | 'float64' | 'int32';
export type FloatDType = 'float32' | 'float64';

export interface DTypeOption {
  /** Element type of the operands (default float32). */
  dtype?: KernelDType;
}

export interface DTypeInfo {
  readonly name: KernelDType;
  /** Bytes per element: also the pointer alignment the wrappers check. */
  readonly bytes: 4 | 8;
}

const INFO: Readonly<Record<KernelDType, DTypeInfo>> = {
  float32: { name: 'float32', bytes: 4 },
  float64: { name: 'float64', bytes: 8 },
  int32: { name: 'int32', bytes: 4 },
};

/** The export of each dtype a kernel family has; a dtype missing here has no kernel. */
export type KernelTable = Readonly<Partial<Record<KernelDType, keyof KernelExports>>>;

/** A raw export called with plain numbers (every ABI argument is a number). */
export type RawKernel = (...args: number[]) => number;

/** The descriptor of `dtype` (undefined: float32), or DTypeError naming `what`. */
export function dtypeInfo(dtype: unknown, what: string): DTypeInfo {
  if (dtype === undefined) return INFO.float32;
  if (typeof dtype !== 'string' || !Object.hasOwn(INFO, dtype)) {
    throw new DTypeError(`${what}: dtype must be one of ${Object.keys(INFO).join(', ')}, got ${String(dtype)}`);
  }
  return INFO[dtype as KernelDType];
}

/** Throws DTypeError unless `table` has a kernel for `dtype`; returns the descriptor and the export's name. */
export function resolveKernel(table: KernelTable, dtype: unknown, what: string): { info: DTypeInfo; name: keyof KernelExports } {
  const info = dtypeInfo(dtype, what);
  const name = table[info.name];
  if (name === undefined) throw unsupported(what, info.name, Object.keys(table));
  return { info, name };
}

/** The DTypeError of an op that `dtype` lacks (a trapping int32 op, a family without the dtype). */
export function unsupported(what: string, dtype: KernelDType, supported: readonly string[]): DTypeError {
  return new DTypeError(`${what} has no ${dtype} kernel (supported: ${supported.join(', ')})`);
}

/** The raw export `name` of a kernel set (grow-torture wrappers included). */
export function rawKernel(kernels: KernelExports, name: keyof KernelExports): RawKernel {
  return kernels[name] as unknown as RawKernel;
}
