// The one table of op codes and activation names. scripts/build-wasm.mjs writes it out as
// assembly/generated/op-codes.ts (AssemblyScript constants, NEG = 0, ...) and
// src/generated/op-codes.ts (TypeScript tables, the int32 op sets and the `Activation` type), so
// both languages read the same codes. Codes are positions: append new ops at the end of a list.
//   int32: the int32 kernel has the op (the others would trap: the wrappers throw DTypeError).
//   activation: fusable into the GEMM and convolution stores (and a name of `Activation`).

/** Unary ops (unary_<dtype>, unary_backward_<dtype>, the GEMM and convolution epilogues). */
export const UNARY_OPS = [
  { name: 'neg', int32: true },
  { name: 'abs', int32: true },
  { name: 'sign', int32: true },
  { name: 'exp' },
  { name: 'log' },
  { name: 'log1p' },
  { name: 'sqrt' },
  { name: 'rsqrt' },
  { name: 'square', int32: true },
  { name: 'relu', int32: true, activation: true },
  { name: 'leakyRelu', activation: true },
  { name: 'sigmoid', activation: true },
  { name: 'tanh', activation: true },
  { name: 'gelu', activation: true }, // exact: 0.5 x (1 + erf(x / sqrt 2)), PyTorch's default
  { name: 'softplus' },
  { name: 'reciprocal' },
  { name: 'expm1' },
  { name: 'sin' },
  { name: 'cos' },
  { name: 'floor' },
  { name: 'ceil' },
  { name: 'round' },
  { name: 'silu', activation: true },
  { name: 'mish', activation: true },
  { name: 'erf' },
  { name: 'geluTanh', activation: true }, // 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))), approximate='tanh'
];

/** Binary ops (binary_<dtype>, binary_same_<dtype>). Comparisons give 0 or 1. */
export const BINARY_OPS = [
  { name: 'add', int32: true },
  { name: 'sub', int32: true },
  { name: 'mul', int32: true },
  { name: 'div' },
  { name: 'pow' },
  { name: 'maximum', int32: true },
  { name: 'minimum', int32: true },
  { name: 'eq', int32: true },
  { name: 'ne', int32: true },
  { name: 'lt', int32: true },
  { name: 'le', int32: true },
  { name: 'gt', int32: true },
  { name: 'ge', int32: true },
];

/** Reductions (reduce_<dtype>). */
export const REDUCE_OPS = [
  { name: 'sum', int32: true },
  { name: 'mean' },
  { name: 'max', int32: true },
  { name: 'min', int32: true },
  { name: 'prod', int32: true },
  { name: 'sumSquares', int32: true },
  { name: 'logSumExp' },
];

/** Index reductions (arg_reduce_<dtype>); every dtype has both. */
export const ARG_REDUCE_OPS = [{ name: 'argmax', int32: true }, { name: 'argmin', int32: true }];
