// The functions behind Tensor's chainable methods (`x.add(y)` is `add(x, y)`), handed to tensor.ts
// by init() / setBackend(): tensor.ts imports no op, so the ops can import the Tensor class.
import { type TensorMethodOps, installTensorMethodOps } from './tensor.ts';
import { cast, clone } from './ops/copy.ts';
import {
  abs, add, ceil, clamp, cos, div, eq, exp, expm1, floor, ge, gelu, geluTanh, gt, le, leakyRelu, log, log1p, lt, maximum, minimum, mish,
  mul, ne, neg, pow, reciprocal, relu, round, rsqrt, sigmoid, sign, silu, sin, softplus, sqrt, square, sub, tanh,
} from './ops/elementwise.ts';
import { erf } from './ops/erf.ts';
import { indexSelect, where } from './ops/gather.ts';
import { maskedFill } from './ops/masked-fill.ts';
import { matmul } from './ops/matmul.ts';
import { all, any, isfinite, isinf, isnan } from './ops/predicates.ts';
import { argmax, argmin, cumsum, logsumexp, max, mean, min, std, sum, variance } from './ops/reduce.ts';
import { repeat, tile } from './ops/repeat.ts';
import { expand, flatten, flip, permute, reshape, squeeze, transpose, unsqueeze } from './ops/shape.ts';
import { logSoftmax, softmax } from './ops/softmax.ts';
import { tril, triu } from './ops/triangular.ts';

/** @internal Every method's function, keyed by the method's name (the tensor first). */
export const TENSOR_METHOD_OPS: TensorMethodOps = {
  add, sub, mul, div, pow, maximum, minimum, eq, ne, lt, le, gt, ge,
  neg, abs, sign, exp, expm1, log, log1p, sqrt, rsqrt, square, reciprocal, relu, leakyRelu, sigmoid,
  tanh, gelu, geluTanh, softplus, silu, mish, sin, cos, floor, ceil, round, erf, clamp,
  isnan, isinf, isfinite,
  sum, mean, max, min, logsumexp, variance, std, argmax, argmin, cumsum, all, any,
  softmax, logSoftmax, matmul,
  reshape, flatten, squeeze, unsqueeze, permute, transpose, expand, flip, repeat, tile, tril, triu,
  cast, clone, maskedFill, indexSelect,
  // PyTorch's order: x.where(condition, other) is where(condition, x, other).
  where: (self, condition, other) => where(condition, self, other),
};

/** @internal Hands the functions to Tensor's methods (idempotent). */
export function installTensorMethods(): void {
  installTensorMethodOps(TENSOR_METHOD_OPS);
}
