import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ArgumentError, init, memory, noGrad, scope, slice, tensor } from '@neurite/tensor';
import { expectClose } from '@neurite/tensor/testing';
import { Gpt2LMHeadModel } from './gpt2/gpt2-model.ts';
import { LlamaForCausalLM } from './llama/llama-model.ts';

const fixture = (name: string): Buffer => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
const config = (name: string): Record<string, unknown> => (JSON.parse(fixture(name).toString('utf8')) as { config: Record<string, unknown> }).config;

beforeAll(async () => {
  await init();
});

describe('logitsToKeep (Hugging Face logits_to_keep)', () => {
  const models = () => [
    Gpt2LMHeadModel.fromHuggingFace(config('gpt2-tiny.json'), new Uint8Array(fixture('gpt2-tiny.safetensors'))).eval(),
    LlamaForCausalLM.fromHuggingFace(config('llama-tiny.json'), new Uint8Array(fixture('llama-tiny.safetensors'))),
  ];

  it('gives the last positions of the full logits, and rejects a negative or fractional count', () => {
    for (const model of models()) {
      const before = memory().liveTensors;
      scope(() => noGrad(() => {
        const ids = tensor(Int32Array.from({ length: 14 }, (_, i) => (i * 13) % 101), [2, 7], { dtype: 'int32' });
        const full = model.forward(ids);
        for (const keep of [1, 3, 7, 9]) {
          const part = model.forward(ids, { logitsToKeep: keep });
          expect(part.shape).toEqual([2, Math.min(keep, 7), 101]);
          expectClose(part, slice(full, [null, { start: 7 - Math.min(keep, 7), stop: 7 }]), { atol: 1e-6, rtol: 1e-6 });
        }
        expectClose(model.forward(ids, { logitsToKeep: 0 }), full, { atol: 0, rtol: 0 });
        for (const bad of [-1, 1.5, NaN, '1']) expect(() => model.forward(ids, { logitsToKeep: bad as number })).toThrow(ArgumentError);
      }));
      expect(memory().liveTensors).toBe(before);
      model.dispose();
    }
  });
});
