export type { Backend, Variant } from './backend.ts';
export { ArgumentError, DTypeError, type HeapUsage, KernelLoadError, NeuriteError, OutOfMemoryError, ShapeError } from './errors.ts';
export type { KernelExports } from './generated/kernel-exports.ts';
export { ALIGNMENT, Heap, type HeapStats, PAGE_BYTES } from './heap.ts';
export { createReferenceBackend, detectFeatures, type LoadOptions, loadBackend, moduleUrl } from './loader.ts';
export { createReferenceKernels } from './reference/index.ts';
export { broadcastShapes, broadcastStrides, collapseDims, contiguousStrides, sizeOf } from './ops/broadcast.ts';
export { checkCount } from './ops/checks.ts';
export type { DTypeOption, FloatDType, KernelDType } from './ops/dtype.ts';
export { pairwiseSquaredDistances, type PairwiseParams } from './ops/pairwise.ts';
export { type TsneRepulsionParams, tsneRepulsion2d } from './ops/tsne-repulsion.ts';
export { ROW_DOTS_INT_LIMIT, rowDots, type RowDotsParams } from './ops/row-dots.ts';
export { type PackedInt16Rows, packRowsInt16, type PackRowsInt16Params, rowDotsInt16, type RowDotsInt16Params } from './ops/row-dots-i16.ts';
export { csrMatmul, type CsrMatmulParams } from './ops/csr.ts';
export { axpby, binary, binaryScalar, copy, fill, type OutOption, unary, unaryBackward } from './ops/elementwise.ts';
export { type Activation, gemm, gemmBatched, type GemmBatchedParams, type GemmParams, gemmWorkspaceFloats } from './ops/gemm.ts';
export { ACTIVATIONS, BinaryOp, type BinaryOpName, UnaryOp, type UnaryOpName } from './ops/op-codes.ts';
export {
  type Conv2dForwardOptions, type Conv2dParams, conv2d, conv2dBackwardBias, conv2dBackwardFilter, conv2dBackwardInput,
  conv2dOutputShape, releaseConvWorkspace,
} from './ops/conv.ts';
export { conv2dReluBackwardBias } from './ops/conv-relu-bias.ts';
export { type AvgPoolOptions, avgPool2d, avgPool2dBackward, maxPool2d, maxPool2dBackward, type Pool2dParams, pool2dOutputShape } from './ops/pool.ts';
export { argReduce, clipByValue, cumsum, moments, reduce, type ReduceOp, ReduceOpCode, squaredNorm } from './ops/reduce.ts';
export { castF32ToI32, castI32ToF32, fillI32, type StridedCopyParams, stridedCopy32 } from './ops/strided.ts';
export { softmax, softmaxBackward, softmaxCrossEntropy, type SoftmaxCrossEntropyOptions } from './ops/softmax.ts';
export { cast, type CastOptions } from './ops/cast.ts';
export {
  attention, attentionBackward, attentionBackwardWorkspaceFloats, type AttentionGradients, type AttentionOutputs, type AttentionParams,
  attentionWorkspaceFloats, type RowStrides,
} from './ops/attention.ts';
export { rope, type RopeParams } from './ops/rope.ts';
export { rmsNorm, rmsNormBackward, type RmsNormOptions } from './ops/rms-norm.ts';
export { swiglu, swigluBackward, type SwigluParams } from './ops/swiglu.ts';
export {
  cholesky, type JacobiOptions, jacobiEigh, jacobiSvd, luFactor, type LuResult, qrFactor, qrFormQ, type QrParams, type QrQParams, type SquareParams,
  triangularSolve, type TriangularSolveParams,
} from './ops/linalg.ts';
export { symmetricEigh, type SymmetricEighParams, type SymmetricEighResult } from './ops/linalg-eigh.ts';
export { SCATTER_INT_LIMIT, type ScatterParams, scatterMatrix, scatterMatrixInt32 } from './ops/linalg-scatter.ts';
export { LlamaDecoder, type LlamaDecoderLayerWeights, type LlamaDecoderParams, llamaDecoderWorkFloats } from './ops/decode-step.ts';
export { Gpt2Decoder, type Gpt2DecoderLayerWeights, type Gpt2DecoderParams, gpt2DecoderWorkFloats } from './ops/decode-gpt2.ts';
export { indexAdd, indexSelect32, type IndexSelectParams, oneHot, where } from './ops/gather.ts';
export { adagradStep, type AdagradParams, adamStep, type AdamParams, rmspropStep, type RmspropParams, sgdStep, type SgdParams } from './ops/optim.ts';
export { type AffineOptions, batchNormBackward, batchNormInference, batchNormTrain, type BatchNormTrainOptions, groupNorm, groupNormBackward, layerNorm, layerNormBackward, type NormBackward, type NormForward } from './ops/norm.ts';
export { gruCell, gruCellBackward, type GruCellBackwardParams, type GruCellParams, lstmCell, lstmCellBackward, type LstmCellBackwardParams, type LstmCellParams, rnnCell, rnnCellBackward } from './ops/recurrent.ts';
export { lstmCellBackwardRows, type LstmCellBackwardRowsParams, lstmCellRows, type LstmCellRowsParams } from './ops/recurrent-lstm-rows.ts';
export { THREADED_MAXIMUM_PAGES, threadsUnavailableReason } from './threads/load-threaded.ts';
export { ThreadPool, ThreadPoolError, type ThreadPoolOptions } from './threads/pool.ts';
