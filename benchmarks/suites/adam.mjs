// One Adam step over n parameters (PyTorch defaults: lr 1e-3, betas 0.9 / 0.999, eps 1e-8),
// G params/s = n / time. Neurite's fused in-place step (plain SIMD, relaxed SIMD, and both on 2
// threads: ranges of parameters split across them) through the
// checked wrapper; TensorFlow.js 4.22's tf.train.adam applying a gradient to a tf.variable on the
// wasm backend; and a plain-JS loop over Float32Arrays (js-naive).
import { adamStep } from '@neurite/kernels';
import { disposeBackends, neuriteBackends } from '../lib/backends.mjs';
import { createSuite, seededArray } from '../lib/harness.mjs';
import { useTfjs } from '../lib/tfjs.mjs';

const SIZES = [1_000_000, 10_000_000];
const LR = 1e-3, B1 = 0.9, B2 = 0.999, EPS = 1e-8;

/** Plain-JS fused Adam step (top-level so V8 optimizes one copy). */
function adamJs(p, g, m, v, t) {
  const bc1 = 1 - B1 ** t, bc2 = Math.sqrt(1 - B2 ** t), step = LR / bc1;
  for (let i = 0; i < p.length; i++) {
    const gi = g[i];
    const mi = (m[i] = B1 * m[i] + (1 - B1) * gi);
    const vi = (v[i] = B2 * v[i] + (1 - B2) * gi * gi);
    p[i] -= (step * mi) / (Math.sqrt(vi) / bc2 + EPS);
  }
}

/** After the first step from zero state, every parameter moves by -lr * sign(g) (up to eps). */
function checkFirstStep(name, before, after, grad) {
  for (let i = 0; i < before.length; i += 99991) {
    const want = before[i] - LR * Math.sign(grad[i]) * (Math.abs(grad[i]) / (Math.abs(grad[i]) + EPS));
    if (!(Math.abs(after[i] - want) <= 1e-6 + 1e-6 * Math.abs(want))) throw new Error(`${name}: param[${i}] = ${after[i]}, expected ${want}`);
  }
}

export async function run() {
  const suite = createSuite('adam');
  const backends = await neuriteBackends({ threads: true });
  const tf = await useTfjs('wasm');

  for (const n of SIZES) {
    const pd = seededArray(n, 1), gd = seededArray(n, 2, -0.1, 0.1);
    const impls = {}, checks = {};
    for (const [impl, backend] of Object.entries(backends)) {
      const put = (d) => { const ptr = backend.heap.alloc(n * 4); if (d) backend.heap.f32(ptr, n).set(d); else backend.heap.f32(ptr, n).fill(0); return ptr; };
      const param = put(pd), grad = put(gd), m = put(null), v = put(null);
      let t = 0;
      impls[impl] = () => adamStep(backend, { n, param, grad, m, v, lr: LR, beta1: B1, beta2: B2, eps: EPS, decoupled: false, step: ++t });
      checks[impl] = () => { impls[impl](); checkFirstStep(impl, pd, backend.heap.f32(param, n), gd); };
    }
    {
      const variable = tf.variable(tf.tensor1d(pd));
      const grad = tf.tensor1d(gd);
      const optimizer = tf.train.adam(LR, B1, B2, EPS);
      impls['tfjs-wasm'] = () => optimizer.applyGradients({ [variable.name]: grad });
      checks['tfjs-wasm'] = () => { impls['tfjs-wasm'](); checkFirstStep('tfjs-wasm', pd, variable.dataSync(), gd); };
    }
    {
      const p = pd.slice(), g = gd.slice(), m = new Float32Array(n), v = new Float32Array(n);
      let t = 0;
      impls['js-naive'] = () => adamJs(p, g, m, v, ++t);
      checks['js-naive'] = () => { impls['js-naive'](); checkFirstStep('js-naive', pd, p, gd); };
    }
    await suite.compare(`adam ${n / 1e6}M params`, { unit: 'G params/s', work: n / 1e9, impls, check: (impl) => checks[impl](), time: 800 });
  }
  await disposeBackends(backends);
  return suite.finish();
}
