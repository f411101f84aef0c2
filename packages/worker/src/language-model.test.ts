import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { createNeuriteWorker } from './client.ts';
import { JobCancelledError, WorkerArgumentError } from './errors.ts';
import type { GenerateTextProgress, TrainCharModelProgress } from './jobs/language-model-types.ts';
import { NODE_WORKER_URL, startNodeWorker as spawn } from './testing.ts';

const client = createNeuriteWorker(spawn(NODE_WORKER_URL));
afterAll(() => client.terminate());

const stories = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(`../../nn/test-data/stories260K/${name}`, import.meta.url)));
const reference = JSON.parse(readFileSync(new URL('../../nn/test-data/stories260K/greedy-reference.json', import.meta.url), 'utf8')) as { prompt: string; steps: number; text: string }[];
const TEXT = 'the whale swam past the ship and the sailors watched the whale. '.repeat(30);

describe('language-model jobs', () => {
  it('trains a character model with loss and sample progress, then streams generated text', async () => {
    const events: TrainCharModelProgress[] = [];
    const model = await client.trainCharModel({ text: TEXT, steps: 12, dim: 32, layers: 1, heads: 2, window: 32, batch: 8, sampleEvery: 6, sampleLength: 20 }, { onProgress: (e) => void events.push(e) });
    expect(model.kind).toBe('char-gpt');
    expect(events.map((e) => e.step)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(events.filter((e) => e.sample !== undefined)).toHaveLength(2);
    expect(events.at(-1)!.loss).toBeLessThan(events[0]!.loss);
    const pieces: GenerateTextProgress[] = [];
    const out = await client.generateText({ modelId: model.modelId, prompt: 'the ', maxNewTokens: 15, seed: 1 }, { onProgress: (e) => void pieces.push(e) });
    expect(out.tokens).toBe(15);
    expect(out.text).toBe('the ' + pieces.map((p) => p.piece).join(''));
    const map = await client.attentionMap({ modelId: model.modelId, text: 'the whale', layer: 0, head: 1 });
    expect(map.tokens.join('')).toBe('the whale');
    expect(map.weights).toHaveLength(81);
  });

  it('fine-tunes a copy with LoRA: only the adapters train, and they are a small share of the model', async () => {
    const base = await client.trainCharModel({ text: TEXT, steps: 3, dim: 32, layers: 1, heads: 2, window: 32, batch: 4, sampleEvery: 0 });
    const tuned = await client.fineTuneLora({ modelId: base.modelId, text: 'the ship sailed on and on past the sea. '.repeat(30), steps: 4, rank: 2 });
    expect(tuned.modelId).not.toBe(base.modelId);
    expect(tuned.adapterParameters).toBeGreaterThan(0);
    expect(tuned.adapterParameters).toBeLessThan(base.parameters / 4);
    expect(Number.isFinite(tuned.finalLoss)).toBe(true);
  });

  it('loads stories260K and generates llama2.c\'s greedy text', async () => {
    const model = await client.loadLlama2c({ checkpoint: stories('stories260K.bin'), tokenizer: stories('tok512.bin') });
    expect(model).toMatchObject({ kind: 'llama2c', vocabSize: 512, parameters: 260032 });
    const ref = reference[1]!;
    const out = await client.generateText({ modelId: model.modelId, prompt: ref.prompt, maxNewTokens: ref.steps - 4 + 1, temperature: 0 });
    expect(out.promptTokens).toBe(4);
    expect(out.text + '\n').toBe(ref.text);
    expect(out.tokensPerSecond).toBeGreaterThan(0);
  });

  it('rejects bad requests with typed errors and can be cancelled', async () => {
    await expect(client.generateText({ modelId: 'lm-999', prompt: 'x', maxNewTokens: 3 })).rejects.toThrow(WorkerArgumentError);
    await expect(client.trainCharModel({ text: 'short', steps: 3 })).rejects.toThrow(/expected more than window/);
    const controller = new AbortController();
    const job = client.trainCharModel({ text: TEXT, steps: 500, dim: 32, layers: 1, heads: 2, window: 32, batch: 8, sampleEvery: 0 }, {
      signal: controller.signal,
      onProgress: (e) => { if (e.step === 2) controller.abort(); },
    });
    await expect(job).rejects.toThrow(JobCancelledError);
  });
});
