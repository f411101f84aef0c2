// erf (torch.erf), the Gauss error function, with its exact gradient 2/sqrt(pi) exp(-x^2): one
// kernel call (the kernels' erf unary op: the Maclaurin series below |x| = 0.5, 1 - erfc(|x|) by a
// full-precision Chebyshev expansion above), within a few ulps of PyTorch's in float32 and float64
// (float32 rounds the float64 value). erf(+-Inf) = +-1, erf(NaN) = NaN, erf(-0) = -0; int32
// input gives float32, as the other unary maths.
import type { Tensor } from '../tensor.ts';
import { unaryOp } from './elementwise.ts';

export const erf = (x: Tensor): Tensor => unaryOp('erf', x);
