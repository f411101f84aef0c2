// GEMM: Neurite (plain SIMD and relaxed SIMD) against TensorFlow.js (wasm/XNNPACK and cpu), ml-matrix
// and a naive JS loop. GFLOP/s = 2 m n k / time. Every case also runs with a transposed A and a
// transposed B (tfjs through matMul's transpose flags), and a few batched cases.
// `neurite-2t` / `neurite-relaxed-2t` (lib/backends.mjs): products under 2^20 multiply-adds stay
// on one thread there, and larger ones split only while the pool's measured hand-off says it pays.
// The Neurite builds and tfjs-wasm are timed in interleaved rounds. Last, the pool's hand-off cost.
import { gemm, gemmBatched, loadBackend, UnaryOp } from '@neurite/kernels';
import { disposeBackends, neuriteBackends } from '../lib/backends.mjs';
import { Matrix } from 'ml-matrix';
import { createSuite, seededArray } from '../lib/harness.mjs';
import { useTfjs } from '../lib/tfjs.mjs';

/** C[m, n] = A[m, k] B[k, n], i-p-j order (row-major friendly). Top-level: V8 optimizes it once. */
function naiveGemm(a, b, c, m, n, k) {
  c.fill(0);
  for (let i = 0; i < m; i++) {
    for (let p = 0; p < k; p++) {
      const av = a[i * k + p];
      const row = p * n, out = i * n;
      for (let j = 0; j < n; j++) c[out + j] += av * b[row + j];
    }
  }
}

/** Logical [rows, cols] of `data` stored [rows, cols] or, transposed, [cols, rows]. */
function at(data, rows, cols, trans, r, q) {
  return trans ? data[q * rows + r] : data[r * cols + q];
}

/** Compares 97 sampled entries of C (row-major [m, n], `batch` problems) against float64 sums. */
function checkSampled(name, got, { m, n, k, batch = 1, transA, transB, aData, bData, broadcastB }) {
  let seed = 12345;
  for (let s = 0; s < 97; s++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    const t = seed % batch, i = (seed >>> 3) % m, j = (seed >>> 13) % n;
    const aOff = t * m * k, bOff = broadcastB ? 0 : t * k * n;
    let sum = 0;
    for (let p = 0; p < k; p++) {
      sum += at(aData.subarray(aOff), m, k, transA, i, p) * at(bData.subarray(bOff), k, n, transB, p, j);
    }
    const v = got[t * m * n + i * n + j];
    if (!(Math.abs(v - sum) <= 1e-5 * Math.sqrt(k) + 1e-4 * Math.abs(sum))) {
      throw new Error(`${name}: C[${t}][${i}][${j}] = ${v}, expected ${sum}`);
    }
  }
}

/**
 * The thread pool's hand-off: one split call whose parts do no work (a 2-element negation split in
 * two), so its time is the dispatch, the worker's wake-up and the wait for it. Back to back, the
 * worker is still spinning when the next task comes; `after a pause` lets it fall asleep first
 * (as between the splits of a training step, where other ops run in between).
 */
async function poolHandoff(suite) {
  const backend = await loadBackend({ variant: 'simd', threads: 2, minParallelWork: 1 });
  const x = backend.heap.alloc(16), y = backend.heap.alloc(16);
  backend.heap.f32(x, 2).set([1, 2]);
  const split = () => {
    const parts = backend.pool.forRanges(backend, 'unary_f32', 2, 1, 1, (start, count) => [UnaryOp.neg, count, x + start * 4, y + start * 4, 0]);
    if (parts !== 2) throw new Error(`pool hand-off: expected 2 parts, got ${parts}`);
  };
  const spin = new Float64Array(1);
  const pause = () => {
    // ~2 ms of plain JS arithmetic: long enough for the worker to stop spinning and sleep.
    let acc = 0;
    for (let i = 0; i < 4e6; i++) acc += i * 1e-9;
    spin[0] = acc;
  };
  const check = (impl, fn) => {
    fn();
    const out = backend.heap.f32(y, 2);
    if (out[0] !== -1 || out[1] !== -2) throw new Error(`pool hand-off: got ${out}`);
  };
  await suite.compareInterleaved('pool hand-off, 2 threads, back to back', { unit: 'hand-offs/s', work: 1, impls: { 'neurite-2t': split }, check });
  // The pause is timed too; its own time is measured alone and taken off.
  const samples = [];
  for (let round = 0; round < 40; round++) {
    pause();
    const t0 = performance.now();
    split();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  const ms = samples[samples.length >> 1];
  suite.record({ case: 'pool hand-off, 2 threads, after a pause', impl: 'neurite-2t', unit: 'hand-offs/s', value: 1000 / ms, median_ms: ms });
  await backend.dispose();
}

export async function run() {
  const suite = createSuite('gemm');
  const backends = await neuriteBackends({ threads: true });
  const tfWasm = await useTfjs('wasm');

  const shapes = [
    { name: '64^3', m: 64, n: 64, k: 64, small: true },
    { name: '128^3', m: 128, n: 128, k: 128, small: true },
    { name: '256^3', m: 256, n: 256, k: 256, cpu: true },
    { name: '512^3', m: 512, n: 512, k: 512 },
    { name: '1024^3', m: 1024, n: 1024, k: 1024 },
    { name: '32x784 . 784x128', m: 32, n: 128, k: 784, small: true },
    { name: '128x768 . 768x3072', m: 128, n: 3072, k: 768 },
    { name: '1x4096 . 4096x4096', m: 1, n: 4096, k: 4096 },
  ];
  const cases = [];
  for (const s of shapes) {
    cases.push({ ...s, transA: false, transB: false });
    cases.push({ ...s, name: `${s.name} transA`, transA: true, transB: false });
    cases.push({ ...s, name: `${s.name} transB`, transA: false, transB: true });
  }
  cases.push({ name: 'batch 32 x 64^3', m: 64, n: 64, k: 64, batch: 32, transA: false, transB: false });
  cases.push({ name: 'batch 8 x 128x64 . (128x64)^T', m: 128, n: 128, k: 64, batch: 8, transA: false, transB: true });
  cases.push({ name: 'batch 16 x 128x256 . 256x256, B broadcast', m: 128, n: 256, k: 256, batch: 16, transA: false, transB: false, broadcastB: true });

  for (const cs of cases) {
    const { m, n, k, transA, transB } = cs;
    const batch = cs.batch ?? 1;
    const aData = seededArray(batch * m * k, 1 + m + k);
    const bData = seededArray((cs.broadcastB ? 1 : batch) * k * n, 2 + n + k);
    const info = { ...cs, batch, aData, bData };
    const impls = {};
    const readers = {};

    for (const [impl, backend] of Object.entries(backends)) {
      const a = backend.heap.alloc(aData.length * 4), b = backend.heap.alloc(bData.length * 4);
      backend.heap.f32(a, aData.length).set(aData);
      backend.heap.f32(b, bData.length).set(bData);
      const c = backend.heap.alloc(batch * m * n * 4);
      const p = { m, n, k, a, b, c, transA, transB };
      impls[impl] = batch === 1
        ? () => gemm(backend, p)
        : () => gemmBatched(backend, { ...p, batch, strideA: m * k, strideB: cs.broadcastB ? 0 : k * n, strideC: m * n });
      readers[impl] = () => backend.heap.f32(c, batch * m * n);
    }

    // tfjs: operands stored as the transpose flags say, so both libraries read the same layout.
    const tfShape = (rows, cols, trans, count) => {
      const s = trans ? [cols, rows] : [rows, cols];
      return count > 1 || batch > 1 ? [count, ...s] : s;
    };
    const tfCases = [['tfjs-wasm', tfWasm, true]];
    for (const [impl, , enabled] of tfCases) {
      if (!enabled) continue;
      const ta = tfWasm.tensor(aData, tfShape(m, k, transA, batch));
      const tb = tfWasm.tensor(bData, tfShape(k, n, transB, cs.broadcastB ? 1 : batch));
      impls[impl] = () => tfWasm.matMul(ta, tb, transA, transB).dispose();
      readers[impl] = () => { const r = tfWasm.matMul(ta, tb, transA, transB); const d = r.dataSync(); r.dispose(); return d; };
    }

    const check = (impl, fn) => {
      if (readers[impl] === undefined) return;
      fn();
      checkSampled(`${cs.name} / ${impl}`, readers[impl](), info);
    };
    // Interleaved rounds: a burst of load from elsewhere hits 1 and 2 threads alike.
    await suite.compareInterleaved(cs.name, { unit: 'GFLOP/s', work: (2 * batch * m * n * k) / 1e9, impls, check, time: 150, warmupTime: 30 });

    // Slow peers only where they finish quickly (plain layout and transposes through tfjs-cpu).
    const slow = {};
    const slowReaders = {};
    if (batch === 1 && (cs.small || cs.cpu)) {
      const tfCpu = await useTfjs('cpu');
      const ta = tfCpu.tensor(aData, tfShape(m, k, transA, 1));
      const tb = tfCpu.tensor(bData, tfShape(k, n, transB, 1));
      slow['tfjs-cpu'] = () => tfCpu.matMul(ta, tb, transA, transB).dispose();
      slowReaders['tfjs-cpu'] = () => { const r = tfCpu.matMul(ta, tb, transA, transB); const d = r.dataSync(); r.dispose(); return d; };
      if (cs.small && !transA && !transB) {
        const ma = new Matrix(m, k), mb = new Matrix(k, n);
        for (let i = 0; i < m; i++) for (let p = 0; p < k; p++) ma.set(i, p, aData[i * k + p]);
        for (let p = 0; p < k; p++) for (let j = 0; j < n; j++) mb.set(p, j, bData[p * n + j]);
        slow['ml-matrix'] = () => ma.mmul(mb);
        slowReaders['ml-matrix'] = () => Float64Array.from(ma.mmul(mb).to1DArray());
        const cOut = new Float32Array(m * n);
        slow['js-naive'] = () => naiveGemm(aData, bData, cOut, m, n, k);
        slowReaders['js-naive'] = () => cOut;
      }
      await suite.compare(cs.name, {
        unit: 'GFLOP/s', work: (2 * m * n * k) / 1e9, impls: slow, time: 250,
        check: (impl, fn) => { fn(); checkSampled(`${cs.name} / ${impl}`, slowReaders[impl](), info); },
      });
      await useTfjs('wasm');
    }
  }
  await poolHandoff(suite);
  await disposeBackends(backends);
  return suite.finish();
}
