// Checked wrappers of assembly/elementwise.ts: one per kernel. Each validates sizes and pointer
// ranges, allocates the output unless `out` is given, skips empty inputs, then makes one call
// (on a threaded backend, large contiguous calls split by ranges of elements: split.ts).
import type { Backend } from '../backend.ts';
import { broadcastShapes, broadcastStrides, collapseDims, sizeOf } from './broadcast.ts';
import { checkCount, checkF32, checkShape, freeOnFailure, opCode, outputF32, scratchBlock, scratchI32 } from './checks.ts';
import { BinaryOp, type BinaryOpName, UnaryOp, type UnaryOpName } from './op-codes.ts';
import { elementwiseCall } from './split.ts';

export interface OutOption {
  /** Write here instead of a new block (must hold the output; may alias inputs where noted). */
  out?: number;
}

/** y = f(x) over `n` contiguous f32. `alpha` is leaky relu's slope (default 0.01). x may equal out. */
export function unary(backend: Backend, op: UnaryOpName, x: number, n: number, options: OutOption & { alpha?: number } = {}): number {
  const code = opCode(UnaryOp, op, 'unary');
  checkCount(n, `unary ${op}: n`);
  checkF32(backend, x, n, `unary ${op}: x`);
  const out = outputF32(backend, n, options.out, `unary ${op}: out`);
  if (backend.pool === undefined) {
    if (n > 0) backend.kernels.unary_f32(code, n, x, out, options.alpha ?? 0.01);
  } else {
    freeOnFailure(backend, [[out, options.out]], () => elementwiseCall(backend, 'unary_f32', [code], n, [x, out], [options.alpha ?? 0.01]));
  }
  return out;
}

/** dx = dy * f'(x), given x, y = f(x) and dy (all `n` f32). dx may alias dy. */
export function unaryBackward(
  backend: Backend,
  op: UnaryOpName,
  x: number,
  y: number,
  dy: number,
  n: number,
  options: OutOption & { alpha?: number } = {},
): number {
  const code = opCode(UnaryOp, op, 'unaryBackward');
  checkCount(n, `unaryBackward ${op}: n`);
  checkF32(backend, x, n, `unaryBackward ${op}: x`);
  checkF32(backend, y, n, `unaryBackward ${op}: y`);
  checkF32(backend, dy, n, `unaryBackward ${op}: dy`);
  const out = outputF32(backend, n, options.out, `unaryBackward ${op}: dx`);
  if (backend.pool === undefined) {
    if (n > 0) backend.kernels.unary_backward_f32(code, n, x, y, dy, out, options.alpha ?? 0.01);
  } else {
    freeOnFailure(backend, [[out, options.out]], () =>
      elementwiseCall(backend, 'unary_backward_f32', [code], n, [x, y, dy, out], [options.alpha ?? 0.01]));
  }
  return out;
}

/**
 * out = a op b with NumPy broadcasting of contiguous operands. Returns the output pointer and
 * shape. `out` may alias an operand only when that operand has the output's shape.
 */
export function binary(
  backend: Backend,
  op: BinaryOpName,
  a: number,
  aShape: readonly number[],
  b: number,
  bShape: readonly number[],
  options: OutOption = {},
): { ptr: number; shape: number[] } {
  const code = opCode(BinaryOp, op, 'binary');
  const aSize = checkShape(aShape, op, 'aShape');
  const bSize = checkShape(bShape, op, 'bShape');
  if (sameShape(aShape, bShape)) {
    const n = aSize;
    checkF32(backend, a, n, `${op}: a`);
    checkF32(backend, b, n, `${op}: b`);
    const out = outputF32(backend, n, options.out, `${op}: out`);
    if (backend.pool === undefined) {
      if (n > 0) backend.kernels.binary_same_f32(code, n, a, b, out); // tiny ops: no split machinery
    } else {
      freeOnFailure(backend, [[out, options.out]], () => elementwiseCall(backend, 'binary_same_f32', [code], n, [a, b, out], []));
    }
    return { ptr: out, shape: aShape.slice() };
  }
  // One operand a single value that broadcasts over the other: a rank-1 stride-0 call.
  if (bSize === 1 && bShape.length <= aShape.length) return scalarSide(backend, op, a, aShape, b, false, options);
  if (aSize === 1 && aShape.length <= bShape.length) return scalarSide(backend, op, b, bShape, a, true, options);
  const shape = broadcastShapes(aShape, bShape, op);
  const n = sizeOf(shape);
  checkCount(n, `${op}: output size`);
  checkF32(backend, a, aSize, `${op}: a`);
  checkF32(backend, b, bSize, `${op}: b`);
  const out = outputF32(backend, n, options.out, `${op}: out`);
  if (n === 0) return { ptr: out, shape };
  const c = collapseDims(shape, broadcastStrides(aShape, shape), broadcastStrides(bShape, shape));
  const [shapePtr, saPtr, sbPtr] = scratchI32(backend, c.shape, c.strides[0]!, c.strides[1]!);
  backend.kernels.binary_f32(code, c.shape.length, shapePtr!, saPtr!, sbPtr!, a, b, out);
  return { ptr: out, shape };
}

function scalarSide(
  backend: Backend,
  op: BinaryOpName,
  x: number,
  shape: readonly number[],
  scalar: number,
  scalarFirst: boolean,
  options: OutOption,
): { ptr: number; shape: number[] } {
  const n = sizeOf(shape);
  checkCount(n, `${op}: output size`);
  checkF32(backend, x, n, `${op}: ${scalarFirst ? 'b' : 'a'}`);
  checkF32(backend, scalar, 1, `${op}: ${scalarFirst ? 'a' : 'b'}`);
  const out = outputF32(backend, n, options.out, `${op}: out`);
  if (n > 0) callScalar(backend, op, x, scalar, scalarFirst, out, n);
  return { ptr: out, shape: shape.slice() };
}

/** binary_f32 as a rank-1 loop: x with stride 1, the value at `scalar` with stride 0. */
function callScalar(backend: Backend, op: BinaryOpName, x: number, scalar: number, scalarFirst: boolean, out: number, n: number): void {
  const block = scratchBlock(backend, 16);
  block.view[0] = n; // shape
  block.view[1] = 1; // stride of x
  block.view[2] = 0; // stride of the value
  const shapePtr = block.ptr, one = block.ptr + 4, zero = block.ptr + 8;
  const code = BinaryOp[op]; // checked by the callers
  if (scalarFirst) backend.kernels.binary_f32(code, 1, shapePtr, zero, one, scalar, x, out);
  else backend.kernels.binary_f32(code, 1, shapePtr, one, zero, x, scalar, out);
}

/**
 * out = x op value (or value op x with `reversed`) for `n` contiguous f32 and a number `value`
 * (rounded to float32). The value travels in the scratch block: no allocation.
 */
export function binaryScalar(
  backend: Backend,
  op: BinaryOpName,
  x: number,
  n: number,
  value: number,
  options: OutOption & { reversed?: boolean } = {},
): number {
  opCode(BinaryOp, op, 'binaryScalar');
  checkCount(n, `${op} (scalar): n`);
  checkF32(backend, x, n, `${op} (scalar): x`);
  const out = outputF32(backend, n, options.out, `${op} (scalar): out`);
  if (n === 0) return out;
  const block = scratchBlock(backend, 16);
  new Float32Array(block.view.buffer, block.ptr + 12, 1)[0] = value;
  callScalar(backend, op, x, block.ptr + 12, options.reversed ?? false, out, n);
  return out;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** x[i] = value for `n` f32. */
export function fill(backend: Backend, x: number, n: number, value: number): void {
  checkCount(n, 'fill: n');
  checkF32(backend, x, n, 'fill: x');
  if (n > 0) backend.kernels.fill_f32(n, x, value);
}

/** Copies `n` f32 from src to dst (ranges may overlap). */
export function copy(backend: Backend, src: number, dst: number, n: number): void {
  checkCount(n, 'copy: n');
  checkF32(backend, src, n, 'copy: src');
  checkF32(backend, dst, n, 'copy: dst');
  if (n > 0) backend.kernels.copy_f32(n, src, dst);
}

/** y = alpha x + beta y in place on y (`n` f32). beta = 0 ignores y's old contents. */
export function axpby(backend: Backend, alpha: number, x: number, beta: number, y: number, n: number): void {
  checkCount(n, 'axpby: n');
  checkF32(backend, x, n, 'axpby: x');
  checkF32(backend, y, n, 'axpby: y');
  if (n > 0) backend.kernels.axpby_f32(n, alpha, x, beta, y);
}
