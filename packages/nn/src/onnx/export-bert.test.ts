// BERT encoders exported with exportOnnx (Hugging Face's input_ids / attention_mask / token_type_ids
// layout) run in onnxruntime-web and give Neurite's forward outputs on padded batches of two lengths.
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-web';
import { beforeAll, describe, expect, it } from 'vitest';
import { ArgumentError, init, memory, noGrad, scope, tensor } from '@neurite/tensor';
import { BertForMaskedLM, BertForSequenceClassification, BertModel } from '../language-models/bert/bert-model.ts';
import type { Module } from '../module/module.ts';
import { exportOnnx } from './export-onnx.ts';

beforeAll(async () => {
  await init();
  ort.env.wasm.numThreads = 1;
});

const config = { vocabSize: 60, dim: 16, nLayers: 2, nHeads: 4, intermediateSize: 24, maxPositions: 20, typeVocabSize: 2, dropout: 0.1, seed: 5 };

/** A batch of `lengths.length` rows padded on the right to the longest: ids, mask (1 token, 0 padding), segment ids. */
function batchOf(lengths: number[]): { ids: number[]; mask: number[]; types: number[]; shape: [number, number] } {
  const t = Math.max(...lengths), ids: number[] = [], mask: number[] = [], types: number[] = [];
  lengths.forEach((n, row) => {
    for (let i = 0; i < t; i++) {
      ids.push(i < n ? (row * 17 + i * 7 + 3) % config.vocabSize : 0);
      mask.push(i < n ? 1 : 0);
      types.push(i < n && i >= n / 2 ? 1 : 0);
    }
  });
  return { ids, mask, types, shape: [lengths.length, t] };
}

async function check(model: Module, outputs: string[], idsType: 'int32' | 'int64'): Promise<void> {
  const session = await ort.InferenceSession.create(exportOnnx(model, { inputType: idsType }));
  model.eval();
  const before = memory().liveTensors;
  for (const lengths of [[5], [7, 3, 6]]) {
    const { ids, mask, types, shape } = batchOf(lengths);
    const expected = noGrad(() => scope(() => {
      const x = tensor(ids, shape, { dtype: 'int32' });
      const options = { attentionMask: tensor(mask, shape, { dtype: 'int32' }), tokenTypeIds: tensor(types, shape, { dtype: 'int32' }) };
      if (model instanceof BertModel) {
        const hidden = model.forward(x, options);
        return [hidden.toArray(), model.pool(hidden).toArray()];
      }
      return [(model as BertForMaskedLM).forward(x, options).toArray()];
    }));
    const idTensor = (values: number[]) => idsType === 'int64' ? new ort.Tensor('int64', BigInt64Array.from(values.map(BigInt)), shape) : new ort.Tensor('int32', Int32Array.from(values), shape);
    const out = await session.run({ input_ids: idTensor(ids), token_type_ids: idTensor(types), attention_mask: new ort.Tensor('int64', BigInt64Array.from(mask.map(BigInt)), shape) });
    outputs.forEach((name, o) => {
      const got = out[name]!.data as Float32Array, want = expected[o]!;
      expect(got.length, name).toBe(want.length);
      let worst = 0;
      // Padded query rows are compared too: they attend to the tokens only, as Neurite's do.
      for (let i = 0; i < got.length; i++) worst = Math.max(worst, Math.abs(got[i]! - want[i]!) / (1 + Math.abs(want[i]!)));
      expect(worst, `${name}, lengths ${lengths}`).toBeLessThan(1e-4);
    });
  }
  expect(memory().liveTensors).toBe(before);
  await session.release();
}

describe('exportOnnx: BERT encoders in Hugging Face\'s ONNX layout', () => {
  it('BertModel: last_hidden_state and pooler_output, int64 ids', async () => {
    const model = new BertModel(config);
    await check(model, ['last_hidden_state', 'pooler_output'], 'int64');
    model.dispose();
  });

  it('BertForMaskedLM (logits through the tied word embeddings) and BertForSequenceClassification, int32 ids', async () => {
    const mlm = new BertForMaskedLM(config);
    await check(mlm, ['logits'], 'int32');
    mlm.dispose();
    const classifier = new BertForSequenceClassification(config, 3);
    await check(classifier, ['logits'], 'int32');
    classifier.dispose();
  });

  it('a Hugging Face checkpoint (transformers 5.18, tiny random BERT) exported: onnxruntime gives transformers\' own logits', async () => {
    const fixture = (name: string): Buffer => readFileSync(new URL(`../language-models/fixtures/${name}`, import.meta.url));
    const hf = JSON.parse(fixture('bert-tiny.json').toString('utf8')) as {
      config: Record<string, unknown>; ids: number[][]; attention_mask: number[][]; token_type_ids: number[][]; logits: number[];
    };
    const model = BertForMaskedLM.fromHuggingFace(hf.config, new Uint8Array(fixture('bert-tiny.safetensors')));
    const session = await ort.InferenceSession.create(exportOnnx(model, { inputType: 'int64' }));
    const shape = [hf.ids.length, hf.ids[0]!.length];
    const feed = (rows: number[][]) => new ort.Tensor('int64', BigInt64Array.from(rows.flat().map(BigInt)), shape);
    const out = await session.run({ input_ids: feed(hf.ids), attention_mask: feed(hf.attention_mask), token_type_ids: feed(hf.token_type_ids) });
    const got = out['logits']!.data as Float32Array;
    expect(got.length).toBe(hf.logits.length);
    // transformers' logits (float32, torch 2.13) within the tolerance of the checkpoint's own parity test.
    for (let i = 0; i < got.length; i++) expect(Math.abs(got[i]! - hf.logits[i]!), `logit ${i}`).toBeLessThanOrEqual(5e-5 + 1e-4 * Math.abs(hf.logits[i]!));
    await session.release();
    model.dispose();
  });

  it('rejects options that do not apply', () => {
    const model = new BertModel({ ...config, nLayers: 1 });
    expect(() => exportOnnx(model, { pastKeyValues: true })).toThrow(/pastKeyValues applies to the GPT-2 and Llama/);
    expect(() => exportOnnx(model, { inputType: 'float32' })).toThrow(ArgumentError);
    expect(exportOnnx(model, { attentionMask: true }).length).toBeGreaterThan(0);
    model.dispose();
  });
});
