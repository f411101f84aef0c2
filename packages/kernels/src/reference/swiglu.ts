// Plain-TypeScript reference of assembly/swiglu.ts: y = silu(a) * b in float64, naive loops.
import type { KernelExports } from '../generated/kernel-exports.ts';
import type { Heap } from '../heap.ts';

type SwigluKernels = Pick<KernelExports, 'swiglu_f32' | 'swiglu_f64' | 'swiglu_backward_f32' | 'swiglu_backward_f64'>;
type ViewOf = (p: number, n: number) => Float32Array | Float64Array;

const sigmoid = (a: number) => 1 / (1 + Math.exp(-a));

/** Element c of row r of a strided operand. */
function span(rows: number, cols: number, ld: number): number {
  return rows === 0 || cols === 0 ? 0 : (rows - 1) * ld + cols;
}

function forward(view: ViewOf, rows: number, cols: number, a: number, lda: number, b: number, ldb: number, y: number): void {
  const as = view(a, span(rows, cols, lda)).slice(), bs = view(b, span(rows, cols, ldb)).slice(), ys = view(y, rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const av = as[r * lda + c]!;
      ys[r * cols + c] = av * sigmoid(av) * bs[r * ldb + c]!;
    }
  }
}

function backward(view: ViewOf, rows: number, cols: number, a: number, lda: number, b: number, ldb: number, dy: number, da: number, db: number): void {
  const as = view(a, span(rows, cols, lda)).slice(), bs = view(b, span(rows, cols, ldb)).slice(), gs = view(dy, rows * cols).slice();
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const av = as[r * lda + c]!, bv = bs[r * ldb + c]!, g = gs[r * cols + c]!, s = sigmoid(av);
      view(da + (r * lda + c) * view(0, 0).BYTES_PER_ELEMENT, 1)[0] = g * bv * s * (1 + av * (1 - s));
      view(db + (r * ldb + c) * view(0, 0).BYTES_PER_ELEMENT, 1)[0] = g * av * s;
    }
  }
}

export function swigluReference(heap: Heap): SwigluKernels {
  const f32: ViewOf = (p, n) => heap.f32(p, n), f64: ViewOf = (p, n) => heap.f64(p, n);
  return {
    swiglu_f32: (rows, cols, a, lda, b, ldb, y) => forward(f32, rows, cols, a, lda, b, ldb, y),
    swiglu_f64: (rows, cols, a, lda, b, ldb, y) => forward(f64, rows, cols, a, lda, b, ldb, y),
    swiglu_backward_f32: (rows, cols, a, lda, b, ldb, dy, da, db) => backward(f32, rows, cols, a, lda, b, ldb, dy, da, db),
    swiglu_backward_f64: (rows, cols, a, lda, b, ldb, dy, da, db) => backward(f64, rows, cols, a, lda, b, ldb, dy, da, db),
  };
}
