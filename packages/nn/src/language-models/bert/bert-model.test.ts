import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { init, noGrad, reshape, scope, tensor } from '@neurite/tensor';
import { expectClose } from '@neurite/tensor/testing';
import { crossEntropyLoss } from '../../losses/classification.ts';
import { Adam } from '../../optim/optimizers.ts';
import { BertForMaskedLM, BertForSequenceClassification } from './bert-model.ts';
import { maskForLanguageModeling } from './mlm-collator.ts';

const fixture = (name: string): Buffer => readFileSync(new URL(`../fixtures/${name}`, import.meta.url));
const expected = JSON.parse(fixture('bert-tiny.json').toString('utf8')) as {
  config: Record<string, unknown>; ids: number[][]; attention_mask: number[][]; token_type_ids: number[][]; logits: number[];
};

beforeAll(async () => {
  await init();
});

describe('BertForMaskedLM from a Hugging Face checkpoint (transformers 5.18, tiny random config)', () => {
  it('gives transformers\' logits with padding and token types', () => {
    const model = BertForMaskedLM.fromHuggingFace(expected.config, new Uint8Array(fixture('bert-tiny.safetensors')));
    model.eval();
    scope(() => noGrad(() => {
      const logits = model.forward(tensor(Int32Array.from(expected.ids.flat()), [2, 10], { dtype: 'int32' }), {
        attentionMask: tensor(Int32Array.from(expected.attention_mask.flat()), [2, 10], { dtype: 'int32' }),
        tokenTypeIds: tensor(Int32Array.from(expected.token_type_ids.flat()), [2, 10], { dtype: 'int32' }),
      });
      expectClose(logits, tensor(Float32Array.from(expected.logits), [2, 10, 99]), { atol: 5e-5, rtol: 1e-4 });
    }));
    model.dispose();
  });
});

describe('masked language modelling', () => {
  it('masks about 15% of the non-special tokens, 80/10/10, and labels only those', () => {
    const ids = Int32Array.from({ length: 5000 }, (_, i) => (i % 50 === 0 ? 1 : 5 + (i % 90)));
    const { inputIds, labels } = maskForLanguageModeling(ids, { vocabSize: 100, maskTokenId: 4, specialTokenIds: [1], seed: 3 });
    let selected = 0, masked = 0, kept = 0;
    for (let i = 0; i < ids.length; i++) {
      if (labels[i] === -100) {
        expect(inputIds[i]).toBe(ids[i]);
        continue;
      }
      expect(ids[i]).not.toBe(1);
      expect(labels[i]).toBe(ids[i]);
      selected++;
      if (inputIds[i] === 4) masked++;
      else if (inputIds[i] === ids[i]) kept++;
    }
    expect(selected / ids.length).toBeGreaterThan(0.13);
    expect(selected / ids.length).toBeLessThan(0.17);
    expect(masked / selected).toBeGreaterThan(0.76);
    expect(kept / selected).toBeGreaterThan(0.08);
    expect(maskForLanguageModeling(ids, { vocabSize: 100, maskTokenId: 4, seed: 3 }).inputIds).toEqual(maskForLanguageModeling(ids, { vocabSize: 100, maskTokenId: 4, seed: 3 }).inputIds);
    expect(() => maskForLanguageModeling([200], { vocabSize: 100, maskTokenId: 4 })).toThrow(/ids\[0\] = 200/);
  });

  it('a small BERT learns to fill masked tokens (loss on masked positions only falls)', () => {
    const model = new BertForMaskedLM({ vocabSize: 12, dim: 16, nLayers: 1, nHeads: 2, intermediateSize: 32, maxPositions: 16, dropout: 0, seed: 2 });
    const optimizer = new Adam(model.parameters(), { lr: 1e-2 });
    const sentence = Int32Array.from([1, 5, 6, 7, 8, 9, 10, 11, 5, 6, 7, 2]);
    const losses: number[] = [];
    for (let step = 0; step < 60; step++) {
      const { inputIds, labels } = maskForLanguageModeling(sentence, { vocabSize: 12, maskTokenId: 3, specialTokenIds: [1, 2], probability: 0.3, seed: step });
      if (labels.every((l) => l === -100)) continue;
      losses.push(scope(() => {
        const logits = model.forward(tensor(inputIds, [1, 12], { dtype: 'int32' }));
        const loss = crossEntropyLoss(reshape(logits, [12, 12]), tensor(labels, [12], { dtype: 'int32' }), { ignoreIndex: -100 });
        loss.backward();
        return loss.item();
      }));
      optimizer.step();
      optimizer.zeroGrad();
    }
    const head = losses.slice(0, 5).reduce((a, b) => a + b) / 5, tail = losses.slice(-5).reduce((a, b) => a + b) / 5;
    expect(tail).toBeLessThan(head * 0.5);
    model.dispose();
  });

  it('sequence classification: pooled [CLS] logits [B, numLabels], loadable by name from a masked-LM checkpoint', () => {
    const classifier = new BertForSequenceClassification({ vocabSize: 99, dim: 32, nLayers: 2, nHeads: 4, intermediateSize: 37, maxPositions: 24, dropout: 0 }, 3);
    const mlm = BertForMaskedLM.fromHuggingFace(expected.config, new Uint8Array(fixture('bert-tiny.safetensors')));
    const encoder = new Map([...mlm.stateDict()].filter(([k]) => k.startsWith('bert.')));
    classifier.loadStateDict(encoder, { strict: false });
    scope(() => noGrad(() => {
      const logits = classifier.forward(tensor(Int32Array.from(expected.ids.flat()), [2, 10], { dtype: 'int32' }));
      expect(logits.shape).toEqual([2, 3]);
    }));
    classifier.dispose();
    mlm.dispose();
  });
});
