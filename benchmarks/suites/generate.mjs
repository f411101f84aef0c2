// Language-model inference on one thread: stories260K (llama2.c's checkpoint) greedy decoding, and a
// GPT-2-small-shaped model (12 layers, d 768, 12 heads, vocab 50257, seeded random weights): prefill
// of 128 tokens and cached decoding. Tokens per second, measured whole (prompt to last token) over
// a few runs, by the wall clock and by this process's CPU time (process.cpuUsage: on a shared,
// loaded machine the wall clock counts time spent descheduled; rows "(CPU time)"). stories260K and
// the GPT-2 decode run on generate's fused decoders, and also on the per-op path; stories260K also in
// onnxruntime-web (the file exportOnnx writes with pastKeyValues, one thread) in the same run. The
// stories260K samples of each build and of onnxruntime-web run in a child process per implementation
// (this file, started with --stories260K-child), taking turns, so each figure is what a process
// running only that generation gets.
// onnxruntime-web 1.31 (one thread) runs the GPT-2 prefill from the file exportOnnx writes for the
// same model, in the same run, and decodes with the key/value cache from the file exportOnnx
// writes with pastKeyValues. The prefill's linears' FLOPs over its time give the GFLOP/s its matrix
// products run at. The cached decode's weight bytes per second are set
// against one thread's read-stream bandwidth measured in the same sitting (limits.mjs's
// readBandwidth): the decode's fraction of the memory-bandwidth bound. llama2.c's run.c is not built
// here (no C toolchain step): its figure on this machine is quoted from the issue in the closing
// note, not as a row. Neurite's rows measure the plain SIMD build (`neurite`) and, where the engine
// validates it, the relaxed-SIMD build (`neurite-relaxed`, fused multiply-add) in the same run:
// tensors live in their backend's heap, so each model is loaded into one backend, timed there and
// disposed before the other backend takes over. The GPT-2 prefill's GEMM GFLOP/s are also set beside the
// register-only arithmetic peaks (limits.mjs's arithmeticProbes: mul+add for plain SIMD, fused
// multiply-add for relaxed), timed in turns with the prefill.
import { fork } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-web';
import { exportOnnx, generate, Gpt2LMHeadModel, LlamaForCausalLM } from '@neurite/nn';
import { detectFeatures, loadBackend } from '@neurite/kernels';
import { init, noGrad, scope, setBackend, tensor } from '@neurite/tensor';
import { Llama2cTokenizer } from '@neurite/tokenizers';
import { createSuite } from '../lib/harness.mjs';
import { arithmeticProbes, readBandwidth } from './limits.mjs';

const DATA = new URL('../../packages/nn/test-data/stories260K/', import.meta.url);

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Median wall-clock and CPU seconds of `runs` calls of fn (each median taken on its own). */
function timeRuns(fn, runs) {
  const wall = [], cpu = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage(), t0 = performance.now();
    fn();
    const c = process.cpuUsage(c0);
    wall.push((performance.now() - t0) / 1000);
    cpu.push((c.user + c.system) / 1e6);
  }
  return { wall: median(wall), cpu: median(cpu) };
}

/** timeRuns of several fns, one call of each in turn per round; { name: { wall, cpu } }. */
function timeInTurns(fns, runs) {
  const samples = Object.fromEntries(Object.keys(fns).map((name) => [name, { wall: [], cpu: [] }]));
  for (let i = 0; i < runs; i++) {
    for (const [name, fn] of Object.entries(fns)) {
      const c0 = process.cpuUsage(), t0 = performance.now();
      fn();
      const c = process.cpuUsage(c0);
      samples[name].wall.push((performance.now() - t0) / 1000);
      samples[name].cpu.push((c.user + c.system) / 1e6);
    }
  }
  return Object.fromEntries(Object.entries(samples).map(([name, t]) => [name, { wall: median(t.wall), cpu: median(t.cpu) }]));
}

/** timeRuns for an async fn. */
async function timeRunsAsync(fn, runs) {
  const wall = [], cpu = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage(), t0 = performance.now();
    await fn();
    const c = process.cpuUsage(c0);
    wall.push((performance.now() - t0) / 1000);
    cpu.push((c.user + c.system) / 1e6);
  }
  return { wall: median(wall), cpu: median(cpu) };
}

/** Two rows of `work` units per { wall, cpu } seconds: the case by the wall clock, and `(CPU time)`. */
function recordTimes(suite, caseName, impl, unit, work, seconds) {
  suite.record({ case: caseName, impl, unit, value: work / seconds.wall, median_ms: seconds.wall * 1000 });
  suite.record({ case: `${caseName} (CPU time)`, impl, unit, value: work / seconds.cpu, median_ms: seconds.cpu * 1000 });
}

/** stories260K's checkpoint bytes, the prompt's ids and generate's options (256 steps, greedy). */
function storiesInputs() {
  const storiesBytes = new Uint8Array(readFileSync(new URL('stories260K.bin', DATA)));
  const tokenizer = Llama2cTokenizer.fromBytes(new Uint8Array(readFileSync(new URL('tok512.bin', DATA))), 512);
  const prompt = [...tokenizer.encode('Once upon a time')];
  const steps = 256;
  return { storiesBytes, prompt, options: { maxNewTokens: steps - prompt.length + 1, temperature: 0 } };
}

/** Loads stories260K into `backend` (made current), runs fn(model), disposes the model. */
async function withStories(backend, bytes, fn) {
  setBackend(backend);
  const llama = LlamaForCausalLM.fromLlama2c(bytes);
  try {
    return await fn(llama);
  } finally {
    llama.dispose();
  }
}

export async function run() {
  // The plain SIMD build, named: under the runner's relaxed-SIMD flag init() alone would pick the relaxed one.
  const builds = { neurite: await init({ variant: 'simd' }) };
  if (detectFeatures().relaxedSimd) builds['neurite-relaxed'] = await loadBackend({ variant: 'relaxed' });
  const suite = createSuite('generate');

  const { storiesBytes, prompt, options } = storiesInputs();
  const storiesCase = 'stories260K greedy, 256 steps, 1 thread';
  const { greedy, perOpSeconds } = await withStories(builds.neurite, storiesBytes, async (llama) => {
    const greedy = generate(llama, prompt, options);
    // The same model without its fused decoder (generate's per-op path: one op per layer part per token).
    const perOp = { forward: (ids, o) => llama.forward(ids, o), createCache: () => llama.createCache(), config: llama.config };
    if (generate(perOp, prompt, { maxNewTokens: 16, temperature: 0 }).join() !== greedy.slice(0, 16).join()) throw new Error('stories260K: the per-op path and the fused decoder disagree');
    return { greedy, perOpSeconds: timeRuns(() => generate(perOp, prompt, options), 2) };
  });
  // Each build and onnxruntime-web in a child process of its own (storiesChild below), taking turns so
  // that all see the same load: what a user's process running only generate() gets. In this process
  // the samples had shared it with onnxruntime-web's garbage and threads, the per-op path's tensors and
  // the other build's heap (process.cpuUsage counts every thread; the figure was 1.5x below a
  // standalone script's). Per round NEURITE_RUNS generations of each build (a sample of ~0.1 s, well
  // above the CPU clock's tick; the model loaded once per child, as a user's app keeps it) and one of
  // onnxruntime-web; the order rotates per round. Each child reports its process's CPU time and the
  // part of it spent outside its main thread; this process's own CPU time during the samples is
  // printed too (it should be ~0: it only waits).
  const NEURITE_RUNS = 5;
  const impls = [...Object.keys(builds), 'onnxruntime-web'];
  const children = Object.fromEntries(await Promise.all(impls.map(async (impl) => [impl, await StoriesChild.start(impl)])));
  const samples = Object.fromEntries(impls.map((impl) => [impl, { wall: [], cpu: [], otherThreads: 0, parent: 0 }]));
  try {
    for (const impl of impls) {
      if ((await children[impl].ask({ type: 'ids' })).ids.join() !== greedy.join()) throw new Error(`stories260K: ${impl}'s greedy ids differ from the plain build's in this process`);
    }
    for (let round = 0; round < 9; round++) {
      for (let i = 0; i < impls.length; i++) {
        const impl = impls[(round + i) % impls.length];
        const runs = impl === 'onnxruntime-web' ? 1 : NEURITE_RUNS;
        const c0 = process.cpuUsage();
        const r = await children[impl].ask({ type: 'sample', runs });
        const c = process.cpuUsage(c0);
        samples[impl].wall.push(r.wall / runs);
        samples[impl].cpu.push(r.cpu / runs);
        samples[impl].otherThreads += r.otherThreads ?? 0;
        samples[impl].parent += (c.user + c.system) / 1e6;
      }
    }
  } finally {
    await Promise.all(Object.values(children).map((child) => child.stop()));
  }
  setBackend(builds.neurite);
  const seconds = Object.fromEntries(Object.entries(samples).map(([impl, t]) => [impl, { wall: median(t.wall), cpu: median(t.cpu) }]));
  for (const impl of Object.keys(builds)) recordTimes(suite, storiesCase, impl, 'tokens/s', greedy.length, seconds[impl]);
  recordTimes(suite, storiesCase, 'neurite-per-op', 'tokens/s', greedy.length, perOpSeconds);
  recordTimes(suite, storiesCase, 'onnxruntime-web', 'tokens/s', greedy.length, seconds['onnxruntime-web']);
  const ortCpu = seconds['onnxruntime-web'].cpu;
  for (const impl of impls) {
    const t = samples[impl], total = t.cpu.reduce((a, b) => a + b, 0) * (impl === 'onnxruntime-web' ? 1 : NEURITE_RUNS);
    console.log(`  stories260K ${impl} samples: ${t.cpu.map((x) => (greedy.length / x / 1000).toFixed(1)).join(' ')} k tokens per CPU second; ` +
      `${(100 * t.otherThreads / total).toFixed(1)}% of the child's CPU time off its main thread; this process used ${(1000 * t.parent).toFixed(0)} ms CPU meanwhile`);
  }
  for (const impl of Object.keys(builds)) {
    const s = seconds[impl];
    console.log(`  stories260K ${impl === 'neurite' ? 'plain SIMD' : 'relaxed SIMD'}: ${(greedy.length / s.cpu).toFixed(0)} tokens per CPU second (${(1e6 * s.cpu / greedy.length).toFixed(1)} us per token; ` +
      `${(greedy.length / s.wall).toFixed(0)} per wall-clock second); target >= 20000; ${(ortCpu / s.cpu).toFixed(1)}x onnxruntime-web (${(greedy.length / ortCpu).toFixed(0)} per CPU second)`);
  }

  const ids = Int32Array.from({ length: 128 }, (_, i) => (i * 7919) % 50257);
  const prefillCase = 'GPT-2-small shape, prefill 128 tokens, 1 thread';
  const gemmCase = 'GPT-2-small shape, prefill 128 tokens: its linears\' FLOPs over the forward\'s time';
  const decodeTokens = 32;
  const decodeCase = 'GPT-2-small shape, cached decode, 1 thread';
  // Both paths run the 8-token prompt in one forward pass (generate's batched prefill: 8 x 0.5 GB of
  // weights), then decodeTokens - 1 steps: fused decoder steps, or per-op forwards on the KeyValueCache.
  const prompt8 = ids.subarray(0, 8);
  let fusedTokens, gemmFlops, weightBytes;
  const gemmSeconds = {}, decodeSeconds = {}, peakSeconds = {};
  const probes = await arithmeticProbes();
  const peakOf = { neurite: 'plain', 'neurite-relaxed': 'relaxed' };
  // Each build on its own copy of the model (the same seed, so the same weights): the plain build with
  // the per-op path and onnxruntime-web, then the relaxed build.
  for (const [impl, backend] of Object.entries(builds)) {
    setBackend(backend);
    const gpt = new Gpt2LMHeadModel({ vocabSize: 50257, maxSeqLen: 1024, dim: 768, nLayers: 12, nHeads: 12, dropout: 0, seed: 7 });
    gpt.eval();
    const prefillWith = (options) => () => noGrad(() => scope(() => {
      const cache = gpt.createCache();
      gpt.forward(tensor(ids, [1, 128], { dtype: 'int32' }), { cache, ...options }).dispose();
      cache.dispose();
    }));
    // The whole forward and generate's prefill (logitsToKeep 1: the next token's logits only) in turns,
    // so a burst of load from elsewhere hits both alike. The forward is almost all GEMM: its linears'
    // multiply-add FLOPs over its time give the GFLOP/s its matrix products run at (a lower bound).
    gemmFlops = prefillGemmFlops(gpt.config, 128);
    weightBytes = gpt.parameterCount() * 4;
    // The build's register-only arithmetic peak in the same turns (the GEMMs' ceiling under the same load).
    const probe = probes[peakOf[impl]];
    const turns = timeInTurns({ prefill: prefillWith({}), prefillLast: prefillWith({ logitsToKeep: 1 }), ...(probe ? { peak: probe.run } : {}) }, 5);
    if (probe) peakSeconds[impl] = turns.peak;
    const prefill = turns.prefill;
    gemmSeconds[impl] = prefill;
    recordTimes(suite, prefillCase, impl, 'tokens/s', 128, prefill);
    recordTimes(suite, 'GPT-2-small shape, prefill 128 tokens, last logits only, 1 thread', impl, 'tokens/s', 128, turns.prefillLast);
    recordTimes(suite, gemmCase, impl, 'GFLOP/s', gemmFlops / 1e9, prefill);
    console.log(`  GPT-2 prefill, ${impl === 'neurite' ? 'plain SIMD' : 'relaxed SIMD'}: ${(128 / prefill.cpu).toFixed(1)} tokens per CPU second (${(128 / prefill.wall).toFixed(1)} wall), target >= 180; ` +
      `its GEMMs at >= ${(gemmFlops / prefill.cpu / 1e9).toFixed(1)} GFLOP/s by CPU time (${(gemmFlops / 1e9).toFixed(1)} GFLOP per forward); ` +
      `generate's prefill (last logits only) ${(128 / turns.prefillLast.cpu).toFixed(1)} tokens per CPU second`);
    if (impl === 'neurite') {
      ort.env.wasm.numThreads = 1;
      const session = await ort.InferenceSession.create(exportOnnx(gpt));
      const feeds = { input_ids: new ort.Tensor('int32', ids, [1, 128]) };
      await session.run(feeds);
      const ortPrefill = await timeRunsAsync(() => session.run(feeds), 3);
      recordTimes(suite, prefillCase, 'onnxruntime-web', 'tokens/s', 128, ortPrefill);
      await session.release();
    }
    const tokens = generate(gpt, prompt8, { maxNewTokens: decodeTokens, temperature: 0 });
    if (fusedTokens === undefined) fusedTokens = tokens;
    else if (tokens.join() !== fusedTokens.join()) throw new Error(`GPT-2: ${impl}'s greedy ids differ from the plain build's`);
    const gptPerOp = { forward: (x, o) => gpt.forward(x, o), createCache: () => gpt.createCache(), config: gpt.config };
    if (impl === 'neurite' && generate(gptPerOp, prompt8, { maxNewTokens: 4, temperature: 0 }).join() !== fusedTokens.slice(0, 4).join()) throw new Error('GPT-2: the per-op path and the fused decoder disagree');
    const prefill8 = timeRuns(() => noGrad(() => scope(() => {
      const cache = gpt.createCache();
      gpt.forward(tensor(prompt8, [1, 8], { dtype: 'int32' }), { cache, logitsToKeep: 1 }).dispose();
      cache.dispose();
    })), 3);
    /** Seconds per decoded token: (whole generation - the prompt's forward) / (tokens - 1). */
    const perToken = (total) => ({ wall: (total.wall - prefill8.wall) / (decodeTokens - 1), cpu: (total.cpu - prefill8.cpu) / (decodeTokens - 1) });
    const decode = perToken(timeRuns(() => generate(gpt, prompt8, { maxNewTokens: decodeTokens, temperature: 0 }), 3));
    decodeSeconds[impl] = decode;
    recordTimes(suite, decodeCase, impl, 'tokens/s', 1, decode);
    if (impl === 'neurite') {
      const perOpDecode = perToken(timeRuns(() => generate(gptPerOp, prompt8, { maxNewTokens: decodeTokens, temperature: 0 }), 2));
      recordTimes(suite, decodeCase, 'neurite-per-op', 'tokens/s', 1, perOpDecode);
      const ortDecode = await ortCachedDecode(gpt, ids.subarray(0, 8), decodeTokens);
      recordTimes(suite, decodeCase, 'onnxruntime-web', 'tokens/s', 1, ortDecode);
      suite.record({ case: 'GPT-2-small shape, weight bytes read per decoded token', impl: 'neurite', unit: 'GB/token', value: weightBytes / 1e9, median_ms: 0 });
    }
    gpt.dispose();
  }
  setBackend(builds.neurite);
  // The memory-bandwidth bound: the decode's weight bytes per second against one thread's read stream,
  // measured now (same sitting), both by CPU time and by the wall clock; the table's `neurite / limit`
  // column is the decode's fraction of the bound (target >= 0.7).
  const read = await readBandwidth();
  for (const [clock, key] of [['CPU time', 'cpu'], ['wall clock', 'wall']]) {
    const decode = decodeSeconds.neurite;
    const boundCase = `GPT-2-small shape, cached decode: weight bytes per second / read-stream bandwidth (${clock})`;
    suite.record({ case: boundCase, impl: 'neurite', unit: 'GB/s', value: weightBytes / decode[key] / 1e9, median_ms: decode[key] * 1000 });
    suite.record({ case: boundCase, impl: 'limit', unit: 'GB/s', value: read[key], median_ms: (weightBytes / (read[key] * 1e9)) * 1000 });
    console.log(`  GPT-2 cached decode, plain SIMD (${clock}): ${(1 / decode[key]).toFixed(2)} tokens/s = ${(weightBytes / decode[key] / 1e9).toFixed(2)} GB/s of weights; ` +
      `read stream ${read[key].toFixed(2)} GB/s (bound ${(read[key] * 1e9 / weightBytes).toFixed(2)} tokens/s): ${((weightBytes / decode[key] / 1e9) / read[key]).toFixed(2)} of the bound`);
    if (decodeSeconds['neurite-relaxed']) console.log(`  GPT-2 cached decode, relaxed SIMD (${clock}): ${(1 / decodeSeconds['neurite-relaxed'][key]).toFixed(2)} tokens/s`);
  }
  // The compute bound of the prefill: its GEMM GFLOP/s beside the build's register-only arithmetic
  // peak (timed in the same turns), and the GFLOP/s that 180 tokens/s would need of the same GEMMs.
  const needed = (gemmFlops / 128) * 180 / 1e9;
  const labels = { neurite: 'plain SIMD mul+add peak (4x8 tile in registers)', 'neurite-relaxed': 'relaxed SIMD fused multiply-add peak (6x8 tile in registers)' };
  for (const [impl, label] of Object.entries(labels)) {
    if (!gemmSeconds[impl] || !peakSeconds[impl]) continue;
    const gflop = probes[peakOf[impl]].gflop;
    for (const [clock, key] of [['CPU time', 'cpu'], ['wall clock', 'wall']]) {
      const peakCase = `GPT-2-small shape, prefill 128 tokens: its linears' GFLOP/s / ${label} (${clock})`;
      suite.record({ case: peakCase, impl, unit: 'GFLOP/s', value: gemmFlops / gemmSeconds[impl][key] / 1e9, median_ms: gemmSeconds[impl][key] * 1000 });
      suite.record({ case: peakCase, impl: 'limit', unit: 'GFLOP/s', value: gflop / peakSeconds[impl][key], median_ms: peakSeconds[impl][key] * 1000 });
    }
    const achieved = gemmFlops / gemmSeconds[impl].cpu / 1e9, peak = gflop / peakSeconds[impl].cpu;
    console.log(`  GPT-2 prefill GEMMs, ${label} (CPU time): ${achieved.toFixed(1)} of ${peak.toFixed(1)} GFLOP/s (${(achieved / peak).toFixed(2)}); ` +
      `180 tokens/s needs ${needed.toFixed(1)} GFLOP/s of its linears alone, ${(needed / peak).toFixed(2)} of the peak: ` +
      `at most ${((peak * 1e9 * 128) / gemmFlops).toFixed(0)} tokens/s with every linear at the peak and nothing else`);
  }
  suite.finish();
}

/** Multiply-add FLOPs of a GPT-2 forward's linears over `t` tokens (the head over every position). */
function prefillGemmFlops({ dim, nLayers, vocabSize }, t) {
  return 2 * t * (nLayers * (dim * 3 * dim + dim * dim + dim * 4 * dim + 4 * dim * dim) + dim * vocabSize);
}

/**
 * Seconds per decoded token ({ wall, cpu }) in onnxruntime-web (one thread) on the file exportOnnx writes with
 * pastKeyValues: a prefill of the prompt (not timed), then tokens - 1 greedy steps of one token each
 * on the previous call's presents (timed, median of 2 runs), as generate decodes. The prefill's
 * last logits are checked against Neurite's (1e-3 relative) before the figure is taken.
 */
async function ortCachedDecode(model, prompt, tokens) {
  const { nLayers, nHeads, headDim, vocabSize } = model.config;
  const session = await ort.InferenceSession.create(exportOnnx(model, { pastKeyValues: true }));
  const pastOf = (out) => {
    const past = {};
    for (let l = 0; l < nLayers; l++) for (const kind of ['key', 'value']) past[`past_key_values.${l}.${kind}`] = out ? out[`present.${l}.${kind}`] : new ort.Tensor('float32', new Float32Array(0), [1, nHeads, 0, headDim]);
    return past;
  };
  const argmax = (row) => row.reduce((best, v, i) => (v > row[best] ? i : best), 0);
  const expected = noGrad(() => scope(() => {
    const cache = model.createCache();
    const logits = model.forward(tensor(Int32Array.from(prompt), [1, prompt.length], { dtype: 'int32' }), { cache }).toArray().slice((prompt.length - 1) * vocabSize);
    cache.dispose();
    return logits;
  }));
  const wall = [], cpu = [];
  for (let run = 0; run < 2; run++) {
    let out = await session.run({ input_ids: new ort.Tensor('int32', Int32Array.from(prompt), [1, prompt.length]), ...pastOf() });
    const last = out.logits.data.subarray((prompt.length - 1) * vocabSize);
    last.forEach((v, i) => {
      if (!(Math.abs(v - expected[i]) <= 1e-3 * (1 + Math.abs(expected[i])))) throw new Error(`cached prefill: logit ${i} is ${v} in onnxruntime-web, ${expected[i]} in Neurite`);
    });
    let next = argmax(last);
    const c0 = process.cpuUsage(), t0 = performance.now();
    for (let step = 1; step < tokens; step++) {
      out = await session.run({ input_ids: new ort.Tensor('int32', Int32Array.of(next), [1, 1]), ...pastOf(out) });
      next = argmax(out.logits.data);
    }
    const c = process.cpuUsage(c0);
    wall.push((performance.now() - t0) / 1000 / (tokens - 1));
    cpu.push((c.user + c.system) / 1e6 / (tokens - 1));
  }
  await session.release();
  return { wall: median(wall), cpu: median(cpu) };
}

/**
 * Greedy generation in onnxruntime-web (one thread) on the Llama file exportOnnx writes with
 * pastKeyValues: the prompt in one call, then one call per token on the previous presents, `count`
 * tokens. Returns { once, release }: once() is a whole generation (from the prompt to the last
 * token, as the Neurite rows) and resolves to its ids.
 */
async function ortGreedy(model, prompt, count) {
  const { nLayers, nKvHeads, headDim, vocabSize } = model.config;
  ort.env.wasm.numThreads = 1;
  const session = await ort.InferenceSession.create(exportOnnx(model, { pastKeyValues: true }));
  const argmax = (row) => row.reduce((best, v, i) => (v > row[best] ? i : best), 0);
  const once = async () => {
    const past = {};
    for (let l = 0; l < nLayers; l++) for (const kind of ['key', 'value']) past[`past_key_values.${l}.${kind}`] = new ort.Tensor('float32', new Float32Array(0), [1, nKvHeads, 0, headDim]);
    let input = new ort.Tensor('int32', Int32Array.from(prompt), [1, prompt.length]);
    const ids = [];
    while (ids.length < count) {
      const out = await session.run({ input_ids: input, ...past });
      const data = out.logits.data;
      ids.push(argmax(data.subarray(data.length - vocabSize)));
      for (let l = 0; l < nLayers; l++) for (const kind of ['key', 'value']) past[`past_key_values.${l}.${kind}`] = out[`present.${l}.${kind}`];
      input = new ort.Tensor('int32', Int32Array.of(ids[ids.length - 1]), [1, 1]);
    }
    return ids;
  };
  return { once, release: () => session.release() };
}

/** CPU seconds of this process's threads other than the main one (Linux's /proc; undefined elsewhere). */
function otherThreadsSeconds() {
  if (!existsSync('/proc/self/task')) return undefined;
  let ticks = 0;
  for (const task of readdirSync('/proc/self/task')) {
    if (Number(task) === process.pid) continue;
    try {
      const stat = readFileSync(`/proc/self/task/${task}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of proc(5))
    } catch {
      // the thread ended meanwhile
    }
  }
  return ticks / 100; // USER_HZ
}

const CHILD_FLAG = '--stories260K-child';

/** A child process running one implementation's stories260K generations on request (storiesChild). */
class StoriesChild {
  static async start(impl) {
    const child = fork(fileURLToPath(import.meta.url), [CHILD_FLAG, impl], { execArgv: process.execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const handle = new StoriesChild(child);
    await handle.next();
    return handle;
  }

  constructor(child) {
    this.child = child;
    this.waiting = [];
    child.on('message', (message) => this.waiting.shift()?.resolve(message));
    child.on('exit', (code) => {
      for (const w of this.waiting.splice(0)) w.reject(new Error(`stories260K child exited with code ${code}`));
    });
  }

  next() {
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject })).then((m) => {
      if (m.error) throw new Error(m.error);
      return m;
    });
  }

  ask(message) {
    const reply = this.next();
    this.child.send(message);
    return reply;
  }

  stop() {
    return new Promise((resolve) => {
      if (this.child.exitCode !== null) return resolve();
      this.child.once('exit', () => resolve());
      this.child.send({ type: 'stop' });
    });
  }
}

/**
 * The child's side: loads its build (or onnxruntime-web, on the plain build's model) and stories260K
 * once, then answers 'ids' (one generation's ids) and 'sample' (`runs` generations after a 50 ms
 * pause: { wall, cpu, otherThreads } seconds of this process) until 'stop'.
 */
async function storiesChild(impl) {
  try {
    const { storiesBytes, prompt, options } = storiesInputs();
    await init({ variant: impl === 'neurite-relaxed' ? 'relaxed' : 'simd' });
    const llama = LlamaForCausalLM.fromLlama2c(storiesBytes);
    const ortRun = impl === 'onnxruntime-web' ? await ortGreedy(llama, prompt, options.maxNewTokens) : undefined;
    const once = ortRun ? ortRun.once : async () => generate(llama, prompt, options);
    await once();
    process.on('message', async (message) => {
      try {
        if (message.type === 'stop') {
          await ortRun?.release();
          llama.dispose();
          process.disconnect();
          return;
        }
        if (message.type === 'ids') return process.send({ ids: await once() });
        await new Promise((resolve) => setTimeout(resolve, 50));
        const other0 = otherThreadsSeconds(), c0 = process.cpuUsage(), t0 = performance.now();
        for (let i = 0; i < message.runs; i++) await once();
        const c = process.cpuUsage(c0), wall = (performance.now() - t0) / 1000, other1 = otherThreadsSeconds();
        process.send({ wall, cpu: (c.user + c.system) / 1e6, otherThreads: other0 === undefined ? undefined : other1 - other0 });
      } catch (error) {
        process.send({ error: String(error?.stack ?? error) });
      }
    });
    process.send({ ready: true });
  } catch (error) {
    process.send({ error: String(error?.stack ?? error) });
    process.disconnect();
  }
}

if (process.argv[2] === CHILD_FLAG && process.argv[1] === fileURLToPath(import.meta.url)) await storiesChild(process.argv[3]);
