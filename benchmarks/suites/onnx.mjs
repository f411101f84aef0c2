// Inference of exported models (an MLP, a CNN, an LSTM, a transformer encoder): Neurite's own forward
// pass against onnxruntime-web 1.31 (WASM SIMD)
// running the ONNX file exportOnnx wrote for the same model, on the same seeded batch, on one
// thread each (`neurite`, `onnxruntime-web`) and on two (`neurite-2t`: the threaded kernels;
// `onnxruntime-web-2t`: intra-op thread pool of 2), case by case in rounds (see run). onnxruntime-web
// fixes its thread count when its WebAssembly starts, once per JavaScript realm, so its 2-thread session runs
// in a worker thread of this file (a request runs the session RUNS_PER_REQUEST times, so messaging
// costs little; the rows count the samples of all the runs). Outputs are checked equal (1e-4
// relative) before timing. Samples per second; ratio = Neurite / ORT (single-threaded Neurite).
import { appendFileSync } from 'node:fs';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import * as ort from 'onnxruntime-web';
import { loadBackend } from '@neurite/kernels';
import { Embedding, exportOnnx, Linear, LSTM, mlp, Sequential, smallCnn, TransformerEncoder, TransformerEncoderLayer } from '@neurite/nn';
import { init, noGrad, randn, scope, setBackend, tensor } from '@neurite/tensor';
import { printSplitGates } from '../lib/backends.mjs';
import { createSuite } from '../lib/harness.mjs';

const RUNS_PER_REQUEST = 16;

/** The models and inputs; `build` runs once per backend (tensors live in one backend's heap). */
const CASES = [
  { name: 'MLP 784-128-10, batch 64', build: () => ({ model: mlp([784, 128, 10], { seed: 1 }), options: { inputShape: [784] }, input: () => randn([64, 784], { seed: 2 }) }) },
  { name: 'small CNN on 28x28x1, batch 64', build: () => ({ model: smallCnn({ seed: 3 }), options: { inputShape: [28, 28, 1] }, input: () => randn([64, 28, 28, 1], { seed: 4 }) }) },
  {
    name: 'embedding 64 + LSTM 128 + linear, 32 x 64 tokens',
    build: () => ({
      model: new Sequential(new Embedding(100, 64, { seed: 5 }), new LSTM(64, 128, { seed: 6 }), new Linear(128, 100, { seed: 7 })),
      options: { inputShape: [64], inputType: 'int32' },
      input: () => tensor(Int32Array.from({ length: 32 * 64 }, (_, i) => (i * 37) % 100), [32, 64], { dtype: 'int32' }),
    }),
  },
  {
    name: 'transformer encoder 4 x (d 256, 4 heads, ff 1024), 8 x 64 tokens',
    build: () => ({
      model: new TransformerEncoder((i) => new TransformerEncoderLayer(256, 4, { dimFeedforward: 1024, dropout: 0, batchFirst: true, seed: 8 + i }), 4),
      options: { inputShape: [64, 256] },
      input: () => randn([8, 64, 256], { seed: 12 }),
    }),
  },
];

/** onnxruntime-web on `threads` threads in a worker: load(bytes, feeds), then run() (RUNS_PER_REQUEST runs) resolving to the last output. */
function ortWorker(threads) {
  const worker = new Worker(new URL(import.meta.url), { workerData: { ortThreads: threads } });
  const pending = new Map();
  let next = 0;
  worker.on('message', (m) => {
    const p = pending.get(m.id);
    pending.delete(m.id);
    if (m.error) p?.reject(new Error(m.error));
    else p?.resolve(m.output);
  });
  worker.on('error', (e) => { for (const p of pending.values()) p.reject(e); pending.clear(); });
  const call = (message) => new Promise((resolve, reject) => { const id = next++; pending.set(id, { resolve, reject }); worker.postMessage({ ...message, id }); });
  return {
    load: (bytes, type, data, dims) => call({ kind: 'load', bytes, type, data, dims }),
    run: () => call({ kind: 'run' }),
    terminate: () => worker.terminate(),
  };
}

if (!isMainThread && workerData?.ortThreads) {
  ort.env.wasm.numThreads = workerData.ortThreads;
  let session = null, feeds = null, queue = Promise.resolve();
  const handle = async (m) => {
    try {
      if (m.kind === 'load') {
        await session?.release();
        session = await ort.InferenceSession.create(m.bytes);
        feeds = { input: new ort.Tensor(m.type, m.data, m.dims) };
        parentPort.postMessage({ id: m.id, output: null });
      } else {
        let out;
        for (let i = 0; i < RUNS_PER_REQUEST; i++) out = await session.run(feeds);
        parentPort.postMessage({ id: m.id, output: out.output.data });
      }
    } catch (e) {
      parentPort.postMessage({ id: m.id, error: String(e?.stack ?? e) });
    }
  };
  // One request at a time, in order.
  parentPort.on('message', (m) => { queue = queue.then(() => handle(m)); });
}

function checkEqual(name, impl, got, expected) {
  for (let i = 0; i < expected.length; i++) {
    if (!(Math.abs(got[i] - expected[i]) <= 1e-4 * (1 + Math.abs(expected[i])))) throw new Error(`${name}: output ${i} is ${got[i]} in ${impl}, ${expected[i]} in Neurite`);
  }
}

/**
 * Every case in three rounds; each round runs Neurite and onnxruntime-web on one thread, taking
 * turns, then both on two threads (Neurite's threaded kernels; onnxruntime-web's 2-thread session in
 * a worker), so the 1- and 2-thread figures of a case are seconds apart, not a pass apart: a burst
 * of load from elsewhere hits them alike. Neurite's tensors live in one backend at a time, so each
 * round builds the (seeded, identical) model on the backend it times. Rows: medians of the rounds.
 */
export async function run() {
  // The plain SIMD build, named: under the runner's relaxed-SIMD flag init() alone would pick the relaxed one.
  const single = await init({ variant: 'simd' });
  const threaded = await loadBackend({ variant: 'simd', threads: 2 });
  ort.env.wasm.numThreads = 1;
  const suite = createSuite('onnx');
  const worker = ortWorker(2);
  const ort1 = async (bytes, type, data, dims) => {
    const session = await ort.InferenceSession.create(bytes);
    const feeds = { input: new ort.Tensor(type, data, dims) };
    return { runsPerCall: 1, run: async () => (await session.run(feeds)).output.data, release: () => session.release() };
  };
  const ort2 = async (bytes, type, data, dims) => {
    await worker.load(bytes, type, data, dims);
    return { runsPerCall: RUNS_PER_REQUEST, run: () => worker.run(), release: async () => {} };
  };
  const sides = [['neurite', single, 'onnxruntime-web', ort1], ['neurite-2t', threaded, 'onnxruntime-web-2t', ort2]];
  try {
    for (const { name, build } of CASES) {
      const samples = new Map();
      for (let round = 0; round < 3; round++) {
        for (const [neuriteImpl, backend, ortImpl, ortRunner] of sides) {
          setBackend(backend);
          const c = build();
          c.model.eval();
          const x = c.input().keep();
          const batch = x.shape[0];
          const runner = await ortRunner(exportOnnx(c.model, c.options), c.options.inputType === 'int32' ? 'int32' : 'float32', x.toArray(), x.shape);
          const ours = () => noGrad(() => scope(() => c.model.forward(x).toArray()));
          if (round === 0) checkEqual(name, ortImpl, await runner.run(), ours());
          const scratch = createSuite('onnx');
          await scratch.compareInterleaved(name, {
            unit: 'samples/s', work: { [neuriteImpl]: batch, [ortImpl]: batch * runner.runsPerCall }, rounds: 1,
            impls: { [neuriteImpl]: () => { ours(); }, [ortImpl]: () => runner.run() },
          });
          for (const r of scratch.rows) samples.set(r.impl, [...(samples.get(r.impl) ?? []), r]);
          await runner.release();
          x.dispose();
          c.model.dispose();
        }
      }
      for (const rows of samples.values()) suite.record([...rows].sort((a, b) => a.value - b.value)[Math.floor(rows.length / 2)]);
    }
  } finally {
    await worker.terminate();
    setBackend(single);
    printSplitGates({ 'neurite-2t': threaded });
    await threaded.dispose();
  }
  const rows = suite.finish();
  // The table's ratios use single-threaded Neurite; beside it, each thread count against its own.
  const value = (c, impl) => rows.find((r) => r.case === c && r.impl === impl)?.value;
  const lines = ['', '| case | neurite / onnxruntime-web (1 thread each) | neurite-2t / onnxruntime-web-2t (2 threads each) |', '| --- | --- | --- |'];
  for (const c of [...new Set(rows.map((r) => r.case))]) {
    const ratio = (a, b) => (value(c, a) && value(c, b) ? `${(value(c, a) / value(c, b)).toFixed(2)}x` : '–');
    lines.push(`| ${c} | ${ratio('neurite', 'onnxruntime-web')} | ${ratio('neurite-2t', 'onnxruntime-web-2t')} |`);
  }
  console.log(lines.join('\n'));
  appendFileSync(new URL('../results/onnx.md', import.meta.url), lines.join('\n') + '\n');
}
