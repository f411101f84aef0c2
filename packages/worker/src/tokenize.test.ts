import { afterAll, describe, expect, it } from 'vitest';
import { createNeuriteWorker } from './client.ts';
import { WorkerJobError } from './errors.ts';
import { NODE_WORKER_URL, spawn } from './worker-test-helpers.ts';

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

  it('names a bad tokenizer in its error', async () => {
    const error = await client.tokenize({ text: 'x', tokenizer: { kind: 'trained', id: 'nope' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkerJobError);
    expect((error as Error).message).toMatch(/tokenizer\.id is "nope"/);
  });
});
