// Checked wrappers of assembly/optim.ts: fused in-place optimizer steps over n f32 parameters.
// Pointer and size problems throw ShapeError; invalid hyperparameters throw ArgumentError. Both name
// the argument. Formulas and defaults follow torch.optim (PyTorch 2.x, single-tensor path).
import type { Backend } from '../backend.ts';
import { ArgumentError } from '../errors.ts';
import { checkCount, checkF32 } from './checks.ts';
import { elementwiseCall } from './split.ts';

function hyper(name: string, value: number, opts: { min?: number; max?: number; integer?: boolean } = {}): number {
  const { min = -Infinity, max = Infinity } = opts;
  if (!Number.isFinite(value) || value < min || value > max || (opts.integer === true && !Number.isInteger(value))) {
    const range = `${opts.integer === true ? 'an integer' : 'a finite number'}${min > -Infinity ? ` >= ${min}` : ''}${max < Infinity ? ` and <= ${max}` : ''}`;
    throw new ArgumentError(`${name} must be ${range}, got ${value}`);
  }
  return value;
}

function buffers(backend: Backend, what: string, n: number, ptrs: Record<string, number | undefined>): void {
  checkCount(n, `${what}: n`);
  for (const [name, ptr] of Object.entries(ptrs)) {
    if (ptr === undefined) throw new ArgumentError(`${what}: ${name} is required with these options (a pointer to ${n} f32)`);
    checkF32(backend, ptr, n, `${what}: ${name}`);
  }
}

export interface SgdParams {
  n: number; param: number; grad: number;
  /** Momentum buffer (n f32, zero-initialized by the caller); required when momentum != 0. */
  velocity?: number;
  lr: number; momentum?: number; dampening?: number; nesterov?: boolean; weightDecay?: number;
  /**
   * True on the first step: the buffer becomes the gradient itself, as PyTorch initializes it.
   * Without it the buffer is treated as zeros, which differs from PyTorch only when dampening > 0.
   */
  firstStep?: boolean;
}

/**
 * SGD: g = grad + wd p; v = momentum v + (1 - dampening) g; g = nesterov ? g + momentum v : v;
 * p -= lr g. In place on param and velocity.
 */
export function sgdStep(backend: Backend, p: SgdParams): void {
  const lr = hyper('sgdStep: lr', p.lr, { min: 0 });
  const momentum = hyper('sgdStep: momentum', p.momentum ?? 0, { min: 0 });
  const dampening = hyper('sgdStep: dampening', p.dampening ?? 0);
  const wd = hyper('sgdStep: weightDecay', p.weightDecay ?? 0, { min: 0 });
  const nesterov = p.nesterov === true;
  if (nesterov && (momentum <= 0 || dampening !== 0)) {
    throw new ArgumentError(`sgdStep: nesterov needs momentum > 0 and dampening 0, got momentum ${momentum} and dampening ${dampening}`);
  }
  buffers(backend, 'sgdStep', p.n, momentum !== 0 || p.velocity !== undefined ? { param: p.param, grad: p.grad, velocity: p.velocity } : { param: p.param, grad: p.grad });
  elementwiseCall(backend, 'sgd_f32', [], p.n, [p.param, p.grad, p.velocity ?? 0], [lr, momentum, dampening, nesterov ? 1 : 0, wd, p.firstStep === true ? 1 : 0]);
}

export interface AdagradParams {
  n: number; param: number; grad: number;
  /** Sum of squared gradients (n f32; PyTorch's initial_accumulator_value, usually 0). */
  sum: number;
  lr: number; eps?: number; weightDecay?: number;
}

/** AdaGrad: g = grad + wd p; sum += g^2; p -= lr g / (sqrt(sum) + eps). lr decay is the caller's (pass the decayed lr). */
export function adagradStep(backend: Backend, p: AdagradParams): void {
  const lr = hyper('adagradStep: lr', p.lr, { min: 0 });
  const eps = hyper('adagradStep: eps', p.eps ?? 1e-10, { min: 0 });
  const wd = hyper('adagradStep: weightDecay', p.weightDecay ?? 0, { min: 0 });
  buffers(backend, 'adagradStep', p.n, { param: p.param, grad: p.grad, sum: p.sum });
  elementwiseCall(backend, 'adagrad_f32', [], p.n, [p.param, p.grad, p.sum], [lr, eps, wd]);
}

export interface RmspropParams {
  n: number; param: number; grad: number;
  /** Running average of squared gradients (n f32, zero-initialized). */
  squareAvg: number;
  lr: number; alpha?: number; eps?: number; weightDecay?: number; momentum?: number;
  /** Momentum buffer (n f32, zero-initialized); required when momentum != 0. */
  buffer?: number;
}

/**
 * RMSprop (not centered): g = grad + wd p; sq = alpha sq + (1 - alpha) g^2; a = sqrt(sq) + eps;
 * with momentum: buf = momentum buf + g / a, p -= lr buf; else p -= lr g / a.
 */
export function rmspropStep(backend: Backend, p: RmspropParams): void {
  const lr = hyper('rmspropStep: lr', p.lr, { min: 0 });
  const alpha = hyper('rmspropStep: alpha', p.alpha ?? 0.99, { min: 0, max: 1 });
  const eps = hyper('rmspropStep: eps', p.eps ?? 1e-8, { min: 0 });
  const wd = hyper('rmspropStep: weightDecay', p.weightDecay ?? 0, { min: 0 });
  const momentum = hyper('rmspropStep: momentum', p.momentum ?? 0, { min: 0 });
  const ptrs: Record<string, number | undefined> = { param: p.param, grad: p.grad, squareAvg: p.squareAvg };
  if (momentum !== 0 || p.buffer !== undefined) ptrs.buffer = p.buffer; // a given pointer reaches the kernel: check it
  buffers(backend, 'rmspropStep', p.n, ptrs);
  elementwiseCall(backend, 'rmsprop_f32', [], p.n, [p.param, p.grad, p.squareAvg, p.buffer ?? 0], [lr, alpha, eps, wd, momentum]);
}

export interface AdamParams {
  n: number; param: number; grad: number;
  /** First and second moment estimates (n f32 each, zero-initialized). */
  m: number; v: number;
  lr: number; beta1?: number; beta2?: number; eps?: number; weightDecay?: number;
  /** true: AdamW (decoupled weight decay, p *= 1 - lr wd); false: Adam (L2: g += wd p). */
  decoupled: boolean;
  /** The step count t >= 1 of this update, for the bias corrections. */
  step: number;
}

/**
 * Adam / AdamW with bias correction, as PyTorch: eps is added to sqrt(v_hat), outside the root:
 *   p -= lr m_hat / (sqrt(v_hat) + eps),  m_hat = m / (1 - beta1^t),  v_hat = v / (1 - beta2^t).
 * TensorFlow/Keras and tfjs use the paper's 'epsilon hat' form instead (eps added to sqrt(v) before the
 * bias correction), which differs noticeably only while v_hat is comparable to eps^2.
 */
export function adamStep(backend: Backend, p: AdamParams): void {
  const lr = hyper('adamStep: lr', p.lr, { min: 0 });
  const beta1 = hyper('adamStep: beta1', p.beta1 ?? 0.9, { min: 0, max: 1 });
  const beta2 = hyper('adamStep: beta2', p.beta2 ?? 0.999, { min: 0, max: 1 });
  const eps = hyper('adamStep: eps', p.eps ?? 1e-8, { min: 0 });
  const wd = hyper('adamStep: weightDecay', p.weightDecay ?? 0, { min: 0 });
  const t = hyper('adamStep: step', p.step, { min: 1, max: 0x7fffffff, integer: true });
  if (beta1 === 1 || beta2 === 1) throw new ArgumentError(`adamStep: beta1 and beta2 must be < 1, got ${beta1} and ${beta2}`);
  buffers(backend, 'adamStep', p.n, { param: p.param, grad: p.grad, m: p.m, v: p.v });
  elementwiseCall(backend, 'adam_f32', [], p.n, [p.param, p.grad, p.m, p.v], [lr, beta1, beta2, eps, wd, p.decoupled ? 1 : 0, t]);
}
