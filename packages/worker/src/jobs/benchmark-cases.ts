/**
 * Benchmark cases over @neurite/kernels' checked wrappers. Each case allocates and fills its inputs
 * on the backend's heap (outside the timing), runs one kernel call per `run()`, spot-checks its
 * output against a float64 computation once, and frees everything.
 */
import { binary, conv2d, conv2dOutputShape, gemm, softmax, type Backend } from '@neurite/kernels';
import type { Generator } from '@neurite/tensor';
import { WorkerArgumentError } from '../errors.ts';
import type { KernelBenchmarkCase } from './kernel-benchmark-types.ts';

export interface PreparedCase {
  name: string;
  unit: 'GFLOP/s' | 'G elements/s';
  /** Floating-point operations (GFLOP/s) or elements (G elements/s) per run. */
  work: number;
  run(): void;
  /** Largest |got - expected| / (1 + |expected|) over sampled outputs. */
  check(random: Generator): number;
  free(): void;
}

const LIMIT = 1 << 27; // elements per operand: keeps a bad request from exhausting memory

function positiveInt(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > LIMIT) {
    throw new WorkerArgumentError(`case.${field}`, `is ${String(value)}; expected an integer in 1..${LIMIT}`);
  }
  return value;
}

/** Allocates `count` float32 values on the heap, uniform in [-1, 1). */
function allocFilled(backend: Backend, count: number, random: Generator): number {
  const ptr = backend.heap.alloc(count * 4);
  random.fillUniform(backend.heap.f32(ptr, count), -1, 1);
  return ptr;
}

function relativeError(got: number, expected: number): number {
  return Math.abs(got - expected) / (1 + Math.abs(expected));
}

function prepareAdd(backend: Backend, n: number, random: Generator): PreparedCase {
  const a = allocFilled(backend, n, random);
  const b = allocFilled(backend, n, random);
  const out = backend.heap.alloc(n * 4);
  return {
    name: `add ${n}`,
    unit: 'G elements/s',
    work: n,
    run: () => void binary(backend, 'add', a, [n], b, [n], { out }),
    check: (rng) => {
      const va = backend.heap.f32(a, n), vb = backend.heap.f32(b, n), vo = backend.heap.f32(out, n);
      let worst = 0;
      for (let s = 0; s < 64; s++) {
        const i = rng.integer(0, n);
        worst = Math.max(worst, relativeError(vo[i]!, va[i]! + vb[i]!));
      }
      return worst;
    },
    free: () => [a, b, out].forEach((p) => backend.heap.free(p)),
  };
}

function prepareGemm(backend: Backend, spec: Extract<KernelBenchmarkCase, { kernel: 'gemm' }>, random: Generator): PreparedCase {
  const m = positiveInt(spec.m, 'm'), n = positiveInt(spec.n, 'n'), k = positiveInt(spec.k, 'k');
  const transA = spec.transA === true, transB = spec.transB === true;
  const a = allocFilled(backend, m * k, random);
  const b = allocFilled(backend, k * n, random);
  const c = backend.heap.alloc(m * n * 4);
  // Element (i, p) of op(A) and (p, j) of op(B) in their stored layouts.
  const at = (i: number, p: number) => (transA ? p * m + i : i * k + p);
  const bt = (p: number, j: number) => (transB ? j * k + p : p * n + j);
  const suffix = transA || transB ? ` (${[transA ? 'A' : '', transB ? 'B' : ''].filter(Boolean).join(', ')} transposed)` : '';
  return {
    name: `gemm ${m}x${n}x${k}${suffix}`,
    unit: 'GFLOP/s',
    work: 2 * m * n * k,
    run: () => void gemm(backend, { m, n, k, a, b, c, transA, transB }),
    check: (rng) => {
      const va = backend.heap.f32(a, m * k), vb = backend.heap.f32(b, k * n), vc = backend.heap.f32(c, m * n);
      let worst = 0;
      for (let s = 0; s < 32; s++) {
        const i = rng.integer(0, m), j = rng.integer(0, n);
        let sum = 0;
        for (let p = 0; p < k; p++) sum += va[at(i, p)]! * vb[bt(p, j)]!;
        worst = Math.max(worst, relativeError(vc[i * n + j]!, sum));
      }
      return worst;
    },
    free: () => [a, b, c].forEach((p) => backend.heap.free(p)),
  };
}

function prepareConv(backend: Backend, spec: Extract<KernelBenchmarkCase, { kernel: 'conv2d' }>, random: Generator): PreparedCase {
  const batch = positiveInt(spec.batch, 'batch'), height = positiveInt(spec.height, 'height'), width = positiveInt(spec.width, 'width');
  const cin = positiveInt(spec.inChannels, 'inChannels'), cout = positiveInt(spec.outChannels, 'outChannels');
  const size = positiveInt(spec.kernelSize, 'kernelSize');
  const pad = spec.padding ?? size >> 1;
  if (!Number.isInteger(pad) || pad < 0 || pad >= size) throw new WorkerArgumentError('case.padding', `is ${pad}; expected an integer in 0..${size - 1}`);
  const params = { xShape: [batch, height, width, cin] as const, wShape: [size, size, cin, cout] as const, padding: [pad, pad] as const };
  const [, oh, ow] = conv2dOutputShape(params);
  const x = allocFilled(backend, batch * height * width * cin, random);
  const w = allocFilled(backend, size * size * cin * cout, random);
  const outCount = batch * oh * ow * cout;
  const y = backend.heap.alloc(outCount * 4);
  return {
    name: `conv2d ${size}x${size} ${batch}x${height}x${width}x${cin}->${cout}`,
    unit: 'GFLOP/s',
    work: 2 * outCount * size * size * cin,
    run: () => void conv2d(backend, x, w, { ...params, out: y }),
    check: (rng) => {
      const vx = backend.heap.f32(x, batch * height * width * cin), vw = backend.heap.f32(w, size * size * cin * cout);
      const vy = backend.heap.f32(y, outCount);
      let worst = 0;
      for (let s = 0; s < 16; s++) {
        const nb = rng.integer(0, batch), oy = rng.integer(0, oh), ox = rng.integer(0, ow), co = rng.integer(0, cout);
        let sum = 0;
        for (let ky = 0; ky < size; ky++) {
          for (let kx = 0; kx < size; kx++) {
            const iy = oy + ky - pad, ix = ox + kx - pad;
            if (iy < 0 || iy >= height || ix < 0 || ix >= width) continue;
            for (let ci = 0; ci < cin; ci++) {
              sum += vx[((nb * height + iy) * width + ix) * cin + ci]! * vw[((ky * size + kx) * cin + ci) * cout + co]!;
            }
          }
        }
        worst = Math.max(worst, relativeError(vy[((nb * oh + oy) * ow + ox) * cout + co]!, sum));
      }
      return worst;
    },
    free: () => [x, w, y].forEach((p) => backend.heap.free(p)),
  };
}

function prepareSoftmax(backend: Backend, rows: number, cols: number, random: Generator): PreparedCase {
  const n = rows * cols;
  if (n > LIMIT) throw new WorkerArgumentError('case', `has ${n} elements; expected at most ${LIMIT}`);
  const x = allocFilled(backend, n, random);
  const out = backend.heap.alloc(n * 4);
  return {
    name: `softmax ${rows}x${cols}`,
    unit: 'G elements/s',
    work: n,
    run: () => void softmax(backend, x, rows, cols, { out }),
    check: (rng) => {
      const vx = backend.heap.f32(x, n), vo = backend.heap.f32(out, n);
      let worst = 0;
      for (let s = 0; s < 4; s++) {
        const r = rng.integer(0, rows);
        let max = -Infinity, total = 0;
        for (let c = 0; c < cols; c++) max = Math.max(max, vx[r * cols + c]!);
        for (let c = 0; c < cols; c++) total += Math.exp(vx[r * cols + c]! - max);
        for (let c = 0; c < cols; c++) worst = Math.max(worst, relativeError(vo[r * cols + c]!, Math.exp(vx[r * cols + c]! - max) / total));
      }
      return worst;
    },
    free: () => [x, out].forEach((p) => backend.heap.free(p)),
  };
}

/** Validates the request's sizes and prepares it on `backend`. */
export function prepareCase(backend: Backend, spec: KernelBenchmarkCase, random: Generator): PreparedCase {
  switch (spec?.kernel) {
    case 'gemm':
      return prepareGemm(backend, spec, random);
    case 'conv2d':
      return prepareConv(backend, spec, random);
    case 'softmax':
      return prepareSoftmax(backend, positiveInt(spec.rows, 'rows'), positiveInt(spec.cols, 'cols'), random);
    case 'add':
      return prepareAdd(backend, positiveInt(spec.n, 'n'), random);
    default:
      throw new WorkerArgumentError('case.kernel', `is ${JSON.stringify((spec as { kernel?: unknown })?.kernel)}; expected 'gemm', 'conv2d', 'softmax' or 'add'`);
  }
}
