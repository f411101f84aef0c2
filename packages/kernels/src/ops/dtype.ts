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

/** A family's export for one dtype, with that dtype's descriptor. */
export interface ResolvedKernel {
  readonly info: DTypeInfo;
  readonly name: keyof KernelExports;
}

/**
 * The export of each dtype a kernel family has (undefined: no kernel). Every table has the same
 * three fields, built once, so resolving a dtype is a monomorphic field load and allocates nothing.
 */
export interface KernelTable {
  readonly float32: ResolvedKernel | undefined;
  readonly float64: ResolvedKernel | undefined;
  readonly int32: ResolvedKernel | undefined;
  readonly supported: readonly KernelDType[];
}

/** A family's table from the export name of each dtype it has. */
export function kernelTable(names: Partial<Record<KernelDType, keyof KernelExports>>): KernelTable {
  const entry = (dtype: KernelDType) => {
    const name = names[dtype];
    return name === undefined ? undefined : { info: INFO[dtype], name };
  };
  return { float32: entry('float32'), float64: entry('float64'), int32: entry('int32'), supported: Object.keys(names) as KernelDType[] };
}

/**
 * A raw export called with plain numbers (every ABI argument is a number). Wrappers look the export
 * up at their own call site (`backend.kernels[name]`): a shared helper's keyed load would see every
 * name and go megamorphic, which costs tiny calls a third of their time.
 */
export type RawKernel = (...args: number[]) => number;

/** `what`, followed by the op's name when there is one (built only for an error message). */
function label(what: string, op: unknown): string {
  return op === undefined ? what : `${what} ${String(op)}`;
}

/** The descriptor of `dtype` (undefined: float32), or DTypeError naming `what` (and `op`). */
export function dtypeInfo(dtype: unknown, what: string, op?: unknown): DTypeInfo {
  if (dtype === undefined) return INFO.float32;
  if (typeof dtype !== 'string' || !Object.hasOwn(INFO, dtype)) {
    throw new DTypeError(`${label(what, op)}: dtype must be one of ${Object.keys(INFO).join(', ')}, got ${String(dtype)}`);
  }
  return INFO[dtype as KernelDType];
}

/**
 * Throws DTypeError unless `table` has a kernel for `dtype`; returns the descriptor and the export's
 * name. Wrappers test `dtype === undefined` themselves first and take `table.float32` (every family
 * has float32): a call here, however small, keeps V8 from inlining a tiny wrapper into its caller. Errors name `what` and `op` (messages are built only on failure: tiny calls are hot).
 */
export function resolveKernel(table: KernelTable, dtype: unknown, what: string, op?: unknown): ResolvedKernel {
  // The common case stays small enough for V8 to inline with the wrapper's own checks (whose
  // messages it then builds only on failure); the rest is a separate function.
  if (dtype === undefined && table.float32 !== undefined) return table.float32;
  return resolveOther(table, dtype, what, op);
}

function resolveOther(table: KernelTable, dtype: unknown, what: string, op: unknown): ResolvedKernel {
  const info = dtypeInfo(dtype, what, op);
  const resolved = info.name === 'float32' ? table.float32 : info.name === 'float64' ? table.float64 : table.int32;
  if (resolved === undefined) throw unsupported(label(what, op), info.name, table.supported);
  return resolved;
}

/** The DTypeError of an op that `dtype` lacks (a trapping int32 op, a family without the dtype). */
export function unsupported(what: string, dtype: KernelDType, supported: readonly string[]): DTypeError {
  return new DTypeError(`${what} has no ${dtype} kernel (supported: ${supported.join(', ')})`);
}
