import { afterAll, describe, expect, it } from 'vitest';
import { createNeuriteWorker } from './client.ts';
import { WorkerJobError } from './errors.ts';
import { NODE_WORKER_URL, startNodeWorker as spawn } from './testing.ts';

const client = createNeuriteWorker(spawn(NODE_WORKER_URL));
afterAll(() => client.terminate());

describe('tokenize job', () => {
  // Expected ids from js-tiktoken 1.0.21 (encodingForModel / getEncoding).
  it.each([
    ['gpt2', [31373, 995]],
    ['cl100k_base', [15339, 1917]],
    ['o200k_base', [24912, 2375]],
  ] as const)('encodes "hello world" with %s', async (name, expected) => {
    const result = await client.tokenize({ text: 'hello world', tokenizer: { kind: 'encoding', name } });
    expect([...result.ids]).toEqual(expected);
    expect([...result.offsets]).toEqual([0, 5, 5, 11]);
    expect(result.bytes).toBe(11);
    expect(result.distinctTokens).toBe(2);
  });

  it('treats special-token text as ordinary text unless allowed', async () => {
    const plain = await client.tokenize({ text: '<|endoftext|>', tokenizer: { kind: 'encoding', name: 'gpt2' } });
    expect(plain.ids.length).toBeGreaterThan(1);
    const special = await client.tokenize({ text: '<|endoftext|>', tokenizer: { kind: 'encoding', name: 'gpt2' }, allowSpecial: true });
    expect([...special.ids]).toEqual([50256]);
  });

  it('trains a byte-level BPE on a text, with progress, and encodes with it', async () => {
    const text = 'the cat sat on the mat; the cat ate the rat. '.repeat(40);
    const events: string[] = [];
    const info = await client.trainTokenizer({ text, model: 'bpe', vocabSize: 280 }, { onProgress: (p) => void events.push(p.phase) });
    expect(info.model).toBe('bpe');
    expect(info.vocabSize).toBeLessThanOrEqual(280);
    expect(events.at(-1)).toBe('done');
    const plain = await client.tokenize({ text: 'the cat sat', tokenizer: { kind: 'encoding', name: 'gpt2' } });
    const trained = await client.tokenize({ text: 'the cat sat', tokenizer: { kind: 'trained', id: info.id } });
    expect(trained.ids.length).toBeGreaterThan(0);
    // Offsets cover the text in order.
    expect(trained.offsets[0]).toBe(0);
    expect(trained.offsets[trained.offsets.length - 1]).toBe(11);
    expect(plain.ids.length).toBe(3);
  });

  it('fails a training job whose progress callback throws, and the worker survives', async () => {
    const text = 'abcabcabd '.repeat(200);
    const job = client.trainTokenizer({ text, model: 'bpe', vocabSize: 300 }, { onProgress: () => { throw new Error('no thanks'); } });
    await expect(job).rejects.toThrow(/no thanks/);
    await expect(client.tokenize({ text: 'hi', tokenizer: { kind: 'encoding', name: 'gpt2' } })).resolves.toMatchObject({ bytes: 2 });
  });

  it('trains a WordPiece vocabulary and encodes with [CLS] and [SEP]', async () => {
    const text = 'Hello there, general Kenobi. Hello again! '.repeat(30);
    const info = await client.trainTokenizer({ text, model: 'wordpiece', vocabSize: 120 });
    const result = await client.tokenize({ text: 'hello kenobi', tokenizer: { kind: 'trained', id: info.id } });
    // [CLS] hello kenobi [SEP]: template tokens have empty offsets.
    expect(result.ids.length).toBeGreaterThanOrEqual(4);
    expect([result.offsets[0], result.offsets[1]]).toEqual([0, 0]);
    expect(result.offsets.slice(2, 4)).toEqual(new Uint32Array([0, 5]));
  });

  it('names a bad tokenizer in its error', async () => {
    const error = await client.tokenize({ text: 'x', tokenizer: { kind: 'trained', id: 'nope' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkerJobError);
    expect((error as Error).message).toMatch(/tokenizer\.id is "nope"/);
  });
});
