// float64 GEMM: Neurite's gemm with dtype 'float64' (plain and relaxed SIMD, one thread) against
// ml-matrix 6.15 (a float64 JS matrix library: Matrix#mmul) on square products. GFLOP/s = 2 m n k /
// time. ml-matrix stores its matrices as arrays of Float64Array rows; its inputs are built once,
// outside the timing, as Neurite's are. The impls take turns over three rounds (compareInterleaved):
// the machine is shared, and turns expose every impl to the same load.
//
// Two more rows bound what one thread can do here: `ceiling-mul+add` and `ceiling-fma` run the
// same number of floating-point operations as the product, as 12 independent chains of f64x2
// multiply-then-add (what the plain SIMD build can use) or relaxed fused multiply-adds, on
// registers only (a 60-byte loop built below). On a CPU with two vector FP ports and no fusion in
// plain SIMD, mul+add peaks at 4 flops a cycle, so `neurite / ceiling-mul+add` near 1 means the
// plain build is at the hardware's limit, whatever its absolute GFLOP/s under the day's load.
// Each case is timed twice: by the wall clock (tinybench, every impl) and by CPU time (Neurite and
// the ceilings; ml-matrix takes seconds per 1024^3 call), which a loaded machine distorts less.
import { gemm } from '@neurite/kernels';
import { Matrix } from 'ml-matrix';
import { disposeBackends, neuriteBackends } from '../lib/backends.mjs';
import { compareCpuTime } from '../lib/cpu-time.mjs';
import { createSuite, seededArray } from '../lib/harness.mjs';

/** Unsigned LEB128. */
function leb(n) {
  const out = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

const f64Bytes = (v) => [...new Uint8Array(Float64Array.of(v).buffer)];

/**
 * A wasm module exporting run(iterations: i32): f64, 12 chains of acc = acc * m + c on f64x2
 * (48 flops per iteration); fused uses f64x2.relaxed_madd, else f64x2.mul then f64x2.add.
 */
function ceilingModule(fused) {
  const CHAINS = 12, M = CHAINS + 1, C = CHAINS + 2; // locals: 0 = n, 1..12 accumulators, 13 m, 14 c
  const splat = [0xfd, 0x14], add = [0xfd, ...leb(240)], mul = [0xfd, ...leb(242)], madd = [0xfd, ...leb(0x107)];
  const get = (i) => [0x20, i], set = (i) => [0x21, i];
  const body = [0x44, ...f64Bytes(0.999999), ...splat, ...set(M), 0x44, ...f64Bytes(1e-6), ...splat, ...set(C)];
  for (let i = 1; i <= CHAINS; i++) body.push(0x44, ...f64Bytes(1), ...splat, ...set(i));
  body.push(0x03, 0x40); // loop
  for (let i = 1; i <= CHAINS; i++) {
    body.push(...(fused ? [...get(i), ...get(M), ...get(C), ...madd] : [...get(i), ...get(M), ...mul, ...get(C), ...add]), ...set(i));
  }
  body.push(...get(0), 0x41, 1, 0x6b, 0x22, 0, 0x0d, 0, 0x0b); // n -= 1; br_if n != 0; end
  body.push(...get(1));
  for (let i = 2; i <= CHAINS; i++) body.push(...get(i), ...add);
  body.push(0x22, M, 0xfd, 0x21, 0, ...get(M), 0xfd, 0x21, 1, 0xa0, 0x0b); // lane 0 + lane 1
  const code = [1, 2 + CHAINS, 0x7b, ...body]; // one local group: 14 v128
  const section = (id, bytes) => [id, ...leb(bytes.length), ...bytes];
  const name = [...new TextEncoder().encode('run')];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0,
    ...section(1, [1, 0x60, 1, 0x7f, 1, 0x7c]),
    ...section(3, [1, 0]),
    ...section(7, [1, name.length, ...name, 0x00, 0]),
    ...section(10, [1, ...leb(code.length), ...code]),
  ]);
}

/** The ceiling impls ({} where the engine lacks an opcode), each doing `flops` per call. */
function ceilingImpls(flops) {
  const impls = {};
  for (const [name, fused] of [['ceiling-mul+add', false], ['ceiling-fma', true]]) {
    const bytes = ceilingModule(fused);
    if (!WebAssembly.validate(bytes)) continue;
    const run = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports.run;
    const iterations = Math.max(1, Math.round(flops / 48));
    impls[name] = () => {
      if (!Number.isFinite(run(iterations))) throw new Error(`${name}: not finite`);
    };
  }
  return impls;
}

/** Compares 97 sampled entries of C [m, n] against float64 sums of A [m, k] B [k, n]. */
function checkSampled(name, got, a, b, m, n, k) {
  let seed = 12345;
  for (let s = 0; s < 97; s++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    const i = (seed >>> 3) % m, j = (seed >>> 13) % n;
    let sum = 0;
    for (let p = 0; p < k; p++) sum += a[i * k + p] * b[p * n + j];
    const v = got(i, j);
    if (!(Math.abs(v - sum) <= 1e-12 * Math.sqrt(k) + 1e-12 * Math.abs(sum))) throw new Error(`${name}: C[${i}][${j}] = ${v}, expected ${sum}`);
  }
}

export async function run() {
  const suite = createSuite('gemm-f64');
  const backends = await neuriteBackends();
  for (const size of [256, 512, 1024]) {
    const m = size, n = size, k = size, name = `${size}^3 float64`;
    const aData = Float64Array.from(seededArray(m * k, 1 + m + k)), bData = Float64Array.from(seededArray(k * n, 2 + n + k));
    const impls = {}, readers = {};
    for (const [impl, backend] of Object.entries(backends)) {
      const a = backend.heap.alloc(m * k * 8), b = backend.heap.alloc(k * n * 8), c = backend.heap.alloc(m * n * 8);
      backend.heap.f64(a, m * k).set(aData);
      backend.heap.f64(b, k * n).set(bData);
      const p = { dtype: 'float64', m, n, k, a, b, c };
      impls[impl] = () => gemm(backend, p);
      readers[impl] = () => { const v = backend.heap.f64(c, m * n); return (i, j) => v[i * n + j]; };
    }
    const ma = Matrix.from1DArray(m, k, aData), mb = Matrix.from1DArray(k, n, bData);
    impls['ml-matrix'] = () => ma.mmul(mb);
    readers['ml-matrix'] = () => { const r = ma.mmul(mb); return (i, j) => r.get(i, j); };
    Object.assign(impls, ceilingImpls(2 * m * n * k));
    const check = (impl, fn) => {
      fn();
      if (readers[impl]) checkSampled(`${name} / ${impl}`, readers[impl](), aData, bData, m, n, k);
    };
    await suite.compareInterleaved(name, { unit: 'GFLOP/s', work: (2 * m * n * k) / 1e9, impls, check, time: 250, rounds: 3 });
    const { 'ml-matrix': _slow, ...fast } = impls;
    compareCpuTime(suite, name, { unit: 'GFLOP/s', work: (2 * m * n * k) / 1e9, impls: fast });
  }
  await disposeBackends(backends);
  return suite.finish();
}
