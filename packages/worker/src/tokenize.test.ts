import { getEncoding } from '@neurite/tokenizers';
import { afterAll, describe, expect, it } from 'vitest';
import { createNeuriteWorker } from './client.ts';
import { JobCancelledError, WorkerArgumentError } from './errors.ts';
import { MAX_IN_FLIGHT } from './job-context.ts';
import { CHUNK_CHARS } from './jobs/text-chunks.ts';
import type { TokenizeProgress, TokenizerTrainingProgress } from './jobs/tokenize-types.ts';
import { abortOnProgress, NODE_WORKER_URL, startNodeWorker as spawn } from './testing.ts';

/** About `chunks` chunks of varied text (letters, digits, punctuation, newlines, non-ASCII). */
function longText(chunks: number): string {
  const line = 'The 3 quick foxes jumped over 12 lazy dogs; naïve café, 日本語 and 🙂 too.\n  Indented: x = [1, 2];\n';
  return line.repeat(Math.ceil((chunks * CHUNK_CHARS) / line.length));
}

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

  it('encodes a long text in chunks with the ids and offsets of one call, reporting progress per chunk', async () => {
    const text = longText(3);
    const events: TokenizeProgress[] = [];
    const result = await client.tokenize({ text, tokenizer: { kind: 'encoding', name: 'cl100k_base' } }, { onProgress: (e) => void events.push(e) });
    const direct = (await getEncoding('cl100k_base')).encodeWithOffsets(text, { disallowedSpecial: [] });
    expect(result.ids).toEqual(direct.ids);
    expect(result.offsets).toEqual(direct.offsets);
    expect(events.length).toBeGreaterThanOrEqual(3);
    expect(events.at(-1)).toEqual({ chars: text.length, totalChars: text.length, tokens: direct.ids.length });
    expect(events.map((e) => e.chars)).toEqual([...events.map((e) => e.chars)].sort((a, b) => a - b));
  });

  it('cancels tokenize after the first chunk: it rejects with JobCancelledError before the last chunk', async () => {
    const text = longText(40);
    const options = abortOnProgress<TokenizeProgress>();
    const { events } = options;
    const job = client.tokenize({ text, tokenizer: { kind: 'encoding', name: 'gpt2' } }, options);
    await expect(job).rejects.toBeInstanceOf(JobCancelledError);
    // Only the chunks whose reports were in flight when the first callback aborted were encoded.
    expect(events.length).toBeLessThanOrEqual(MAX_IN_FLIGHT + 1);
    expect(events.at(-1)!.chars).toBeLessThan(text.length);
    await expect(client.tokenize({ text: 'hi', tokenizer: { kind: 'encoding', name: 'gpt2' } })).resolves.toMatchObject({ bytes: 2 });
  });

  for (const model of ['bpe', 'wordpiece'] as const) {
    it(`cancels ${model} training while it counts words, before the last chunk`, async () => {
      const text = longText(40);
      const options = abortOnProgress<TokenizerTrainingProgress>((e) => e.chars !== undefined);
      const { events } = options;
      const job = client.trainTokenizer({ text, model, vocabSize: 400 }, options);
      await expect(job).rejects.toBeInstanceOf(JobCancelledError);
      const counted = events.filter((e) => e.chars !== undefined);
      expect(counted.length).toBeGreaterThanOrEqual(1);
      expect(counted.length).toBeLessThanOrEqual(MAX_IN_FLIGHT + 1);
      expect(counted.at(-1)!.chars).toBeLessThan(text.length);
      expect(events.some((e) => e.phase === 'merges' || e.phase === 'done')).toBe(false);
    });

    it(`cancels ${model} training while it learns merges (the trainer reads the shared flag), and the worker stays usable`, async () => {
      // Where the synchronous merge learning stops is counted in jobs/train-tokenizer.test.ts; here
      // the cancel crosses the thread boundary through the shared flag.
      const controller = new AbortController();
      const job = client.trainTokenizer({ text: longText(2), model, vocabSize: 2000 }, {
        signal: controller.signal,
        onProgress: (e) => {
          if (e.phase === 'merges') controller.abort();
        },
      });
      await expect(job).rejects.toBeInstanceOf(JobCancelledError);
      await expect(client.tokenize({ text: 'hi', tokenizer: { kind: 'encoding', name: 'gpt2' } })).resolves.toMatchObject({ bytes: 2 });
    });
  }

  it('names a bad tokenizer in its error', async () => {
    const error = await client.tokenize({ text: 'x', tokenizer: { kind: 'trained', id: 'nope' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkerArgumentError);
    expect((error as Error).message).toMatch(/tokenizer\.id is "nope"/);
  });
});
