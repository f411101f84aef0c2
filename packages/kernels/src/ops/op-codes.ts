// The op codes and activation names of scripts/op-table.mjs (generated into src/generated/op-codes.ts
// by the build, beside the AssemblyScript constants), and the one check of an activation name.
import { ShapeError } from '../errors.ts';
import { type Activation, ACTIVATIONS, UnaryOp } from '../generated/op-codes.ts';

export {
  type Activation, ACTIVATIONS, type ArgReduceOp, ArgReduceOpCode, BinaryOp, type BinaryOpName, INT32_BINARY_OPS, INT32_REDUCE_OPS,
  INT32_UNARY_OPS, type ReduceOp, ReduceOpCode, UnaryOp, type UnaryOpName,
} from '../generated/op-codes.ts';

/** The unary op codes of the activations the GEMM and convolution stores fuse. */
export const ACTIVATION_CODES: ReadonlySet<number> = new Set(ACTIVATIONS.filter((a) => a !== 'none').map((a) => UnaryOp[a]));

/** The kernels' code of an activation (-1 for none or undefined), or a ShapeError naming `what`. */
export function activationCode(activation: Activation | undefined, what: string): number {
  if (activation === undefined || activation === 'none') return -1;
  if (typeof activation !== 'string' || !(ACTIVATIONS as readonly string[]).includes(activation)) {
    throw new ShapeError(`${what}: activation '${String(activation)}' is not one of ${ACTIVATIONS.join(', ')}`);
  }
  return UnaryOp[activation];
}
