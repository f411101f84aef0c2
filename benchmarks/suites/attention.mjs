// Fused attention (FlashAttention-2 style, assembly/attention*.ts): B = 1, H = 8, d = 64,
// T = 256, 1024, 4096, causal and not, forward and forward+backward.
// GFLOP/s counted on the unmasked work: forward 4 T^2 d H (Q K^T and P V), forward+backward
// 3.5x that (the backward is 2.5 forwards: S recomputed, dP, dV, dK, dQ), also for causal rows.
// Same-run peers:
//   gemm-neurite, gemm-neurite-relaxed  Neurite's own GEMM doing the forward's two products
//                 (gemmBatched Q K^T with transB, then P V) on the plain / relaxed build: the
//                 throughput bar the fused kernel aims at (it also does the softmax and never stores
//                 the T x T scores), in the forward and the forward+backward rows alike.
//   tfjs-wasm     TensorFlow.js 4.22 composed matMul(q, k, transposeB) + softmax + matMul (forward),
//                 and its backward written with the same ops (tfjs-core's node build registers no
//                 gradients); causal through an additive mask.
// Also: sliding window 256 against full causal at T = 4096 on each build (median time ratio of
// alternating rounds, by wall clock and by CPU time), the workspace bytes at T = 8192 (O(T d)) against the T x T score matrix a composed
// attention stores, and training characters/s (wall clock and per CPU second) of a 2-layer causal
// character transformer (d 64, 4 heads, T 64, batch 32) on Moby Dick on 1 and 2 threads (plain SIMD
// as neurite / neurite-2t, relaxed SIMD as neurite-relaxed / neurite-relaxed-2t), with
// PyTorch on one CPU thread as the peer (peers/torch-transformer.py), once per torch build found:
// lib/torch-peers.mjs (NEURITE_TORCH_PYTHON's entries, python3 and /usr/bin/python3), the impl named
// for the torch version and its BLAS (pytorch-2.13-mkl-1t, pytorch-1.13-openblas-1t, ...).
import {
  attention, attentionBackward, attentionBackwardWorkspaceFloats, attentionWorkspaceFloats, detectFeatures, gemmBatched, loadBackend,
} from '@neurite/kernels';
import { init, reshape, scope, tensor } from '@neurite/tensor';
import { Adam, crossEntropyLoss, Embedding, LayerNorm, LearnedPositionalEmbedding, Linear, TransformerEncoder, TransformerEncoderLayer } from '@neurite/nn';
import { disposeBackends, neuriteBackends } from '../lib/backends.mjs';
import { mobyDickText } from './train.mjs';
import { createSuite, seededArray } from '../lib/harness.mjs';
import { torchPeerRuns } from '../lib/torch-peers.mjs';
import { useTfjs } from '../lib/tfjs.mjs';

const H = 8, D = 64;

/** Float64 attention output of row i of head h ([H, T, D] layout), for checks. */
function referenceRow(q, k, v, t, h, i, causal) {
  const base = h * t * D, s = new Float64Array(t);
  let m = -Infinity;
  for (let j = 0; j < t; j++) {
    if (causal && j > i) { s[j] = -Infinity; continue; }
    let dot = 0;
    for (let e = 0; e < D; e++) dot += q[base + i * D + e] * k[base + j * D + e];
    s[j] = dot / Math.sqrt(D);
    m = Math.max(m, s[j]);
  }
  let l = 0;
  const out = new Float64Array(D);
  for (let j = 0; j < t; j++) {
    if (s[j] === -Infinity) continue;
    const p = Math.exp(s[j] - m);
    l += p;
    for (let e = 0; e < D; e++) out[e] += p * v[base + j * D + e];
  }
  return out.map((x) => x / l);
}

function checkRows(name, got, q, k, v, t, causal) {
  for (const [h, i] of [[0, 0], [3, t >> 1], [H - 1, t - 1]]) {
    const want = referenceRow(q, k, v, t, h, i, causal);
    for (let e = 0; e < D; e++) {
      const a = got[(h * t + i) * D + e];
      if (!(Math.abs(a - want[e]) <= 1e-4 + 1e-3 * Math.abs(want[e]))) throw new Error(`${name}: out[${h}, ${i}, ${e}] = ${a}, expected ${want[e]}`);
    }
  }
}

export async function run() {
  // ATTENTION_ONLY=train or =window runs that part alone (results written as for a whole run).
  if (process.env.ATTENTION_ONLY === 'train') {
    const suite = createSuite('attention');
    await charTransformer(suite);
    return suite.finish();
  }
  if (process.env.ATTENTION_ONLY === 'window') {
    const suite = createSuite('attention');
    const backends = await neuriteBackends();
    for (const impl of ['neurite', 'neurite-relaxed']) if (backends[impl]) await windowAgainstCausal(suite, backends[impl], impl);
    await disposeBackends(backends);
    printSameBuildRatios(suite.rows);
    return suite.finish();
  }
  const suite = createSuite('attention');
  const backends = await neuriteBackends({ threads: true });
  const tf = await useTfjs('wasm');

  for (const t of [256, 1024, 4096]) {
    const n = H * t * D;
    const qd = seededArray(n, t + 1), kd = seededArray(n, t + 2), vd = seededArray(n, t + 3), gd = seededArray(n, t + 4);
    const flops = (4 * t * t * D * H) / 1e9;
    for (const causal of [false, true]) {
      const params = { batch: 1, heads: H, queryLength: t, keyLength: t, headDim: D, causal };
      const fwd = {}, both = {}, readers = {};
      for (const [impl, backend] of Object.entries(backends)) {
        // T = 4096 runs ~100 GFLOP per forward+backward: the plain build and its 2-thread form only.
        if (t >= 4096 && impl !== 'neurite' && impl !== 'neurite-2t') continue;
        const heap = backend.heap;
        const put = (d) => { const p = heap.alloc(n * 4); heap.f32(p, n).set(d); return p; };
        const q = put(qd), k = put(kd), v = put(vd), dO = put(gd);
        const out = heap.alloc(n * 4), lse = heap.alloc(H * t * 4), dq = heap.alloc(n * 4), dk = heap.alloc(n * 4), dv = heap.alloc(n * 4);
        fwd[impl] = () => attention(backend, params, q, k, v, { out, lse });
        readers[impl] = () => heap.f32(out, n);
        both[impl] = () => {
          attention(backend, params, q, k, v, { out, lse });
          attentionBackward(backend, params, q, k, v, out, lse, dO, { dq, dk, dv });
        };
        if ((impl === 'neurite' || impl === 'neurite-relaxed') && !causal) {
          // GEMM bar: the forward's two products per head on Neurite's GEMM of the same build (scores
          // buffer of H T^2 floats); shown beside forward and forward+backward alike.
          const scores = heap.alloc(H * t * t * 4);
          const gemmImpl = impl === 'neurite' ? 'gemm-neurite' : 'gemm-neurite-relaxed';
          fwd[gemmImpl] = both[gemmImpl] = () => {
            gemmBatched(backend, { batch: H, m: t, n: t, k: D, a: q, b: k, c: scores, transB: true, alpha: 1 / Math.sqrt(D), strideA: t * D, strideB: t * D, strideC: t * t });
            gemmBatched(backend, { batch: H, m: t, n: D, k: t, a: scores, b: v, c: out, strideA: t * t, strideB: t * D, strideC: t * D });
          };
        }
      }
      // tfjs-wasm composed (forward up to T = 1024, forward+backward at T = 256: its batched and
      // transposed products run ~2 GFLOP/s, so larger cases would take minutes per call).
      if (t <= 1024) {
        const tq = tf.tensor3d(qd, [H, t, D]), tk = tf.tensor3d(kd, [H, t, D]), tv = tf.tensor3d(vd, [H, t, D]), tg = tf.tensor3d(gd, [H, t, D]);
        const mask = causal ? tf.tensor2d(Float32Array.from({ length: t * t }, (_, i) => ((i % t) > Math.floor(i / t) ? -1e9 : 0)), [t, t]) : null;
        const composed = (a, b, c) => {
          let s = tf.mul(tf.matMul(a, b, false, true), 1 / Math.sqrt(D));
          if (mask) s = tf.add(s, mask);
          return tf.matMul(tf.softmax(s), c);
        };
        fwd['tfjs-wasm'] = () => tf.tidy(() => { composed(tq, tk, tv).dataSync(); });
        readers['tfjs-wasm'] = () => tf.tidy(() => composed(tq, tk, tv).dataSync());
        if (t <= 256) {
          // tfjs-core's node build registers no gradients: the backward is written out with the same
          // products a tape would run (P recomputed from the forward's scores).
          both['tfjs-wasm'] = () => tf.tidy(() => {
            let s = tf.mul(tf.matMul(tq, tk, false, true), 1 / Math.sqrt(D));
            if (mask) s = tf.add(s, mask);
            const p = tf.softmax(s);
            tf.matMul(p, tv).dataSync();
            const dv = tf.matMul(p, tg, true, false);
            const dp = tf.matMul(tg, tv, false, true);
            const ds = tf.mul(tf.mul(p, tf.sub(dp, tf.sum(tf.mul(dp, p), -1, true))), 1 / Math.sqrt(D));
            const dq = tf.matMul(ds, tk), dk = tf.matMul(ds, tq, true, false);
            for (const g of [dq, dk, dv]) g.dataSync();
          });
        }
      }
      const label = `T=${t}${causal ? ' causal' : ''}`;
      const time = t >= 4096 ? 200 : 400;
      await suite.compareInterleaved(`forward ${label}`, {
        unit: 'GFLOP/s', work: flops, impls: fwd, time, rounds: t >= 4096 ? 1 : 3,
        check: (impl, fn) => { if (impl.startsWith('gemm')) return; fn(); checkRows(`${label} / ${impl}`, readers[impl](), qd, kd, vd, t, causal); },
      });
      // The GEMM rows here time the same forward products (work = the forward's flops): the bar the
      // forward+backward throughput is compared with.
      await suite.compareInterleaved(`forward+backward ${label}`, {
        unit: 'GFLOP/s', work: Object.fromEntries(Object.keys(both).map((i) => [i, i.startsWith('gemm') ? flops : 3.5 * flops])), impls: both, time,
        rounds: t >= 4096 ? 1 : 3,
      });
    }
  }

  for (const impl of ['neurite', 'neurite-relaxed']) if (backends[impl]) await windowAgainstCausal(suite, backends[impl], impl);
  // Memory at T = 8192: the kernels' workspace (plus O and the log-sum-exp) is O(T d) per call.
  {
    const t = 8192;
    const forwardBytes = attentionWorkspaceFloats(t, D, D) * 4, backwardBytes = attentionBackwardWorkspaceFloats(t, t, D, D) * 4;
    const scoresBytes = H * t * t * 4;
    suite.record({ case: 'workspace bytes T=8192 H=8 d=64 (forward)', impl: 'neurite', unit: 'bytes', value: forwardBytes, median_ms: 0 });
    suite.record({ case: 'workspace bytes T=8192 H=8 d=64 (backward)', impl: 'neurite', unit: 'bytes', value: backwardBytes, median_ms: 0 });
    suite.record({ case: 'score matrix bytes T=8192 H=8 (composed attention)', impl: 'composed', unit: 'bytes', value: scoresBytes, median_ms: 0 });
    // Run it once to show it fits: inputs 4 x 16 MiB, workspace as above.
    const backend = backends.neurite, heap = backend.heap, n = H * t * D;
    const before = heap.stats();
    const q = heap.alloc(n * 4), k = heap.alloc(n * 4), v = heap.alloc(n * 4);
    for (const p of [q, k, v]) heap.f32(p, n).set(seededArray(n, p));
    const r = attention(backend, { batch: 1, heads: H, queryLength: t, keyLength: t, headDim: D, causal: true, window: 128 }, q, k, v);
    console.log(`  T=8192 window-128 forward ran: live bytes ${before.liveBytes} -> ${heap.stats().liveBytes} (inputs + output + lse)`);
    for (const p of [q, k, v, r.out, r.lse]) heap.free(p);
  }
  await disposeBackends(backends);
  printSameBuildRatios(suite.rows);
  try {
    await charTransformer(suite);
  } catch (error) {
    console.log(`  char transformer case failed: ${error?.stack ?? error}`);
  }
  return suite.finish();
}

const WINDOW_CASE = 'forward T=4096 causal: full vs window 256 (time ratio)';
const WINDOW_ROUNDS = 11;

/** Median of a list of numbers. */
function median(values) {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
}

/**
 * Sliding window 256 (causal) against full causal at T = 4096 on one build (`impl`: neurite or
 * neurite-relaxed): the same unit (calls/s), so the ratio of the figures is the time ratio.
 * WINDOW_ROUNDS alternating rounds, each one full causal call and then window calls for about as
 * long, each timed by the wall clock and by this process's CPU time (a loaded machine inflates and
 * scatters the wall times of a 1 s call); the rows are the medians of the per-call times, and the
 * printed ratios the medians of the per-round ratios (a burst of load from elsewhere hits both
 * calls of a round alike).
 */
async function windowAgainstCausal(suite, backend, impl) {
  const t = 4096, n = H * t * D, heap = backend.heap;
  const put = (d) => { const p = heap.alloc(n * 4); heap.f32(p, n).set(d); return p; };
  const q = put(seededArray(n, 11)), k = put(seededArray(n, 12)), v = put(seededArray(n, 13));
  const out = heap.alloc(n * 4), lse = heap.alloc(H * t * 4);
  const base = { batch: 1, heads: H, queryLength: t, keyLength: t, headDim: D, causal: true };
  const full = () => attention(backend, base, q, k, v, { out, lse });
  const window = () => attention(backend, { ...base, window: 256 }, q, k, v, { out, lse });
  const cpuMs = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
  const time = (fn, calls) => {
    const w0 = performance.now(), c0 = cpuMs();
    for (let i = 0; i < calls; i++) fn();
    return { wall: (performance.now() - w0) / calls, cpu: (cpuMs() - c0) / calls };
  };
  full(); window(); window(); // warm up (and tier up) both
  const rounds = [];
  for (let r = 0; r < WINDOW_ROUNDS; r++) rounds.push({ full: time(full, 1), window: time(window, 8) });
  for (const p of [q, k, v, out, lse]) heap.free(p);
  for (const [clock, name] of [['wall', WINDOW_CASE], ['cpu', `${WINDOW_CASE} (CPU time)`]]) {
    const unit = clock === 'wall' ? 'calls/s' : 'calls/CPU s';
    for (const [which, label] of [['full', impl], ['window', `${impl}-window-256`]]) {
      const ms = median(rounds.map((x) => x[which][clock]));
      suite.record({ case: name, impl: label, unit, value: 1000 / ms, median_ms: ms });
    }
    const ratio = median(rounds.map((x) => x.full[clock] / x.window[clock]));
    suite.record({ case: `${WINDOW_CASE}: median of ${WINDOW_ROUNDS} rounds' full / window (${clock === 'wall' ? 'wall clock' : 'CPU time'})`, impl, unit: 'x', value: ratio, median_ms: 0 });
    console.log(`  ${impl}: window 256 costs 1/${ratio.toFixed(2)} of full causal at T = 4096 (${clock === 'wall' ? 'wall clock' : 'CPU time'}, median of ${WINDOW_ROUNDS} alternating rounds; rounds ${rounds.map((x) => (x.full[clock] / x.window[clock]).toFixed(2)).join(', ')})`);
  }
}

/**
 * The table's ratio columns divide the best Neurite build by each peer; these are per build: each
 * build's attention over that build's GEMM bar, and the window's cost as a fraction of full causal.
 */
function printSameBuildRatios(rows) {
  const value = (c, impl) => rows.find((r) => r.case === c && r.impl === impl)?.value;
  console.log('  same-build ratios (attention / GEMM of the same build, GFLOP/s on the unmasked work):');
  for (const c of [...new Set(rows.map((r) => r.case))].filter((x) => x.startsWith('forward') && !x.includes('window'))) {
    const parts = [['neurite', 'gemm-neurite'], ['neurite-relaxed', 'gemm-neurite-relaxed']]
      .map(([ours, bar]) => [ours, value(c, ours), value(c.replace(' causal', ''), bar)])
      .filter(([, a, g]) => a !== undefined && g !== undefined)
      .map(([ours, a, g]) => `${ours} ${(a / g).toFixed(2)}x`);
    if (parts.length > 0) console.log(`    ${c}: ${parts.join(', ')}`);
  }
  for (const r of rows.filter((x) => x.case.startsWith(`${WINDOW_CASE}: median`))) {
    console.log(`    ${r.impl}: window 256 costs 1/${r.value.toFixed(2)} of full causal attention at T = 4096 ${r.case.slice(r.case.lastIndexOf('('))}`);
  }
}

const CT = { N: 32, T: 64, E: 64, heads: 4, ff: 256, steps: 10 };
const CT_ROUNDS = 3;

/** Batch `step` of consecutive windows (inputs, next-character targets), as the char LSTM case. */
function windows(ids, step, inputs, targets) {
  const { N, T } = CT, stride = Math.floor((ids.length - T - 1) / N);
  for (let n = 0; n < N; n++) {
    const at = n * stride + ((step * T) % (stride - T));
    inputs.set(ids.subarray(at, at + T), n * T);
    targets.set(ids.subarray(at + 1, at + T + 1), n * T);
  }
}

/**
 * Neurite: embedding + learned positions, 2 pre-norm causal encoder layers (fused attention), norm,
 * head; Adam. One warm-up step, then CT.steps timed steps (wall clock and this process's CPU time).
 */
export function neuriteCharTransformer(ids, vocabulary) {
  const { N, T, E, heads, ff, steps } = CT;
  const embedding = new Embedding(vocabulary, E, { seed: 1 });
  const positions = new LearnedPositionalEmbedding(T, E, { seed: 2 });
  const encoder = new TransformerEncoder((i) => new TransformerEncoderLayer(E, heads, { dimFeedforward: ff, dropout: 0, batchFirst: true, normFirst: true, seed: 10 + i }), 2, { norm: new LayerNorm(E) });
  const head = new Linear(E, vocabulary, { seed: 3 });
  const modules = [embedding, positions, encoder, head];
  const optimizer = new Adam(modules.flatMap((m) => m.parameters()), { lr: 1e-3 });
  const inputs = new Int32Array(N * T), targets = new Int32Array(N * T);
  const losses = [];
  const run = (step) => {
    windows(ids, step, inputs, targets);
    optimizer.zeroGrad();
    losses.push(scope(() => {
      const h = encoder.forward(positions.forward(embedding.forward(tensor(inputs, [N, T], { dtype: 'int32' }))), { isCausal: true });
      const loss = crossEntropyLoss(head.forward(reshape(h, [N * T, E])), targets);
      loss.backward();
      return loss.item();
    }));
    optimizer.step();
  };
  run(0);
  const t0 = performance.now(), c0 = process.cpuUsage();
  for (let s = 1; s <= steps; s++) run(s);
  const seconds = (performance.now() - t0) / 1000, cpu = process.cpuUsage(c0), cpuSeconds = (cpu.user + cpu.system) / 1e6;
  optimizer.dispose();
  for (const m of modules) m.dispose();
  return {
    charsPerSecond: (steps * N * T) / seconds, cpuCharsPerSecond: (steps * N * T) / cpuSeconds, secondsPerStep: seconds / steps,
    cpuSecondsPerStep: cpuSeconds / steps, firstLoss: losses[0], lastLoss: losses.at(-1),
  };
}

const TORCH_SCRIPT = new URL('../peers/torch-transformer.py', import.meta.url);

/**
 * PyTorch on one thread (peers/torch-transformer.py) once per torch build found (lib/torch-peers.mjs),
 * with an impl name that says its version and BLAS.
 */
function torchPeers(ids, vocabulary, verbose) {
  const runs = torchPeerRuns(TORCH_SCRIPT, [JSON.stringify({ ...CT, V: vocabulary })], ids,
    (out) => `pytorch-${out.torch.split(/[.+a-z]/).slice(0, 2).join('.')}-${out.blas}-1t`, verbose);
  const peers = new Map();
  for (const { impl, out, python } of runs) {
    if (verbose) console.log(`  (${impl}: PyTorch ${out.torch}, BLAS ${out.blas}, ${out.threads} thread, ${python}; loss ${out.firstLoss.toFixed(3)} -> ${out.lastLoss.toFixed(3)})`);
    peers.set(impl, out);
  }
  return peers;
}

/** Median of the runs' values of `key`, and the run it came from (for its time per step). */
function medianRun(runs, key) {
  const sorted = [...runs].sort((a, b) => a[key] - b[key]);
  return sorted[Math.floor(sorted.length / 2)];
}

async function charTransformer(suite) {
  // The plain SIMD build, named: under the runner's relaxed-SIMD flag init() alone would pick the relaxed one.
  const single = await init({ variant: 'simd' });
  const text = mobyDickText();
  const vocabulary = [...new Set(text)].sort();
  const index = new Map(vocabulary.map((c, i) => [c, i]));
  const ids = Uint8Array.from(text, (c) => index.get(c)).subarray(0, 400000);
  const name = 'char transformer 2 layers d64 4 heads T64 b32: training chars/s';
  const cpuName = 'char transformer 2 layers d64 4 heads T64 b32: chars per CPU second';
  // CT_ROUNDS rounds, each Neurite on 1 thread, then on 2 (the threaded build: GEMMs, attention and
  // Adam split when the pool's measured hand-off says it pays), then each PyTorch build on 1 thread:
  // a burst of load from elsewhere hits every implementation of a round alike. Each figure is the
  // median over the rounds (wall clock and CPU time taken separately).
  // The relaxed-SIMD builds (fused multiply-add: ~1.6x the plain build's GEMM ceiling) beside them,
  // as neurite-relaxed and neurite-relaxed-2t, where the engine validates relaxed SIMD.
  const builds = [['neurite', single], ['neurite-2t', await loadBackend({ variant: 'simd', threads: 2 })]];
  if (detectFeatures().relaxedSimd) {
    builds.push(['neurite-relaxed', await loadBackend({ variant: 'relaxed' })]);
    builds.push(['neurite-relaxed-2t', await loadBackend({ variant: 'relaxed', threads: 2 })]);
  }
  const runs = {};
  for (let round = 0; round < CT_ROUNDS; round++) {
    for (const [impl, backend] of builds) {
      await init(backend);
      (runs[impl] ??= []).push(neuriteCharTransformer(Int32Array.from(ids), vocabulary.length));
    }
    await init(single);
    for (const [impl, r] of torchPeers(ids, vocabulary.length, round === 0)) (runs[impl] ??= []).push(r);
  }
  for (const [, backend] of builds.slice(1)) await backend.dispose?.();
  const best = {};
  for (const [impl, list] of Object.entries(runs)) {
    const wall = medianRun(list, 'charsPerSecond'), cpu = medianRun(list, 'cpuCharsPerSecond');
    best[impl] = { charsPerSecond: wall.charsPerSecond, cpuCharsPerSecond: cpu.cpuCharsPerSecond };
    suite.record({ case: name, impl, unit: 'chars/s', value: wall.charsPerSecond, median_ms: wall.secondsPerStep * 1000 });
    // A 2-thread run's CPU time adds both threads' time: its row says what the second core costs.
    suite.record({ case: cpuName, impl, unit: 'chars/CPU s', value: cpu.cpuCharsPerSecond, median_ms: cpu.cpuSecondsPerStep * 1000 });
  }
  for (const [impl] of builds) {
    const r = runs[impl][0];
    console.log(`  (${impl} loss ${r.firstLoss.toFixed(4)} -> ${r.lastLoss.toFixed(4)} over ${CT.steps + 1} steps)`);
  }
  console.log(`  (vocabulary ${vocabulary.length}; medians of ${CT_ROUNDS} rounds; a step is ${(stepFlops(vocabulary.length) / 1e9).toFixed(2)} GFLOP of products)`);
  for (const impl of Object.keys(best).filter((i) => i.startsWith('pytorch'))) {
    const r = best[impl];
    const parts = builds.map(([ours]) => `${ours} ${(best[ours].charsPerSecond / r.charsPerSecond).toFixed(2)}x wall, ${(best[ours].cpuCharsPerSecond / r.cpuCharsPerSecond).toFixed(2)}x CPU`);
    console.log(`  char transformer / ${impl}: ${parts.join('; ')}`);
  }
  // Effective rate: the step's product flops over its whole time (per CPU second on one thread).
  for (const [impl] of builds) {
    const perSecond = impl.endsWith('-2t') ? best[impl].charsPerSecond : best[impl].cpuCharsPerSecond;
    console.log(`  ${impl}: ${(perSecond / (CT.N * CT.T) * stepFlops(vocabulary.length) / 1e9).toFixed(1)} GFLOP/s effective (${impl.endsWith('-2t') ? 'wall clock' : 'per CPU second'})`);
  }
}

/**
 * Flops of one training step's products: the linears' forward, input and weight gradients (3x the
 * forward's multiply-adds) and attention's Q K^T and P V (causal: half the scores) forward and
 * backward (3.5x the forward), 2 flops per multiply-add.
 */
function stepFlops(vocabulary) {
  const { N, T, E, ff } = CT, rows = N * T, layers = 2;
  const linearMacs = rows * (layers * (E * 3 * E + E * E + E * ff + ff * E) + E * vocabulary);
  const attentionMacs = layers * N * 2 * T * T * E * 0.5;
  return 2 * (3 * linearMacs + 3.5 * attentionMacs);
}
