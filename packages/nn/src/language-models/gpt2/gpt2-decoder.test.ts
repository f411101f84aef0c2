// The fused GPT-2 decode step (Gpt2LMHeadModel.createDecoder, what generate() runs) against the
// per-op forward pass with a KeyValueCache: the same logits at every position and the same tokens,
// on Hugging Face's tiny random GPT-2 (fixture) and a seeded model of odd sizes.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { init, memory, noGrad, scope, tensor } from '@neurite/tensor';
import { expectClose } from '@neurite/tensor/testing';
import { Linear } from '../../layers/linear.ts';
import { type CausalLanguageModel, generate } from '../generation.ts';
import type { KeyValueCache } from '../kv-cache.ts';
import { Gpt2LMHeadModel } from './gpt2-model.ts';

const fixture = (name: string): Buffer => readFileSync(new URL(`../fixtures/${name}`, import.meta.url));
const expected = JSON.parse(fixture('gpt2-tiny.json').toString('utf8')) as { config: Record<string, unknown>; prompt: number[]; greedy: number[] };

/** The same model seen without createDecoder: generate() takes the per-op path. */
function perOp(model: Gpt2LMHeadModel): CausalLanguageModel<KeyValueCache> {
  return { forward: (ids, o) => model.forward(ids, o), createCache: () => model.createCache(), config: model.config };
}

/** Logits of `ids` fed one at a time through the per-op forward with a cache. */
function perOpLogits(model: Gpt2LMHeadModel, ids: number[]): Float32Array[] {
  return noGrad(() => scope(() => {
    const cache = model.createCache();
    const rows = ids.map((id) => model.forward(tensor(Int32Array.of(id), [1, 1], { dtype: 'int32' }), { cache }).toArray() as Float32Array);
    cache.dispose();
    return rows;
  }));
}

let tiny: Gpt2LMHeadModel;
beforeAll(async () => {
  await init();
  tiny = Gpt2LMHeadModel.fromHuggingFace(expected.config, new Uint8Array(fixture('gpt2-tiny.safetensors')));
  tiny.eval();
});

describe('fused GPT-2 decoding', () => {
  it('gives the per-op logits at every position of the Hugging Face checkpoint, and its greedy tokens', () => {
    const ids = [...expected.prompt, ...expected.greedy];
    const want = perOpLogits(tiny, ids);
    const vocab = tiny.config.vocabSize;
    const before = memory().liveTensors;
    const decoder = tiny.createDecoder(ids.length)!;
    ids.forEach((id, i) => scope(() => expectClose(tensor(decoder.step(id), [vocab]), tensor(want[i]!, [vocab]), { atol: 5e-5, rtol: 1e-4 })));
    decoder.dispose();
    expect(memory().liveTensors).toBe(before);
    expect(generate(tiny, expected.prompt, { maxNewTokens: expected.greedy.length })).toEqual(expected.greedy);
  });

  it('matches the per-op path on a seeded model of odd sizes (dim 18, 3 heads, inner 10), greedy and sampled, up to maxSeqLen', () => {
    const model = new Gpt2LMHeadModel({ vocabSize: 37, maxSeqLen: 11, dim: 18, nLayers: 2, nHeads: 3, innerDim: 10, dropout: 0, seed: 4 });
    const ids = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5];
    const want = perOpLogits(model, ids);
    const decoder = model.createDecoder(ids.length)!;
    ids.forEach((id, i) => scope(() => expectClose(tensor(decoder.step(id), [37]), tensor(want[i]!, [37]), { atol: 5e-5, rtol: 1e-4 })));
    decoder.dispose();
    for (const options of [{ maxNewTokens: 20, temperature: 0 }, { maxNewTokens: 20, temperature: 0.9, topP: 0.9, topK: 20, repetitionPenalty: 1.2, seed: 5 }]) {
      const tokens = generate(model, [2, 7], options);
      expect(tokens).toEqual(generate(perOp(model), [2, 7], options));
      expect(tokens).toHaveLength(10);
    }
    model.dispose();
  });

  it('takes over the cache of a batched prefill (a model with heavy weights) and generates the per-op path\'s tokens', () => {
    let loads = 0;
    const heavy: CausalLanguageModel<KeyValueCache> = {
      ...perOp(tiny),
      // 2^28 parameters (1 GB) make any prompt of 2 or more tokens run in one forward pass
      parameterCount: () => 2 ** 28,
      createDecoder: (capacity) => {
        const decoder = tiny.createDecoder(capacity)!;
        return { step: (t) => decoder.step(t), loadCache: (k, v) => (loads++, decoder.loadCache(k, v)), dispose: () => decoder.dispose() };
      },
    };
    const prompt = expected.prompt;
    const before = memory().liveTensors;
    for (const options of [{ maxNewTokens: 12, temperature: 0 }, { maxNewTokens: 12, temperature: 0.9, topP: 0.9, seed: 3 }]) {
      expect(generate(heavy, prompt, options)).toEqual(generate(perOp(tiny), prompt, options));
    }
    expect(loads).toBe(2);
    expect(generate(heavy, [prompt[0]!], { maxNewTokens: 3 })).toEqual(generate(perOp(tiny), [prompt[0]!], { maxNewTokens: 3 }));
    expect(loads).toBe(2);
    expect(memory().liveTensors).toBe(before);
  });

  it('falls back to the per-op path for a replaced projection or dropout in training mode', () => {
    const make = () => new Gpt2LMHeadModel({ vocabSize: 11, maxSeqLen: 8, dim: 8, nLayers: 1, nHeads: 2, dropout: 0.1, seed: 3 });
    const model = make();
    expect(model.createDecoder(4)).toBeUndefined();
    model.eval();
    const decoder = model.createDecoder(4);
    expect(decoder).toBeDefined();
    decoder?.dispose();
    model.setSubmodule('transformer.h.0.mlp.c_fc', new Linear(8, 32));
    expect(model.createDecoder(4)).toBeUndefined();
    expect(generate(model, [1, 2], { maxNewTokens: 3 })).toHaveLength(3);
    model.dispose();
  });
});
