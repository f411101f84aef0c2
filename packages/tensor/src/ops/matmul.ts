// Matrix products: matmul (NumPy semantics: 1-D operands, batched and broadcast batch dims) and
// linear (x W + b with a fused activation), forward and backward. float32 and float64 run the
// GEMM kernel of their dtype (transposes are flags, never copies; a batch against a plain matrix
// folds into one GEMM).
import { type Activation, broadcastShapes, fill, gemm, gemmBatched, unaryBackward } from '@neurite/kernels';
import { type BackwardFn, needsGrad, record } from '../autograd/record.ts';
import { atomic } from '../scope.ts';
import { DTypeError, ShapeError } from '../errors.ts';
import { runtimeUnchecked } from '../runtime.ts';
import { checkTensor, emptyFresh, emptyTensor, Tensor } from '../tensor.ts';
import { checkOneOf, checkShape, optionsOf } from '../validate.ts';
import { cast } from './copy.ts';
import { gelu, geluTanh } from './elementwise.ts';
import { sum, sumTo } from './reduce.ts';
import { expand, reshape } from './shape.ts';

const prod = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);

/**
 * op(a) op(b) over broadcast batch dims; a and b have rank >= 2 and one dtype. op(a) is
 * [..., m, k] (a stored [..., k, m] when transA). Not recorded.
 */
function mm(a: Tensor, b: Tensor, transA: boolean, transB: boolean): Tensor {
  const ar = a.rank, br = b.rank;
  const m = transA ? a.shape[ar - 1]! : a.shape[ar - 2]!;
  const k = transA ? a.shape[ar - 2]! : a.shape[ar - 1]!;
  const kb = transB ? b.shape[br - 1]! : b.shape[br - 2]!;
  const n = transB ? b.shape[br - 2]! : b.shape[br - 1]!;
  if (k !== kb) {
    throw new ShapeError(`matmul: inner dimensions differ: a [${a.shape}]${transA ? '^T' : ''} has k = ${k}, b [${b.shape}]${transB ? '^T' : ''} has k = ${kb}`);
  }
  const batchA = a.shape.slice(0, ar - 2), batchB = b.shape.slice(0, br - 2);
  const batch = broadcastShapes(batchA, batchB, 'matmul (batch dimensions)');
  const count = prod(batch);
  const out = emptyTensor([...batch, m, n], a.dtype, 'matmul');
  if (out.size === 0) return out;
  // Operands whose batch is not all-1 and not the full batch are expanded (copied) first.
  let ea = a, eb = b;
  const fullA = prod(batchA) === count, fullB = prod(batchB) === count;
  if (!fullA && prod(batchA) !== 1) ea = expand(a, [...batch, ...a.shape.slice(ar - 2)]);
  if (!fullB && prod(batchB) !== 1) eb = expand(b, [...batch, ...b.shape.slice(br - 2)]);
  const strideA = prod(batchA) === 1 && count > 1 ? 0 : m * k;
  const strideB = prod(batchB) === 1 && count > 1 ? 0 : k * n;
  const backend = runtimeUnchecked().backend;
  const dtype = a.dtype === 'float64' ? 'float64' : 'float32';
  if (strideB === 0 && !transA && count > 1) {
    // [batch, m, k] x [k, n]: one GEMM with batch*m rows.
    gemm(backend, { dtype, m: count * m, n, k, a: ea.storage.ptr, b: eb.storage.ptr, c: out.storage.ptr, transB });
  } else if (count === 1) {
    gemm(backend, { dtype, m, n, k, a: ea.storage.ptr, b: eb.storage.ptr, c: out.storage.ptr, transA, transB });
  } else {
    gemmBatched(backend, { dtype, batch: count, m, n, k, a: ea.storage.ptr, b: eb.storage.ptr, c: out.storage.ptr, transA, transB, strideA, strideB, strideC: m * n });
  }
  if (ea !== a) ea.dispose();
  if (eb !== b) eb.dispose();
  return out;
}

/** d(A B): dA = dY B^T and dB = A^T dY, summed over broadcast batch dims. */
function matmulBackward(aShape: readonly number[], bShape: readonly number[]): BackwardFn {
  return (g, [x, y], need) => {
    let ga: Tensor | null = null, gb: Tensor | null = null;
    if (need[0]) {
      const t = mm(g, y!, false, true);
      ga = sumTo(t, aShape);
      if (ga !== t) t.dispose();
    }
    if (need[1]) {
      const t = mm(x!, g, true, false);
      gb = sumTo(t, bShape);
      if (gb !== t) t.dispose();
    }
    return [ga, gb];
  };
}

/** Checks matmul's operands (ranks, inner sizes, batch broadcasting) before anything is allocated. */
function checkMatmul(a: Tensor, b: Tensor): void {
  checkTensor(a, 'matmul: a');
  checkTensor(b, 'matmul: b');
  if (a.rank === 0 || b.rank === 0) throw new ShapeError(`matmul: operands must have rank >= 1, got [${a.shape}] and [${b.shape}]`);
  const ka = a.shape[a.rank - 1]!, kb = b.rank === 1 ? b.shape[0]! : b.shape[b.rank - 2]!;
  if (ka !== kb) throw new ShapeError(`matmul: inner dimensions differ: a [${a.shape}] has k = ${ka}, b [${b.shape}] has k = ${kb}`);
  const batch = broadcastShapes(a.shape.slice(0, -2), b.shape.slice(0, -2), 'matmul (batch dimensions)');
  checkShape([...batch, a.rank === 1 ? 1 : a.shape[a.rank - 2]!, b.rank === 1 ? 1 : b.shape[b.rank - 1]!], 'matmul');
}

function floatPair(a: Tensor, b: Tensor): [Tensor, Tensor] {
  const dtype = a.dtype === 'float64' || b.dtype === 'float64' ? 'float64' : 'float32';
  return [a.dtype === dtype ? a : cast(a, dtype), b.dtype === dtype ? b : cast(b, dtype)];
}

/**
 * Matrix product with NumPy semantics: 1-D a is a row vector and 1-D b a column vector (the
 * added dimension is removed from the result); leading batch dimensions broadcast.
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  return atomic(() => {
    if (a instanceof Tensor && b instanceof Tensor && a.rank === 2 && b.rank === 2 && a.dtype !== 'int32' && b.dtype === a.dtype && !a.isDisposed && !b.isDisposed) {
      // Plain matrices of one float dtype: one GEMM call, no batch logic.
      const m = a.shape[0]!, k = a.shape[1]!, n = b.shape[1]!, dtype = a.dtype;
      if (b.shape[0] === k) {
        const out = emptyFresh([m, n], dtype);
        if (m > 0 && n > 0) {
          const backend = runtimeUnchecked().backend;
          if (k > 0) gemm(backend, { dtype, m, n, k, a: a.storage.ptr, b: b.storage.ptr, c: out.storage.ptr });
          else fill(backend, out.storage.ptr, out.size, 0, { dtype });
        }
        return record('matmul', [a, b], out, [a, b], matmulBackward(a.shape, b.shape));
      }
    }
    checkMatmul(a, b);
    const [fa, fb] = floatPair(a, b);
    const a2 = fa.rank === 1 ? reshape(fa, [1, fa.shape[0]!]) : fa;
    const b2 = fb.rank === 1 ? reshape(fb, [fb.shape[0]!, 1]) : fb;
    const out = mm(a2, b2, false, false);
    let result = record('matmul', [a2, b2], out, [a2, b2], matmulBackward(a2.shape, b2.shape));
    if (fa.rank === 1 || fb.rank === 1) {
      const shape = result.shape.slice();
      if (fb.rank === 1) shape.splice(shape.length - 1, 1);
      if (fa.rank === 1) shape.splice(shape.length - (fb.rank === 1 ? 1 : 2), 1);
      const squeezed = reshape(result, shape);
      result.dispose();
      result = squeezed;
    }
    for (const [t, orig] of [[a2, fa], [b2, fb], [fa, a], [fb, b]] as const) if (t !== orig) t.dispose();
    return result;
  });
}

/**
 * Column sums of a float matrix g [rows, cols] (a linear's bias gradient) as the GEMM of a row of
 * ones with g: one pass over g in the few-rows path, about half the time of the column reduction
 * (which widens every element to float64) at the char transformer's [2048, 64..256].
 */
function columnSums(g: Tensor): Tensor {
  const rows = g.shape[0]!, cols = g.shape[1]!;
  if (rows === 0 || cols === 0) return sum(g, 0);
  const backend = runtimeUnchecked().backend, dtype = g.dtype === 'float64' ? 'float64' : 'float32';
  const ones = emptyFresh([rows], dtype), out = emptyFresh([cols], dtype);
  fill(backend, ones.storage.ptr, rows, 1, { dtype });
  gemm(backend, { dtype, m: 1, n: cols, k: rows, a: ones.storage.ptr, b: g.storage.ptr, c: out.storage.ptr });
  ones.dispose();
  return out;
}

export type LinearActivation = 'none' | 'relu' | 'sigmoid' | 'tanh' | 'gelu' | 'geluTanh';

export interface LinearOptions {
  /** Activation fused into the GEMM's store (default none). */
  activation?: LinearActivation;
  /** 'io' (default): weight is [in, out]; 'oi': [out, in] (PyTorch's layout). */
  weightLayout?: 'io' | 'oi';
}

/**
 * act(x W + bias) for x [..., in]: one GEMM with the bias and activation fused. The backward uses
 * the saved output for the activation's derivative; the GELUs' derivatives need the pre-activation,
 * so with a gradient to record they run as the GEMM then the activation (two ops).
 */
export function linear(x: Tensor, weight: Tensor, bias?: Tensor | null, options?: LinearOptions): Tensor {
  return atomic(() => {
    checkTensor(x, 'linear: x');
    checkTensor(weight, 'linear: weight');
    if (bias !== undefined && bias !== null) checkTensor(bias, 'linear: bias');
    const opts = optionsOf(options, 'linear');
    const act = checkOneOf(opts.activation, ['none', 'relu', 'sigmoid', 'tanh', 'gelu', 'geluTanh'] as const, 'none', 'linear: activation');
    const oi = checkOneOf(opts.weightLayout, ['io', 'oi'] as const, 'io', 'linear: weightLayout') === 'oi';
    if (weight.rank !== 2) throw new ShapeError(`linear: weight must be 2-D, got [${weight.shape}]`);
    const inF = oi ? weight.shape[1]! : weight.shape[0]!;
    const outF = oi ? weight.shape[0]! : weight.shape[1]!;
    if (x.rank < 1 || x.shape[x.rank - 1] !== inF) {
      throw new ShapeError(`linear: x [${x.shape}] must end in ${inF} features to match weight [${weight.shape}] (${oi ? 'out, in' : 'in, out'})`);
    }
    if (bias && (bias.rank !== 1 || bias.shape[0] !== outF)) throw new ShapeError(`linear: bias must have shape [${outF}], got [${bias.shape}]`);
    const dtype = x.dtype;
    if (dtype === 'int32' || weight.dtype !== dtype || (bias && bias.dtype !== dtype)) {
      throw new DTypeError(`linear: x, weight and bias must share one float dtype, got ${x.dtype}, ${weight.dtype}${bias ? `, ${bias.dtype}` : ''}`);
    }
    if ((act === 'gelu' || act === 'geluTanh') && needsGrad(...(bias ? [x, weight, bias] : [x, weight]))) {
      const z = linear(x, weight, bias, { weightLayout: oi ? 'oi' : 'io' });
      const y = act === 'gelu' ? gelu(z) : geluTanh(z);
      z.dispose();
      return y;
    }
    const rows = x.shape.slice(0, -1).reduce((p, d) => p * d, 1);
    const outShape = checkShape([...x.shape.slice(0, -1), outF], 'linear');
    const out = emptyTensor(outShape, dtype, 'linear');
    gemm(runtimeUnchecked().backend, {
      dtype, m: rows, n: outF, k: inF, a: x.storage.ptr, b: weight.storage.ptr, c: out.storage.ptr, transB: oi,
      bias: bias?.storage.ptr, activation: act as Activation,
    });
    const inputs = bias ? [x, weight, bias] : [x, weight];
    return record('linear', inputs, out, [x, weight, out], (g, [xs, w, y], need) => {
      let dz = g;
      if (act !== 'none') {
        dz = emptyTensor(g.shape, dtype, 'linear backward');
        unaryBackward(runtimeUnchecked().backend, act, y!.storage.ptr, y!.storage.ptr, g.storage.ptr, g.size, { out: dz.storage.ptr, dtype });
      }
      const dz2 = reshape(dz, [rows, outF]);
      const x2 = reshape(xs!, [rows, inF]);
      let gx: Tensor | null = null;
      if (need[0]) {
        const t = oi ? mm(dz2, w!, false, false) : mm(dz2, w!, false, true);
        gx = reshape(t, xs!.shape);
        t.dispose();
      }
      const gw = need[1] ? (oi ? mm(dz2, x2, true, false) : mm(x2, dz2, true, false)) : null;
      const gb = bias && need[2] ? columnSums(dz2) : null;
      x2.dispose();
      dz2.dispose();
      if (dz !== g) dz.dispose();
      return [gx, gw, gb];
    });
  });
}

