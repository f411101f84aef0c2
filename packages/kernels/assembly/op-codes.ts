// The op codes shared by every kernel family and dtype; they must match src/ops/op-codes.ts
// (unary and binary) and src/ops/reduce.ts (reductions).

// Unary (elementwise*.ts, the GEMM and convolution epilogues' activations).
export const NEG = 0, ABS = 1, SIGN = 2, EXP = 3, LOG = 4, LOG1P = 5, SQRT = 6, RSQRT = 7, SQUARE = 8;
export const RELU = 9, LEAKY_RELU = 10, SIGMOID = 11, TANH = 12, GELU = 13, SOFTPLUS = 14, RECIPROCAL = 15;
export const EXPM1 = 16, SIN = 17, COS = 18, FLOOR = 19, CEIL = 20, ROUND = 21;
export const UNARY_COUNT = 22;

// Binary (binary.ts). Comparisons give 0 or 1.
export const ADD = 0, SUB = 1, MUL = 2, DIV = 3, POW = 4, MAXIMUM = 5, MINIMUM = 6;
export const EQ = 7, NE = 8, LT = 9, LE = 10, GT = 11, GE = 12;

// Reductions (reduce.ts, reduce-f64-i32.ts).
export const SUM = 0, MEAN = 1, MAX = 2, MIN = 3, PROD = 4, SUM_SQUARES = 5, LOG_SUM_EXP = 6;
export const ARGMAX = 0, ARGMIN = 1;
