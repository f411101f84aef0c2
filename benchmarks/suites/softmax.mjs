// Row softmax over [rows, cols] (max-subtracted), G elements/s = rows * cols / time.
// Neurite (plain SIMD, relaxed SIMD, and both on 2 threads: rows split across them) through the
// checked wrapper into a preallocated output,
// against TensorFlow.js 4.22 tf.softmax on the wasm (XNNPACK) and cpu backends, plus log-softmax
// and the fused softmax cross-entropy (forward + gradient) of Neurite for reference.
// float64 rows: Neurite's dtype 'float64' kernels (f64x2 lanes, a vector exponential) against
// js-f64, the plain JavaScript loop over a Float64Array (max, Math.exp, sum, scale) a user would
// write; impls take turns, timed by the wall clock and by CPU time (lib/cpu-time.mjs).
import { softmax, softmaxCrossEntropy } from '@neurite/kernels';
import { disposeBackends, neuriteBackends } from '../lib/backends.mjs';
import { compareCpuTime } from '../lib/cpu-time.mjs';
import { createSuite, seededArray } from '../lib/harness.mjs';
import { useTfjs } from '../lib/tfjs.mjs';

const SHAPES = [[1024, 1024], [64, 50257]];

/** Float64 softmax of row r. */
function softmaxRow(x, r, cols) {
  let m = -Infinity;
  for (let c = 0; c < cols; c++) m = Math.max(m, x[r * cols + c]);
  let s = 0;
  for (let c = 0; c < cols; c++) s += Math.exp(x[r * cols + c] - m);
  return Array.from({ length: cols }, (_, c) => Math.exp(x[r * cols + c] - m) / s);
}

/** Checks rows 0, 7 and the last against the float64 softmax (relative tolerance rtol). */
function checkRows(name, got, x, rows, cols, rtol = 1e-4) {
  for (const r of [0, 7, rows - 1]) {
    const want = softmaxRow(x, r, cols);
    for (let c = 0; c < cols; c++) {
      const e = want[c], a = got[r * cols + c];
      if (!(Math.abs(a - e) <= (rtol < 1e-4 ? 0 : 1e-6) + rtol * e)) throw new Error(`${name}: y[${r}, ${c}] = ${a}, expected ${e}`);
    }
  }
}

/** Softmax of each row of x [rows, cols] into y, in float64: the plain-loop peer. */
function jsSoftmax64(x, y, rows, cols) {
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    let m = -Infinity;
    for (let c = 0; c < cols; c++) if (x[o + c] > m) m = x[o + c];
    let s = 0;
    for (let c = 0; c < cols; c++) {
      const e = Math.exp(x[o + c] - m);
      y[o + c] = e;
      s += e;
    }
    const inv = 1 / s;
    for (let c = 0; c < cols; c++) y[o + c] *= inv;
  }
}

/** float64 softmax rows: Neurite's f64 kernels (one thread, both builds) against jsSoftmax64. */
async function float64Case(suite, backends, rows, cols) {
  const n = rows * cols, xd = Float64Array.from(seededArray(n, rows + cols + 1, -8, 8));
  const impls = {}, readers = {};
  for (const [impl, backend] of Object.entries(backends)) {
    if (/-\d+t$/.test(impl)) continue;
    const x = backend.heap.alloc(n * 8), y = backend.heap.alloc(n * 8);
    backend.heap.f64(x, n).set(xd);
    impls[impl] = () => softmax(backend, x, rows, cols, { out: y, dtype: 'float64' });
    readers[impl] = () => backend.heap.f64(y, n);
  }
  const yd = new Float64Array(n);
  impls['js-f64'] = () => jsSoftmax64(xd, yd, rows, cols);
  readers['js-f64'] = () => yd;
  const caseName = `float64 softmax ${rows}x${cols}`;
  const check = (impl, fn) => { fn(); checkRows(`${caseName} / ${impl}`, readers[impl](), xd, rows, cols, 1e-12); };
  await suite.compareInterleaved(caseName, { unit: 'G elements/s', work: n / 1e9, impls, check, time: 300 });
  compareCpuTime(suite, caseName, { unit: 'G elements/s', work: n / 1e9, impls });
}

export async function run() {
  const suite = createSuite('softmax');
  const backends = await neuriteBackends({ threads: true });

  for (const [rows, cols] of SHAPES) {
    const n = rows * cols;
    const xd = seededArray(n, rows + cols, -8, 8);
    const labels = Int32Array.from({ length: rows }, (_, r) => (r * 7919) % cols);
    const impls = {}, readers = {}, logImpls = {}, ceImpls = {};
    for (const [impl, backend] of Object.entries(backends)) {
      const x = backend.heap.alloc(n * 4);
      backend.heap.f32(x, n).set(xd);
      const y = backend.heap.alloc(n * 4), grad = backend.heap.alloc(n * 4), losses = backend.heap.alloc(rows * 4);
      const lab = backend.heap.alloc(rows * 4);
      backend.heap.i32(lab, rows).set(labels);
      impls[impl] = () => softmax(backend, x, rows, cols, { out: y });
      readers[impl] = () => backend.heap.f32(y, n);
      logImpls[impl] = () => softmax(backend, x, rows, cols, { out: y, log: true });
      ceImpls[impl] = () => softmaxCrossEntropy(backend, x, lab, rows, cols, { losses, grad });
    }
    for (const [impl, tfBackend] of [['tfjs-wasm', 'wasm'], ['tfjs-cpu', 'cpu']]) {
      const tf = await useTfjs(tfBackend);
      const tx = tf.tensor2d(xd, [rows, cols]);
      // Bind to this backend: each closure switches tfjs to its backend before running.
      impls[impl] = () => { if (tf.getBackend() !== tfBackend) tf.setBackend(tfBackend); tf.softmax(tx).dispose(); };
      readers[impl] = () => { tf.setBackend(tfBackend); const t = tf.softmax(tx); const d = t.dataSync(); t.dispose(); return d; };
      logImpls[impl] = () => { if (tf.getBackend() !== tfBackend) tf.setBackend(tfBackend); tf.logSoftmax(tx).dispose(); };
    }
    const caseName = `softmax ${rows}x${cols}`;
    await suite.compare(caseName, {
      unit: 'G elements/s', work: n / 1e9, impls,
      check: (impl, fn) => { fn(); checkRows(`${caseName} / ${impl}`, readers[impl](), xd, rows, cols); },
      time: 600,
    });
    await suite.compare(`log-softmax ${rows}x${cols}`, { unit: 'G elements/s', work: n / 1e9, impls: logImpls, time: 400 });
    await suite.compare(`cross-entropy fwd+grad ${rows}x${cols}`, { unit: 'G elements/s', work: n / 1e9, impls: ceImpls, time: 400 });
    await float64Case(suite, backends, rows, cols);
  }
  await disposeBackends(backends);
  return suite.finish();
}
