// Language-model inference on one thread: stories260K (llama2.c's checkpoint) greedy decoding, and a
// GPT-2-small-shaped model (12 layers, d 768, 12 heads, vocab 50257, seeded random weights): prefill
// of 128 tokens and cached decoding. Tokens per second, measured whole (prompt to last token) over
// a few runs. stories260K and the GPT-2 decode run on generate's fused decoders, and also on the
// per-op path; stories260K also in onnxruntime-web (the file exportOnnx writes with pastKeyValues,
// one thread) in the same run.
// onnxruntime-web 1.31 (one thread) runs the GPT-2 prefill from the file exportOnnx writes for the
// same model, in the same run, and decodes with the key/value cache from the file exportOnnx
// writes with pastKeyValues. llama2.c's run.c is not built here (no C toolchain step): its
// figure on this machine is quoted from the issue in the closing note, not as a row.
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-web';
import { exportOnnx, generate, Gpt2LMHeadModel, LlamaForCausalLM } from '@neurite/nn';
import { init, noGrad, scope, tensor } from '@neurite/tensor';
import { Llama2cTokenizer } from '@neurite/tokenizers';
import { createSuite } from '../lib/harness.mjs';

const DATA = new URL('../../packages/nn/test-data/stories260K/', import.meta.url);

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Median seconds of `runs` calls of fn. */
function timeRuns(fn, runs) {
  const seconds = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    seconds.push((performance.now() - t0) / 1000);
  }
  return median(seconds);
}

export async function run() {
  await init();
  const suite = createSuite('generate');

  const llama = LlamaForCausalLM.fromLlama2c(new Uint8Array(readFileSync(new URL('stories260K.bin', DATA))));
  const tokenizer = Llama2cTokenizer.fromBytes(new Uint8Array(readFileSync(new URL('tok512.bin', DATA))), 512);
  const prompt = [...tokenizer.encode('Once upon a time')];
  const steps = 256;
  let produced = 0;
  const seconds = timeRuns(() => {
    produced = generate(llama, prompt, { maxNewTokens: steps - prompt.length + 1, temperature: 0 }).length;
  }, 5);
  suite.record({ case: 'stories260K greedy, 256 steps, 1 thread', impl: 'neurite', unit: 'tokens/s', value: produced / seconds, median_ms: seconds * 1000 });
  // The same model without its fused decoder (generate's per-op path: one op per layer part per token).
  const perOp = { forward: (ids, o) => llama.forward(ids, o), createCache: () => llama.createCache(), config: llama.config };
  const greedy = generate(llama, prompt, { maxNewTokens: steps - prompt.length + 1, temperature: 0 });
  if (generate(perOp, prompt, { maxNewTokens: 16, temperature: 0 }).join() !== greedy.slice(0, 16).join()) throw new Error('stories260K: the per-op path and the fused decoder disagree');
  const perOpSeconds = timeRuns(() => generate(perOp, prompt, { maxNewTokens: steps - prompt.length + 1, temperature: 0 }), 2);
  suite.record({ case: 'stories260K greedy, 256 steps, 1 thread', impl: 'neurite-per-op', unit: 'tokens/s', value: produced / perOpSeconds, median_ms: perOpSeconds * 1000 });
  const ortStories = await ortGreedy(llama, prompt, greedy);
  suite.record({ case: 'stories260K greedy, 256 steps, 1 thread', impl: 'onnxruntime-web', unit: 'tokens/s', value: greedy.length / ortStories, median_ms: ortStories * 1000 });
  llama.dispose();

  const gpt = new Gpt2LMHeadModel({ vocabSize: 50257, maxSeqLen: 1024, dim: 768, nLayers: 12, nHeads: 12, dropout: 0, seed: 7 });
  gpt.eval();
  const ids = Int32Array.from({ length: 128 }, (_, i) => (i * 7919) % 50257);
  const prefill = timeRuns(() => noGrad(() => scope(() => {
    const cache = gpt.createCache();
    gpt.forward(tensor(ids, [1, 128], { dtype: 'int32' }), { cache }).dispose();
    cache.dispose();
  })), 3);
  suite.record({ case: 'GPT-2-small shape, prefill 128 tokens, 1 thread', impl: 'neurite', unit: 'tokens/s', value: 128 / prefill, median_ms: prefill * 1000 });
  // generate's prefill: the same forward with logitsToKeep 1 (the next token's logits only).
  const prefillLast = timeRuns(() => noGrad(() => scope(() => {
    const cache = gpt.createCache();
    gpt.forward(tensor(ids, [1, 128], { dtype: 'int32' }), { cache, logitsToKeep: 1 }).dispose();
    cache.dispose();
  })), 3);
  suite.record({ case: 'GPT-2-small shape, prefill 128 tokens, last logits only, 1 thread', impl: 'neurite', unit: 'tokens/s', value: 128 / prefillLast, median_ms: prefillLast * 1000 });
  ort.env.wasm.numThreads = 1;
  const session = await ort.InferenceSession.create(exportOnnx(gpt));
  const feeds = { input_ids: new ort.Tensor('int32', ids, [1, 128]) };
  await session.run(feeds);
  const ortSeconds = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    await session.run(feeds);
    ortSeconds.push((performance.now() - t0) / 1000);
  }
  const ortPrefill = median(ortSeconds);
  suite.record({ case: 'GPT-2-small shape, prefill 128 tokens, 1 thread', impl: 'onnxruntime-web', unit: 'tokens/s', value: 128 / ortPrefill, median_ms: ortPrefill * 1000 });
  await session.release();
  const decodeTokens = 32;
  // Both paths run the 8-token prompt in one forward pass (generate's batched prefill: 8 x 0.5 GB of
  // weights), then decodeTokens - 1 steps: fused decoder steps, or per-op forwards on the KeyValueCache.
  const prompt8 = ids.subarray(0, 8);
  const fusedTokens = generate(gpt, prompt8, { maxNewTokens: decodeTokens, temperature: 0 });
  const gptPerOp = { forward: (x, o) => gpt.forward(x, o), createCache: () => gpt.createCache(), config: gpt.config };
  if (generate(gptPerOp, prompt8, { maxNewTokens: 4, temperature: 0 }).join() !== fusedTokens.slice(0, 4).join()) throw new Error('GPT-2: the per-op path and the fused decoder disagree');
  const prefill8 = timeRuns(() => noGrad(() => scope(() => {
    const cache = gpt.createCache();
    gpt.forward(tensor(prompt8, [1, 8], { dtype: 'int32' }), { cache, logitsToKeep: 1 }).dispose();
    cache.dispose();
  })), 3);
  const total = timeRuns(() => generate(gpt, prompt8, { maxNewTokens: decodeTokens, temperature: 0 }), 2);
  const decode = (total - prefill8) / (decodeTokens - 1);
  suite.record({ case: 'GPT-2-small shape, cached decode, 1 thread', impl: 'neurite', unit: 'tokens/s', value: 1 / decode, median_ms: decode * 1000 });
  const perOpTotal = timeRuns(() => generate(gptPerOp, prompt8, { maxNewTokens: decodeTokens, temperature: 0 }), 2);
  const perOpDecode = (perOpTotal - prefill8) / (decodeTokens - 1);
  suite.record({ case: 'GPT-2-small shape, cached decode, 1 thread', impl: 'neurite-per-op', unit: 'tokens/s', value: 1 / perOpDecode, median_ms: perOpDecode * 1000 });
  const ortDecode = await ortCachedDecode(gpt, ids.subarray(0, 8), decodeTokens);
  suite.record({ case: 'GPT-2-small shape, cached decode, 1 thread', impl: 'onnxruntime-web', unit: 'tokens/s', value: 1 / ortDecode, median_ms: ortDecode * 1000 });
  const weightBytes = gpt.parameterCount() * 4;
  suite.record({ case: 'GPT-2-small shape, weight bytes read per decoded token', impl: 'neurite', unit: 'GB/token', value: weightBytes / 1e9, median_ms: 0 });
  gpt.dispose();
  suite.finish();
}

/**
 * Seconds per decoded token in onnxruntime-web (one thread) on the file exportOnnx writes with
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
  const seconds = [];
  for (let run = 0; run < 2; run++) {
    let out = await session.run({ input_ids: new ort.Tensor('int32', Int32Array.from(prompt), [1, prompt.length]), ...pastOf() });
    const last = out.logits.data.subarray((prompt.length - 1) * vocabSize);
    last.forEach((v, i) => {
      if (!(Math.abs(v - expected[i]) <= 1e-3 * (1 + Math.abs(expected[i])))) throw new Error(`cached prefill: logit ${i} is ${v} in onnxruntime-web, ${expected[i]} in Neurite`);
    });
    let next = argmax(last);
    const t0 = performance.now();
    for (let step = 1; step < tokens; step++) {
      out = await session.run({ input_ids: new ort.Tensor('int32', Int32Array.of(next), [1, 1]), ...pastOf(out) });
      next = argmax(out.logits.data);
    }
    seconds.push((performance.now() - t0) / 1000 / (tokens - 1));
  }
  await session.release();
  return median(seconds);
}

/**
 * Seconds of a whole greedy generation in onnxruntime-web (one thread) on the Llama file exportOnnx
 * writes with pastKeyValues: the prompt in one call, then one call per token on the previous presents,
 * timed from the prompt to the last token (median of 3) as the Neurite row. The ids must equal `expected`.
 */
async function ortGreedy(model, prompt, expected) {
  const { nLayers, nKvHeads, headDim, vocabSize } = model.config;
  ort.env.wasm.numThreads = 1;
  const session = await ort.InferenceSession.create(exportOnnx(model, { pastKeyValues: true }));
  const argmax = (row) => row.reduce((best, v, i) => (v > row[best] ? i : best), 0);
  const once = async () => {
    const past = {};
    for (let l = 0; l < nLayers; l++) for (const kind of ['key', 'value']) past[`past_key_values.${l}.${kind}`] = new ort.Tensor('float32', new Float32Array(0), [1, nKvHeads, 0, headDim]);
    let input = new ort.Tensor('int32', Int32Array.from(prompt), [1, prompt.length]);
    const ids = [];
    while (ids.length < expected.length) {
      const out = await session.run({ input_ids: input, ...past });
      const data = out.logits.data;
      ids.push(argmax(data.subarray(data.length - vocabSize)));
      for (let l = 0; l < nLayers; l++) for (const kind of ['key', 'value']) past[`past_key_values.${l}.${kind}`] = out[`present.${l}.${kind}`];
      input = new ort.Tensor('int32', Int32Array.of(ids[ids.length - 1]), [1, 1]);
    }
    return ids;
  };
  const ids = await once();
  if (ids.join() !== expected.join()) throw new Error('stories260K: onnxruntime-web\'s greedy ids differ from Neurite\'s');
  const seconds = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    await once();
    seconds.push((performance.now() - t0) / 1000);
  }
  await session.release();
  return median(seconds);
}
