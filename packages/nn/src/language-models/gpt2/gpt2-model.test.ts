import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { add, indexSelect, init, linear, memory, noGrad, reshape, scope, slice, split, tensor, type Tensor } from '@neurite/tensor';
import { expectClose } from '@neurite/tensor/testing';
import { crossEntropyLoss } from '../../losses/classification.ts';
import { generate } from '../generation.ts';
import { Gpt2LMHeadModel } from './gpt2-model.ts';

const fixture = (name: string): Buffer => readFileSync(new URL(`../fixtures/${name}`, import.meta.url));
const expected = JSON.parse(fixture('gpt2-tiny.json').toString('utf8')) as { config: Record<string, unknown>; ids: number[][]; logits: number[]; prompt: number[]; greedy: number[] };

beforeAll(async () => {
  await init();
});

describe('Gpt2LMHeadModel from a Hugging Face checkpoint (transformers 5.18, tiny random config)', () => {
  it('gives transformers\' logits and greedy ids', () => {
    const model = Gpt2LMHeadModel.fromHuggingFace(expected.config, new Uint8Array(fixture('gpt2-tiny.safetensors')));
    model.eval();
    scope(() => noGrad(() => {
      const logits = model.forward(tensor(Int32Array.from(expected.ids.flat()), [2, 10], { dtype: 'int32' }));
      expectClose(logits, tensor(Float32Array.from(expected.logits), [2, 10, 101]), { atol: 2e-5, rtol: 1e-4 });
    }));
    expect(generate(model, expected.prompt, { maxNewTokens: expected.greedy.length })).toEqual(expected.greedy);
    model.dispose();
  });

  it('prefills a cache with the keys and values of the projection (attention read in place), then continues from it', () => {
    const model = new Gpt2LMHeadModel({ vocabSize: 37, maxSeqLen: 16, dim: 18, nLayers: 2, nHeads: 3, innerDim: 10, dropout: 0, seed: 3 });
    model.eval();
    const ids = [5, 1, 30, 7, 7, 22, 0];
    const live = memory().tensors;
    scope(() => noGrad(() => {
      const input = (from: number, to: number): Tensor => tensor(Int32Array.from(ids.slice(from, to)), [1, to - from], { dtype: 'int32' });
      const full = model.forward(input(0, 7));
      const cache = model.createCache();
      const prefill = model.forward(input(0, 5), { cache });
      // Layer 0's keys and values are those of c_attn over ln_1 of the embeddings, split in three.
      const embedded = add(indexSelect(model.getSubmodule('transformer.wte').param('weight'), 0, tensor(Int32Array.from(ids.slice(0, 5)), [5], { dtype: 'int32' })),
        slice(model.getSubmodule('transformer.wpe').param('weight'), [{ start: 0, stop: 5 }]));
      const normed = model.getSubmodule('transformer.h.0.ln_1').call(reshape(embedded, [1, 5, 18]));
      const attn = model.getSubmodule('transformer.h.0.attn.c_attn');
      const [, k, v] = split(linear(normed, attn.param('weight'), attn.param('bias')), 3, 2);
      expect(Array.from(cache.keys[0]!.toArray() as Float32Array)).toEqual(Array.from(k!.toArray() as Float32Array));
      expect(Array.from(cache.values[0]!.toArray() as Float32Array)).toEqual(Array.from(v!.toArray() as Float32Array));
      expect(cache.keys[1]!.shape).toEqual([1, 5, 3, 6]);
      const rest = model.forward(input(5, 7), { cache });
      expectClose(prefill, slice(full, [null, { start: 0, stop: 5 }]), { atol: 1e-6, rtol: 1e-5 });
      expectClose(rest, slice(full, [null, { start: 5, stop: 7 }]), { atol: 1e-6, rtol: 1e-5 });
      cache.dispose();
    }));
    expect(memory().tensors).toBe(live);
    model.dispose();
  });

  it('starts from GPT-2\'s N(0, 0.02) initialisation: the first loss is about log(vocabulary size)', () => {
    const model = new Gpt2LMHeadModel({ vocabSize: 84, maxSeqLen: 32, dim: 128, nLayers: 4, nHeads: 4, dropout: 0, seed: 4 });
    const ids = Int32Array.from({ length: 64 }, (_, i) => (i * 31) % 84);
    const targets = Int32Array.from({ length: 64 }, (_, i) => (i * 17 + 5) % 84);
    const loss = scope(() => crossEntropyLoss(reshape(model.forward(tensor(ids, [2, 32], { dtype: 'int32' })), [64, 84]), tensor(targets, [64], { dtype: 'int32' })).item());
    expect(Math.abs(loss - Math.log(84))).toBeLessThan(0.3);
    model.dispose();
  });

  it('trains: next-token cross-entropy falls on a repeated sequence', async () => {
    const { Adam } = await import('../../optim/optimizers.ts');
    const model = new Gpt2LMHeadModel({ vocabSize: 20, maxSeqLen: 16, dim: 16, nLayers: 1, nHeads: 2, dropout: 0, seed: 1 });
    const optimizer = new Adam(model.parameters(), { lr: 1e-2 });
    const seq = Int32Array.from({ length: 13 }, (_, i) => (i * 7) % 20);
    const losses: number[] = [];
    for (let step = 0; step < 40; step++) {
      const loss = scope(() => {
        const logits = model.forward(tensor(seq.subarray(0, 12), [1, 12], { dtype: 'int32' }));
        const l = crossEntropyLoss(reshape(logits, [12, 20]), tensor(seq.subarray(1, 13), [12], { dtype: 'int32' }));
        l.backward();
        return l.item();
      });
      optimizer.step();
      optimizer.zeroGrad();
      losses.push(loss);
    }
    expect(losses.at(-1)!).toBeLessThan(losses[0]! * 0.3);
    model.dispose();
  });
});
