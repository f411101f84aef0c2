// Fixed cost of one tiny kernel call: 4 elements through Neurite's checked wrappers (size and
// range checks, one wasm call, into a preallocated output), against tf.add / tf.exp of 4 elements
// on TensorFlow.js 4.22's wasm and cpu backends (allocating and disposing the result tensor, as
// tfjs must). Unit: M calls/s (1 / value = microseconds per call; the target is <= 1 us).
import { binary, softmax, unary } from '@neurite/kernels';
import { neuriteBackends } from '../lib/backends.mjs';
import { createSuite } from '../lib/harness.mjs';
import { useTfjs } from '../lib/tfjs.mjs';

const A = [1, 2, 3, 4], B = [0.5, -1, 2, 8];

function expectValues(name, got, want) {
  for (let i = 0; i < want.length; i++) {
    if (!(Math.abs(got[i] - want[i]) <= 1e-5 + 1e-5 * Math.abs(want[i]))) throw new Error(`${name}: [${i}] = ${got[i]}, expected ${want[i]}`);
  }
}

export async function run() {
  const suite = createSuite('dispatch');
  const backends = await neuriteBackends();
  const cases = {
    'add of 4 elements': { want: A.map((a, i) => a + B[i]), impls: {}, readers: {} },
    'exp of 4 elements': { want: A.map(Math.exp), impls: {}, readers: {} },
    'softmax of 1x4': { want: A.map((a) => Math.exp(a) / A.reduce((s, v) => s + Math.exp(v), 0)), impls: {}, readers: {} },
  };
  for (const [impl, backend] of Object.entries(backends)) {
    const put = (d) => { const p = backend.heap.alloc(16); backend.heap.f32(p, 4).set(d); return p; };
    const a = put(A), b = put(B), out = backend.heap.alloc(16);
    const shape = [4];
    cases['add of 4 elements'].impls[impl] = () => binary(backend, 'add', a, shape, b, shape, { out });
    cases['exp of 4 elements'].impls[impl] = () => unary(backend, 'exp', a, 4, { out });
    cases['softmax of 1x4'].impls[impl] = () => softmax(backend, a, 1, 4, { out });
    for (const c of Object.values(cases)) c.readers[impl] = () => backend.heap.f32(out, 4);
  }
  for (const [impl, name] of [['tfjs-wasm', 'wasm'], ['tfjs-cpu', 'cpu']]) {
    const tf = await useTfjs(name);
    const ta = tf.tensor1d(A), tb = tf.tensor1d(B);
    const ops = { 'add of 4 elements': () => tf.add(ta, tb), 'exp of 4 elements': () => tf.exp(ta), 'softmax of 1x4': () => tf.softmax(ta) };
    for (const [caseName, op] of Object.entries(ops)) {
      cases[caseName].impls[impl] = () => { if (tf.getBackend() !== name) tf.setBackend(name); op().dispose(); };
      cases[caseName].readers[impl] = () => { tf.setBackend(name); const t = op(); const d = t.dataSync(); t.dispose(); return d; };
    }
  }
  for (const [caseName, c] of Object.entries(cases)) {
    await suite.compare(caseName, {
      unit: 'M calls/s', work: 1e-6, impls: c.impls, time: 500,
      check: (impl, fn) => { fn(); expectValues(`${caseName} / ${impl}`, c.readers[impl](), c.want); },
    });
  }
  const rows = suite.finish();
  for (const r of rows) console.log(`  ${r.case} / ${r.impl}: ${(r.median_ms * 1000).toFixed(3)} us per call`);
  return rows;
}
