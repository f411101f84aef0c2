export { GELU, LeakyReLU, LogSoftmax, ReLU, Sigmoid, Softmax, Tanh } from './activations.ts';
export { Dropout } from './dropout.ts';
export { Flatten } from './flatten.ts';
export { Linear, type LinearOptions } from './linear.ts';
export { BatchNorm, BatchNorm1d, BatchNorm2d, GroupNorm, LayerNorm } from './normalization.ts';
export { GRU, LSTM, type RecurrentKind, type RecurrentOptions, type RecurrentState, RNN } from './recurrent.ts';
export { Residual, Sequential } from './sequential.ts';
export { AvgPool2d, Conv2d, type Conv2dOptions, GlobalAvgPool2d, MaxPool2d } from './conv.ts';
export { Embedding } from './embedding.ts';
