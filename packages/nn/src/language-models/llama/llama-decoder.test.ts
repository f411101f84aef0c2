// The fused decode step (LlamaForCausalLM.createDecoder, what generate() runs) against the per-op
// forward pass with a KeyValueCache: the same logits at every position and the same tokens.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { init, memory, noGrad, scope, tensor } from '@neurite/tensor';
import { expectClose } from '@neurite/tensor/testing';
import { Linear } from '../../layers/linear.ts';
import { type CausalLanguageModel, generate, generateTokens } from '../generation.ts';
import type { KeyValueCache } from '../kv-cache.ts';
import { LlamaForCausalLM } from './llama-model.ts';

const data = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(`../../../test-data/stories260K/${name}`, import.meta.url)));
const fixture = (name: string): Buffer => readFileSync(new URL(`../fixtures/${name}`, import.meta.url));

/** The same model seen without createDecoder: generate() takes the per-op path. */
function perOp(model: LlamaForCausalLM): CausalLanguageModel<KeyValueCache> {
  return { forward: (ids, o) => model.forward(ids, o), createCache: () => model.createCache(), config: model.config };
}

/** Logits of `ids` fed one at a time through the per-op forward with a cache. */
function perOpLogits(model: LlamaForCausalLM, ids: number[]): Float32Array[] {
  return noGrad(() => scope(() => {
    const cache = model.createCache();
    const rows = ids.map((id) => model.forward(tensor(Int32Array.of(id), [1, 1], { dtype: 'int32' }), { cache }).toArray() as Float32Array);
    cache.dispose();
    return rows;
  }));
}

let stories: LlamaForCausalLM;
beforeAll(async () => {
  await init();
  stories = LlamaForCausalLM.fromLlama2c(data('stories260K.bin'));
});

describe('fused Llama decoding', () => {
  it('gives the per-op logits at every position of stories260K (interleaved RoPE, tied head)', () => {
    const ids = [1, 403, 407, 261, 378, 29, 414, 148, 300, 9, 82, 2, 1, 460, 33, 17, 250];
    const want = perOpLogits(stories, ids);
    const before = memory().liveTensors;
    const decoder = stories.createDecoder(ids.length)!;
    ids.forEach((id, i) => {
      const got = decoder.step(id);
      scope(() => expectClose(tensor(got, [512]), tensor(want[i]!, [512]), { atol: 5e-5, rtol: 1e-4 }));
    });
    decoder.dispose();
    expect(memory().liveTensors).toBe(before);
  });

  it('gives the per-op logits of a Hugging Face checkpoint (rotate-half RoPE, untied head, grouped-query attention)', () => {
    const expected = JSON.parse(fixture('llama-tiny.json').toString('utf8')) as { config: Record<string, unknown>; prompt: number[]; greedy: number[] };
    const model = LlamaForCausalLM.fromHuggingFace(expected.config, new Uint8Array(fixture('llama-tiny.safetensors')));
    const ids = [...expected.prompt, ...expected.greedy];
    const want = perOpLogits(model, ids);
    const decoder = model.createDecoder(ids.length)!;
    ids.forEach((id, i) => scope(() => expectClose(tensor(decoder.step(id), [101]), tensor(want[i]!, [101]), { atol: 5e-5, rtol: 1e-4 })));
    decoder.dispose();
    expect(generate(model, expected.prompt, { maxNewTokens: expected.greedy.length })).toEqual(expected.greedy);
    model.dispose();
  });

  it('generates the per-op path\'s tokens, greedy and sampled, up to maxSeqLen', () => {
    const prompt = [1, 291, 280, 294];
    for (const options of [{ maxNewTokens: 40, temperature: 0 }, { maxNewTokens: 30, temperature: 0.9, topP: 0.9, topK: 50, repetitionPenalty: 1.2, seed: 5 }]) {
      expect(generate(stories, prompt, options)).toEqual(generate(perOp(stories), prompt, options));
    }
    const short = new LlamaForCausalLM({ ...stories.config, maxSeqLen: 9 });
    short.loadStateDict(stories.stateDict());
    expect(generate(short, prompt, { maxNewTokens: 20 })).toEqual(generate(perOp(short), prompt, { maxNewTokens: 20 }));
    expect(generate(short, prompt, { maxNewTokens: 20 })).toHaveLength(6);
    short.dispose();
  });

  it('decodes greedily in chunks with the per-token semantics: stop tokens, onToken, abort, an early break', () => {
    const prompt = [1, 403, 407, 261, 378];
    const want = generate(perOp(stories), prompt, { maxNewTokens: 150 });
    expect(generate(stories, prompt, { maxNewTokens: 150 })).toEqual(want);
    // a stop token inside a chunk (the 11th token): it is the last one yielded, as on the per-op path
    const stop = want[10]!;
    const stopped = want.slice(0, want.indexOf(stop) + 1);
    const seen: [number, number][] = [];
    expect(generate(stories, prompt, { maxNewTokens: 150, stopTokens: [stop], onToken: (id, i) => seen.push([id, i]) })).toEqual(stopped);
    expect(seen).toEqual(stopped.map((id, i) => [id, i]));
    // aborted while the 7th token is handled: nothing after it
    const controller = new AbortController();
    expect(generate(stories, prompt, { maxNewTokens: 150, signal: controller.signal, onToken: (_, i) => i === 6 && controller.abort() })).toEqual(want.slice(0, 7));
    // a consumer that stops early disposes the decoder (no leak), however many tokens its chunk computed
    const before = memory().liveTensors;
    const taken: number[] = [];
    for (const id of generateTokens(stories, prompt, { maxNewTokens: 150 })) if (taken.push(id) === 5) break;
    expect(taken).toEqual(want.slice(0, 5));
    expect(memory().liveTensors).toBe(before);
  });

  it('takes over the cache of a batched prefill (a model with heavy weights) and generates the per-op path\'s tokens', () => {
    let loads = 0;
    const heavy: CausalLanguageModel<KeyValueCache> = {
      ...perOp(stories),
      // 2^28 parameters (1 GB) make any prompt of 2 or more tokens run in one forward pass
      parameterCount: () => 2 ** 28,
      createDecoder: (capacity) => {
        const decoder = stories.createDecoder(capacity)!;
        return { step: (t) => decoder.step(t), loadCache: (k, v) => (loads++, decoder.loadCache(k, v)), dispose: () => decoder.dispose() };
      },
    };
    const prompt = [1, 403, 407, 261, 378, 29, 414];
    const before = memory().liveTensors;
    for (const options of [{ maxNewTokens: 12, temperature: 0 }, { maxNewTokens: 12, temperature: 0.9, topP: 0.9, seed: 3 }]) {
      expect(generate(heavy, prompt, options)).toEqual(generate(perOp(stories), prompt, options));
    }
    expect(loads).toBe(2);
    expect(generate(heavy, [prompt[0]!], { maxNewTokens: 3 })).toEqual(generate(perOp(stories), [prompt[0]!], { maxNewTokens: 3 }));
    expect(loads).toBe(2);
    expect(memory().liveTensors).toBe(before);
  });

  it('keeps one decoder between generate() calls: the same ids, one sequence at a time, a fresh one for new weights, freed by dispose()', () => {
    const base = memory().heapLiveBlocks;
    const model = LlamaForCausalLM.fromLlama2c(data('stories260K.bin'));
    const prompt = [1, 403, 407, 261, 378];
    const want = generate(perOp(model), prompt, { maxNewTokens: 40 });
    expect(generate(model, prompt, { maxNewTokens: 40 })).toEqual(want);
    const kept = memory().heapLiveBlocks;
    expect(generate(model, prompt, { maxNewTokens: 40 })).toEqual(want);
    expect(generate(model, prompt.slice(0, 3), { maxNewTokens: 40 })).toEqual(generate(perOp(model), prompt.slice(0, 3), { maxNewTokens: 40 }));
    expect(memory().heapLiveBlocks).toBe(kept);
    // two sequences at once: the second gets its own decoder, freed when it ends
    const first = generateTokens(model, prompt, { maxNewTokens: 40 }), second = generateTokens(model, prompt, { maxNewTokens: 40 });
    const a: number[] = [], b: number[] = [];
    for (let i = 0; i < 40; i++) {
      a.push(first.next().value as number);
      b.push(second.next().value as number);
    }
    expect(first.next().done && second.next().done).toBe(true);
    expect([a, b]).toEqual([want, want]);
    expect(memory().heapLiveBlocks).toBe(kept);
    // another capacity, then a replaced projection: a new decoder over the current weights
    expect(generate(model, prompt, { maxNewTokens: 9 })).toEqual(want.slice(0, 9));
    const q = new Linear(64, 64, { bias: false });
    model.setSubmodule('model.layers.2.self_attn.q_proj', q, { dispose: true });
    expect(generate(model, prompt, { maxNewTokens: 40 })).toEqual(generate(perOp(model), prompt, { maxNewTokens: 40 }));
    model.dispose();
    q.dispose();
    expect(memory().heapLiveBlocks).toBe(base);
  });

  it('does not keep a decoder whose key/value cache is large (over 16 MB)', () => {
    const model = new LlamaForCausalLM({ vocabSize: 11, dim: 8, hiddenDim: 6, nLayers: 1, nHeads: 2, maxSeqLen: 8, seed: 3 });
    const before = memory().heapLiveBlocks;
    model.borrowDecoder(300_000)!.dispose(); // 2 x 300000 positions x 8 floats
    expect(memory().heapLiveBlocks).toBe(before);
    model.borrowDecoder(8)!.dispose();
    expect(memory().heapLiveBlocks).toBeGreaterThan(before);
    model.dispose();
  });

  it('falls back to the per-op path when a projection is not a plain Linear (e.g. an adapter)', () => {
    const model = new LlamaForCausalLM({ vocabSize: 11, dim: 8, hiddenDim: 6, nLayers: 1, nHeads: 2, maxSeqLen: 8, seed: 3 });
    expect(model.createDecoder(4)).toBeDefined();
    model.createDecoder(4)?.dispose();
    class Wrapped extends Linear {}
    model.setSubmodule('model.layers.0.mlp.up_proj', new Wrapped(8, 6, { bias: false }));
    expect(model.createDecoder(4)).toBeUndefined();
    expect(generate(model, [1, 2], { maxNewTokens: 3 })).toHaveLength(3);
    model.dispose();
  });
});
