// @neurite/tensor: tensors in WebAssembly memory, broadcasting ops, autograd, scopes, seeded RNG, linalg.
export { getBackend, isInitialized, memory, type MemoryInfo, setDebugMode } from './runtime.ts';
export { init, setBackend } from './setup.ts';
export { ArgumentError, DisposedError, DTypeError, NeuriteError, NonFiniteError, NotFittedError, NotInitializedError, OutOfMemoryError, ShapeError } from './errors.ts';
export { type AnyTypedArray, type DType, promoteTypes } from './dtype.ts';
export { adoptPointer, type NestedArray, Tensor } from './tensor.ts';
export { dispose, keep, scope } from './scope.ts';
export {
  arange, type CreateOptions, eye, full, fullLike, linspace, ones, onesLike, scalar, tensor, type TensorLike, zeros, zerosLike,
} from './creation.ts';
export { Generator, defaultGenerator, manualSeed } from './random/generator.ts';
export { bernoulli, rand, randint, randn, type RandomOptions, randperm, truncatedNormal } from './random/random-tensors.ts';
export { assertFinite, type BackwardFn, isGradEnabled, needsGrad, noGrad, record } from './autograd/record.ts';
export { backward } from './autograd/backward.ts';
export { grad, valueAndGrad } from './autograd/grad.ts';
export { cast, clone } from './ops/copy.ts';
export {
  abs, add, ceil, clamp, cos, div, eq, exp, expm1, floor, ge, gelu, geluTanh, gt, le, leakyRelu, log, log1p, lt, maximum, minimum, mul, ne, neg,
  type Operand, pow, reciprocal, relu, round, rsqrt, sigmoid, sign, silu, mish, sin, softplus, sqrt, square, sub, tanh,
} from './ops/elementwise.ts';
export { argmax, argmin, type Axes, cumsum, logsumexp, max, mean, min, std, sum, sumTo, variance } from './ops/reduce.ts';
export {
  concat, expand, flatten, flip, normalizeAxis, pad, permute, reshape, slice, type SliceSpec, split, squeeze, stack, transpose, unsqueeze,
} from './ops/shape.ts';
export { linear, type LinearActivation, type LinearOptions, matmul } from './ops/matmul.ts';
export { cdist, pairwiseSquaredDistances } from './ops/distance.ts';
export { type Int16Rows, rowDots, withInt16Rows } from './ops/row-dots.ts';
export { tsneRepulsion2d } from './ops/tsne-repulsion.ts';
export { csrMatmul, type CsrMatmulOptions } from './ops/csr-matmul.ts';
export { gather, indexSelect, oneHot, scatterAdd, where } from './ops/gather.ts';
export { type CrossEntropyOptions, logSoftmax, softmax, softmaxCrossEntropy } from './ops/softmax.ts';
export {
  adagradStepInPlace_, adamStepInPlace_, type AdamStepOptions, rmspropStepInPlace_, type RmspropStepOptions, sgdStepInPlace_,
  type SgdStepOptions,
} from './ops/optim.ts';
export { avgPool2d, conv2d, type Conv2dOptions, maxPool2d, type Pool2dOptions } from './ops/conv.ts';
export {
  cholesky, correlation, covariance, determinant, eigh, inverse, lstsq, qr, solve, svd,
} from './linalg/linalg.ts';
export {
  choleskyDense, determinantDense, eighDense, identity, inverseDense, LinalgError, lstsqDense, type Matrix, matrix, multiply, qrDense,
  solveDense, svdDense, transposeMatrix,
} from './linalg/dense.ts';
export { type MatrixInput, toMatrix } from './linalg/matrix-input.ts';
export { type RecurrentKind, recurrentSequence } from './ops/recurrent.ts';
export { gradCheck, type GradCheckOptions, type GradCheckReport } from './grad-check.ts';
export { argsort, sort, type SortOptions, type SortResult, topk, type TopkOptions } from './ops/sort.ts';
export { tril, triu } from './ops/triangular.ts';
export { maskedFill } from './ops/masked-fill.ts';
export { repeat, tile } from './ops/repeat.ts';
export { norm, type NormOptions } from './ops/norm.ts';
export { all, any, isfinite, isinf, isnan } from './ops/predicates.ts';
export { multinomial, type MultinomialOptions } from './ops/multinomial.ts';
export { einsum } from './ops/einsum.ts';
export { erf } from './ops/erf.ts';
export { type AttentionOptions, scaledDotProductAttention } from './ops/attention.ts';
export { packedSelfAttention } from './ops/attention-packed.ts';
export { rope, type RopeOptions } from './ops/rope.ts';
export { layerNorm, type LayerNormOptions } from './ops/layer-norm.ts';
export { rmsNorm, type RmsNormOptions } from './ops/rms-norm.ts';
export { swiglu } from './ops/swiglu.ts';
export { LlamaDecoder, type LlamaDecoderLayerTensors, type LlamaDecoderOptions, type LlamaDecoderWeights } from './ops/decode-step.ts';
export { Gpt2Decoder, type Gpt2DecoderLayerTensors, type Gpt2DecoderOptions, type Gpt2DecoderWeights } from './ops/decode-gpt2.ts';
