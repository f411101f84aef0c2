// Chunked encoding and word counting give exactly what one call over the whole text gives, for every
// tokenizer the worker serves. Tiny chunks put a split at every safe point of short random texts.
import { BpeTrainer, getEncoding, trainBpe, trainWordPiece } from '@neurite/tokenizers';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeInChunks, joinChunks, type OffsetEncoder } from './chunked-encoding.ts';
import { nextSplit, textChunks } from './text-chunks.ts';

const UNIT = fc.oneof(
  fc.constantFrom(' ', '  ', '    ', '\n', '\r\n', '\t', "'s", "'ll", 'The', 'the', 'fox', 'a', 'Z', '123', '12345', '!', '...', '/', 'é', 'e\u0301', '中文', '😀', 'ǅ', '\u00a0', '<|endoftext|>', '[CLS]', ' word', ' 7', 'x '),
  fc.string({ unit: 'grapheme', maxLength: 2 }),
);
const TEXT = fc.array(UNIT, { maxLength: 24 }).map((parts) => parts.join(''));

function whole(tokenizer: OffsetEncoder, text: string, allowSpecial: boolean): { ids: number[]; offsets: number[] } {
  const e = tokenizer.encodeWithOffsets(text, allowSpecial ? { allowedSpecial: 'all' } : { disallowedSpecial: [] });
  return { ids: [...e.ids], offsets: [...e.offsets] };
}

function chunked(tokenizer: OffsetEncoder, text: string, allowSpecial: boolean, chunkChars: number): { ids: number[]; offsets: number[] } {
  const e = joinChunks(tokenizer, [...encodeInChunks(tokenizer, text, allowSpecial, chunkChars)]);
  return { ids: [...e.ids], offsets: [...e.offsets] };
}

const CORPUS = 'The quick brown fox jumps over the lazy dog. Hello there, general Kenobi! 12345 units; the cat sat. '.repeat(20);

describe('text chunks', () => {
  it('cover the text in order and end only before " word" after a letter or digit', () => {
    const text = 'ab cd\nef  gh 12 x9 y. z';
    const chunks = [...textChunks(text, 1)];
    expect(chunks.map(([from, to]) => text.slice(from, to))).toEqual(['ab', ' cd\nef  gh 12', ' x9', ' y. z']);
    expect(nextSplit('a'.repeat(10), 3)).toBe(10); // no safe point: one chunk
    expect([...textChunks('', 4)]).toEqual([]);
  });

  it('encode exactly as one call with the shipped encodings (fast-check, seed 7)', async () => {
    const encoders = await Promise.all((['r50k_base', 'cl100k_base', 'o200k_base'] as const).map((name) => getEncoding(name)));
    fc.assert(
      fc.property(TEXT, fc.integer({ min: 1, max: 9 }), fc.boolean(), (text, chunkChars, allowSpecial) => {
        for (const encoder of encoders) expect(chunked(encoder, text, allowSpecial, chunkChars)).toEqual(whole(encoder, text, allowSpecial));
      }),
      { seed: 7, numRuns: 300 },
    );
  });

  it('encode exactly as one call with trained BPE and WordPiece tokenizers, template tokens once (fast-check, seed 8)', () => {
    const bpe = trainBpe(CORPUS, { vocabSize: 300 }).toTokenizer() as OffsetEncoder;
    const wordPiece = trainWordPiece(CORPUS, { vocabSize: 120 }).tokenizer as OffsetEncoder;
    expect(wordPiece.template?.prefix.length).toBe(1); // [CLS]
    fc.assert(
      fc.property(TEXT, fc.integer({ min: 1, max: 9 }), fc.boolean(), (text, chunkChars, allowSpecial) => {
        for (const encoder of [bpe, wordPiece]) expect(chunked(encoder, text, allowSpecial, chunkChars)).toEqual(whole(encoder, text, allowSpecial));
      }),
      { seed: 8, numRuns: 300 },
    );
  });

  it('count the same words, in the same order, as one call (BPE training)', () => {
    const trainer = new BpeTrainer({ vocabSize: 320 });
    for (const [from, to] of textChunks(CORPUS, 5)) trainer.feed(CORPUS.slice(from, to));
    const once = new BpeTrainer({ vocabSize: 320 }).feed(CORPUS);
    expect([...trainer.wordCounts]).toEqual([...once.wordCounts]);
    expect(trainer.train().merges).toEqual(trainBpe(CORPUS, { vocabSize: 320 }).merges);
  });
});
