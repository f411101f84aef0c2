/** Unary op codes of `unary_f32` / `unary_backward_f32` (must match assembly/elementwise.ts). */
export const UnaryOp = {
  neg: 0, abs: 1, sign: 2, exp: 3, log: 4, log1p: 5, sqrt: 6, rsqrt: 7, square: 8,
  relu: 9, leakyRelu: 10, sigmoid: 11, tanh: 12, gelu: 13, softplus: 14, reciprocal: 15,
  expm1: 16, sin: 17, cos: 18, floor: 19, ceil: 20, round: 21,
} as const;
export type UnaryOpName = keyof typeof UnaryOp;

/** Binary op codes of `binary_f32` (must match assembly/elementwise.ts). Comparisons give 0 or 1. */
export const BinaryOp = {
  add: 0, sub: 1, mul: 2, div: 3, pow: 4, maximum: 5, minimum: 6,
  eq: 7, ne: 8, lt: 9, le: 10, gt: 11, ge: 12,
} as const;
export type BinaryOpName = keyof typeof BinaryOp;

/** Unary codes that unary_i32 has (the others trap). */
export const INT32_UNARY_OPS: ReadonlySet<number> = new Set([UnaryOp.neg, UnaryOp.abs, UnaryOp.sign, UnaryOp.square, UnaryOp.relu]);
/** Binary codes that binary_i32 has: every op but div and pow. */
export const INT32_BINARY_OPS: ReadonlySet<number> = new Set(Object.values(BinaryOp).filter((c) => c !== BinaryOp.div && c !== BinaryOp.pow));
