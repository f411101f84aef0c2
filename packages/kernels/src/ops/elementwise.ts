// Checked wrappers of the elementwise kernels (assembly/elementwise*.ts, binary.ts): one per kernel
// family, every dtype through one descriptor (dtype.ts). Each validates sizes and pointer
// ranges, allocates the output unless `out` is given, skips empty inputs, then makes one call
// (on a threaded backend, large contiguous calls split by ranges of elements: split.ts).
import type { Backend } from '../backend.ts';
import { broadcastShapes, broadcastStrides, collapseDims, sizeOf } from './broadcast.ts';
import type { PoolKernel } from '../threads/protocol.ts';
import { checkCount, checkData, checkInt32, checkShape, freeOnFailure, opCode, outputData, scratchBlock, scratchI32 } from './checks.ts';
import { type DTypeInfo, type DTypeOption, type KernelDType, type KernelTable, kernelTable, type RawKernel, type ResolvedKernel, resolveKernel, unsupported } from './dtype.ts';
import { BinaryOp, type BinaryOpName, INT32_BINARY_OPS, INT32_UNARY_OPS, UnaryOp, type UnaryOpName } from './op-codes.ts';
import { elementwiseCall } from './split.ts';

export interface OutOption {
  /** Write here instead of a new block (must hold the output; may alias inputs where noted). */
  out?: number;
}

const UNARY: KernelTable = kernelTable({ float32: 'unary_f32', float64: 'unary_f64', int32: 'unary_i32' });
const UNARY_BACKWARD: KernelTable = kernelTable({ float32: 'unary_backward_f32', float64: 'unary_backward_f64' });
const BINARY: KernelTable = kernelTable({ float32: 'binary_f32', float64: 'binary_f64', int32: 'binary_i32' });
const BINARY_SAME: KernelTable = kernelTable({ float32: 'binary_same_f32', float64: 'binary_same_f64', int32: 'binary_same_i32' });
const FILL: KernelTable = kernelTable({ float32: 'fill_f32', float64: 'fill_f64', int32: 'fill_i32' });
// copy_f32 moves 4-byte elements of any type.
const COPY: KernelTable = kernelTable({ float32: 'copy_f32', float64: 'copy_f64', int32: 'copy_f32' });
const AXPBY: KernelTable = kernelTable({ float32: 'axpby_f32', float64: 'axpby_f64' });

/** The broadcasting binary export of a dtype that BINARY_SAME resolved (both tables have the same dtypes). */
function binaryKernel(info: DTypeInfo): ResolvedKernel['name'] {
  return (info.name === 'float32' ? BINARY.float32 : info.name === 'float64' ? BINARY.float64 : BINARY.int32)!.name;
}

/** The op's code, after checking that `dtype`'s kernel has the op (int32 lacks the ops that would trap). */
function elementwiseOp(table: Readonly<Record<string, number>>, op: string, what: string, dtype: KernelDType, int32Ops: ReadonlySet<number>): number {
  const code = opCode(table, op, what);
  if (dtype === 'int32') checkInt32Op(code, op, what, int32Ops);
  return code;
}

function checkInt32Op(code: number, op: string, what: string, int32Ops: ReadonlySet<number>): void {
  if (!int32Ops.has(code)) throw unsupported(`${what} ${op}`, 'int32', ['float32', 'float64']);
}

/**
 * y = f(x) over `n` contiguous elements of `dtype` (default float32). `alpha` is leaky relu's slope
 * (default 0.01). x may equal out. int32 has neg, abs, sign, square and relu.
 */
export function unary(
  backend: Backend, op: UnaryOpName, x: number, n: number, options: OutOption & DTypeOption & { alpha?: number } = {},
): number {
  const { info, name } = options.dtype === undefined ? UNARY.float32! : resolveKernel(UNARY, options.dtype, 'unary', op);
  const code = elementwiseOp(UnaryOp, op, 'unary', info.name, INT32_UNARY_OPS);
  checkCount(n, `unary ${op}: n`);
  checkData(backend, x, n, info.bytes, `unary ${op}: x`);
  const out = outputData(backend, n, info.bytes, options.out, `unary ${op}: out`);
  const alpha = options.alpha ?? 0.01;
  // float32 calls the named export (a monomorphic call V8 inlines); the rest is out of line, so
  // this function stays small enough to inline into its callers (tiny calls are hot).
  if (backend.pool === undefined && info.name === 'float32') {
    if (n > 0) backend.kernels.unary_f32(code, n, x, out, alpha);
  } else {
    unaryOther(backend, info, name, code, n, x, out, alpha, options.out);
  }
  return out;
}

/** unary's call for other dtypes or over a thread pool. */
function unaryOther(
  backend: Backend, info: DTypeInfo, name: ResolvedKernel['name'], code: number, n: number, x: number, out: number, alpha: number,
  given: number | undefined,
): void {
  if (backend.pool === undefined) {
    if (n > 0) (backend.kernels[name] as unknown as RawKernel)(code, n, x, out, alpha);
  } else {
    freeOnFailure(backend, [[out, given]], () =>
      elementwiseCall(backend, name as PoolKernel, [code], n, [x, out], info.name === 'int32' ? [] : [alpha], info.bytes));
  }
}

/** dx = dy * f'(x), given x, y = f(x) and dy (all `n` elements of a float dtype). dx may alias dy. */
export function unaryBackward(
  backend: Backend,
  op: UnaryOpName,
  x: number,
  y: number,
  dy: number,
  n: number,
  options: OutOption & DTypeOption & { alpha?: number } = {},
): number {
  const { info, name } = options.dtype === undefined ? UNARY_BACKWARD.float32! : resolveKernel(UNARY_BACKWARD, options.dtype, 'unaryBackward', op);
  const code = opCode(UnaryOp, op, 'unaryBackward');
  checkCount(n, `unaryBackward ${op}: n`);
  checkData(backend, x, n, info.bytes, `unaryBackward ${op}: x`);
  checkData(backend, y, n, info.bytes, `unaryBackward ${op}: y`);
  checkData(backend, dy, n, info.bytes, `unaryBackward ${op}: dy`);
  const out = outputData(backend, n, info.bytes, options.out, `unaryBackward ${op}: dx`);
  const alpha = options.alpha ?? 0.01;
  if (backend.pool === undefined) {
    if (n > 0 && info.name === 'float32') backend.kernels.unary_backward_f32(code, n, x, y, dy, out, alpha);
    else if (n > 0) (backend.kernels[name] as unknown as RawKernel)(code, n, x, y, dy, out, alpha);
  } else {
    freeOnFailure(backend, [[out, options.out]], () =>
      elementwiseCall(backend, name as PoolKernel, [code], n, [x, y, dy, out], [alpha], info.bytes));
  }
  return out;
}

/**
 * out = a op b with NumPy broadcasting of contiguous operands of `dtype` (default float32; int32
 * has every op but div and pow). Returns the output pointer and shape. `out` may alias an operand
 * only when that operand has the output's shape.
 */
export function binary(
  backend: Backend,
  op: BinaryOpName,
  a: number,
  aShape: readonly number[],
  b: number,
  bShape: readonly number[],
  options: OutOption & DTypeOption = {},
): { ptr: number; shape: number[] } {
  const { info, name } = options.dtype === undefined ? BINARY_SAME.float32! : resolveKernel(BINARY_SAME, options.dtype, 'binary', op);
  const code = elementwiseOp(BinaryOp, op, 'binary', info.name, INT32_BINARY_OPS);
  const aSize = checkShape(aShape, op, 'aShape');
  const bSize = checkShape(bShape, op, 'bShape');
  const bytes = info.bytes;
  if (sameShape(aShape, bShape)) {
    const n = aSize;
    checkData(backend, a, n, bytes, `${op}: a`);
    checkData(backend, b, n, bytes, `${op}: b`);
    const out = outputData(backend, n, bytes, options.out, `${op}: out`);
    if (backend.pool === undefined) {
      // Tiny ops: no split machinery; float32 through the named export (see unary).
      if (n > 0 && info.name === 'float32') backend.kernels.binary_same_f32(code, n, a, b, out);
      else if (n > 0) (backend.kernels[name] as unknown as RawKernel)(code, n, a, b, out);
    } else {
      freeOnFailure(backend, [[out, options.out]], () => elementwiseCall(backend, name as PoolKernel, [code], n, [a, b, out], [], bytes));
    }
    return { ptr: out, shape: aShape.slice() };
  }
  // One operand a single value that broadcasts over the other: a rank-1 stride-0 call.
  if (bSize === 1 && bShape.length <= aShape.length) return scalarSide(backend, info, code, op, a, aShape, b, false, options);
  if (aSize === 1 && aShape.length <= bShape.length) return scalarSide(backend, info, code, op, b, bShape, a, true, options);
  const shape = broadcastShapes(aShape, bShape, op);
  const n = sizeOf(shape);
  checkCount(n, `${op}: output size`);
  checkData(backend, a, aSize, bytes, `${op}: a`);
  checkData(backend, b, bSize, bytes, `${op}: b`);
  const out = outputData(backend, n, bytes, options.out, `${op}: out`);
  if (n === 0) return { ptr: out, shape };
  const c = collapseDims(shape, broadcastStrides(aShape, shape), broadcastStrides(bShape, shape));
  const [shapePtr, saPtr, sbPtr] = scratchI32(backend, c.shape, c.strides[0]!, c.strides[1]!);
  if (info.name === 'float32') backend.kernels.binary_f32(code, c.shape.length, shapePtr!, saPtr!, sbPtr!, a, b, out);
  else (backend.kernels[binaryKernel(info)] as unknown as RawKernel)(code, c.shape.length, shapePtr!, saPtr!, sbPtr!, a, b, out);
  return { ptr: out, shape };
}

function scalarSide(
  backend: Backend,
  info: DTypeInfo,
  code: number,
  op: BinaryOpName,
  x: number,
  shape: readonly number[],
  scalar: number,
  scalarFirst: boolean,
  options: OutOption,
): { ptr: number; shape: number[] } {
  const n = sizeOf(shape);
  checkCount(n, `${op}: output size`);
  checkData(backend, x, n, info.bytes, `${op}: ${scalarFirst ? 'b' : 'a'}`);
  checkData(backend, scalar, 1, info.bytes, `${op}: ${scalarFirst ? 'a' : 'b'}`);
  const out = outputData(backend, n, info.bytes, options.out, `${op}: out`);
  if (n > 0) callScalar(backend, info, code, x, scalar, scalarFirst, out, n);
  return { ptr: out, shape: shape.slice() };
}

/** binary_<dtype> as a rank-1 loop: x with stride 1, the value at `scalar` with stride 0. */
function callScalar(backend: Backend, info: DTypeInfo, code: number, x: number, scalar: number, scalarFirst: boolean, out: number, n: number): void {
  const block = scratchBlock(backend, 16);
  block.view[0] = n; // shape
  block.view[1] = 1; // stride of x
  block.view[2] = 0; // stride of the value
  const shapePtr = block.ptr, one = block.ptr + 4, zero = block.ptr + 8;
  const kernel = info.name === 'float32' ? backend.kernels.binary_f32 : (backend.kernels[binaryKernel(info)] as unknown as RawKernel);
  if (scalarFirst) kernel(code, 1, shapePtr, zero, one, scalar, x, out);
  else kernel(code, 1, shapePtr, one, zero, x, scalar, out);
}

/**
 * out = x op value (or value op x with `reversed`) for `n` contiguous elements of `dtype` and a
 * number `value` (rounded to float32; for int32 it must be an i32 integer). The value travels
 * in the scratch block: no allocation.
 */
export function binaryScalar(
  backend: Backend,
  op: BinaryOpName,
  x: number,
  n: number,
  value: number,
  options: OutOption & DTypeOption & { reversed?: boolean } = {},
): number {
  const { info } = options.dtype === undefined ? BINARY.float32! : resolveKernel(BINARY, options.dtype, 'binaryScalar', op);
  const code = elementwiseOp(BinaryOp, op, 'binaryScalar', info.name, INT32_BINARY_OPS);
  checkCount(n, `${op} (scalar): n`);
  checkData(backend, x, n, info.bytes, `${op} (scalar): x`);
  if (info.name === 'int32') checkInt32(value, `${op} (scalar, int32): value`);
  const out = outputData(backend, n, info.bytes, options.out, `${op} (scalar): out`);
  if (n === 0) return out;
  const block = scratchBlock(backend, 32);
  // The value sits past the three i32 words of callScalar, aligned to its element size.
  const at = block.ptr + 16;
  const buffer = block.view.buffer;
  if (info.name === 'float64') new Float64Array(buffer, at, 1)[0] = value;
  else if (info.name === 'int32') new Int32Array(buffer, at, 1)[0] = value;
  else new Float32Array(buffer, at, 1)[0] = value;
  callScalar(backend, info, code, x, at, options.reversed ?? false, out, n);
  return out;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** x[i] = value for `n` elements of `dtype` (default float32; rounded to float32; for int32 an i32 integer). */
export function fill(backend: Backend, x: number, n: number, value: number, options: DTypeOption = {}): void {
  const { info, name } = options.dtype === undefined ? FILL.float32! : resolveKernel(FILL, options.dtype, 'fill');
  checkCount(n, 'fill: n');
  checkData(backend, x, n, info.bytes, 'fill: x');
  if (info.name === 'int32') checkInt32(value, 'fill (int32): value');
  if (n > 0) (backend.kernels[name] as unknown as RawKernel)(n, x, value);
}

/** Copies `n` elements of `dtype` from src to dst (ranges may overlap). */
export function copy(backend: Backend, src: number, dst: number, n: number, options: DTypeOption = {}): void {
  const { info, name } = options.dtype === undefined ? COPY.float32! : resolveKernel(COPY, options.dtype, 'copy');
  checkCount(n, 'copy: n');
  checkData(backend, src, n, info.bytes, 'copy: src');
  checkData(backend, dst, n, info.bytes, 'copy: dst');
  if (n > 0) (backend.kernels[name] as unknown as RawKernel)(n, src, dst);
}

/** y = alpha x + beta y in place on y (`n` elements of a float dtype). beta = 0 ignores y's old contents. */
export function axpby(backend: Backend, alpha: number, x: number, beta: number, y: number, n: number, options: DTypeOption = {}): void {
  const { info, name } = options.dtype === undefined ? AXPBY.float32! : resolveKernel(AXPBY, options.dtype, 'axpby');
  checkCount(n, 'axpby: n');
  checkData(backend, x, n, info.bytes, 'axpby: x');
  checkData(backend, y, n, info.bytes, 'axpby: y');
  if (n > 0) (backend.kernels[name] as unknown as RawKernel)(n, alpha, x, beta, y);
}
