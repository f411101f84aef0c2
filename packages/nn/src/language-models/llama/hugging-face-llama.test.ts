import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { init, noGrad, scope, tensor } from '@neurite/tensor';
import { expectClose } from '@neurite/tensor/testing';
import { generate } from '../generation.ts';
import { LlamaForCausalLM } from './llama-model.ts';

const fixture = (name: string): Buffer => readFileSync(new URL(`../fixtures/${name}`, import.meta.url));
const expected = JSON.parse(fixture('llama-tiny.json').toString('utf8')) as { config: Record<string, unknown>; ids: number[][]; logits: number[]; prompt: number[]; greedy: number[] };

beforeAll(async () => {
  await init();
});

describe('LlamaForCausalLM from a Hugging Face checkpoint (transformers 5.18, tiny random config)', () => {
  it('gives transformers\' logits and greedy ids (rotate-half RoPE, grouped-query attention, untied head)', () => {
    const model = LlamaForCausalLM.fromHuggingFace(expected.config, new Uint8Array(fixture('llama-tiny.safetensors')));
    expect(model.config).toMatchObject({ nKvHeads: 2, ropeLayout: 'rotate-half', tieWordEmbeddings: false });
    scope(() => noGrad(() => {
      const logits = model.forward(tensor(Int32Array.from(expected.ids.flat()), [2, 10], { dtype: 'int32' }));
      expectClose(logits, tensor(Float32Array.from(expected.logits), [2, 10, 101]), { atol: 2e-5, rtol: 1e-4 });
    }));
    expect(generate(model, expected.prompt, { maxNewTokens: expected.greedy.length })).toEqual(expected.greedy);
  });

  it('loading the same weights with interleaved RoPE diverges (the two layouts are not interchangeable)', () => {
    const model = LlamaForCausalLM.fromHuggingFace(expected.config, new Uint8Array(fixture('llama-tiny.safetensors')));
    const wrong = new LlamaForCausalLM({ ...model.config, ropeLayout: 'interleaved' });
    wrong.loadStateDict(model.stateDict());
    const ids = Int32Array.from(expected.ids[0]!);
    scope(() => noGrad(() => {
      const a = model.forward(tensor(ids, [1, 10], { dtype: 'int32' })).toArray();
      const b = wrong.forward(tensor(ids, [1, 10], { dtype: 'int32' })).toArray();
      const v = 101;
      expect(Math.max(...a.subarray(0, v).map((x, i) => Math.abs(x - b[i]!)))).toBeLessThan(1e-5); // position 0: no rotation
      expect(Math.max(...a.subarray(v, 2 * v).map((x, i) => Math.abs(x - b[v + i]!)))).toBeGreaterThan(1e-4);
    }));
    model.dispose();
    wrong.dispose();
  });
});
