import { describe, expect, test } from 'vitest';
import { parseVocabTxt } from '../formats/vocab-txt.ts';
import { trainWordPiece } from './wordpiece-trainer.ts';

const CORPUS = ['The unaffable fox jumped.', 'Foxes jump; the fox is jumping!', 'Unaffable, unable, able.'];

describe('WordPiece trainer', () => {
  test('special tokens, then the alphabet, then ## continuations, then merged tokens', () => {
    const { vocab } = trainWordPiece(CORPUS, { vocabSize: 200 });
    const tokens = [...vocab.keys()];
    expect(tokens.slice(0, 5)).toEqual(['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]']);
    // the alphabet (lowercased, code-point order) comes right after
    expect(tokens.slice(5, 9)).toEqual(['!', ',', '.', ';']);
    expect(tokens).toContain('##x');
    expect(tokens).toContain('fox');
    expect(tokens.slice(5).every((t) => t === t.toLowerCase())).toBe(true);
  });

  test('the trained tokenizer covers its training words without [UNK] and is deterministic', () => {
    const a = trainWordPiece(CORPUS, { vocabSize: 120 });
    const b = trainWordPiece([...CORPUS].reverse(), { vocabSize: 120 });
    expect([...a.vocab]).toEqual([...b.vocab]);
    const unk = a.vocab.get('[UNK]')!;
    for (const text of CORPUS) expect([...a.tokenizer.encode(text)]).not.toContain(unk);
    expect(a.tokenizer.decode(a.tokenizer.encode('the fox jumped.'))).toBe('the fox jumped.');
  });

  test('vocab.txt round trip; the unknown token is added when the specials lack it', () => {
    const t = trainWordPiece(CORPUS, { vocabSize: 60, specialTokens: ['<pad>'] });
    expect([...parseVocabTxt(t.toVocabTxt())]).toEqual([...t.vocab]);
    expect(t.vocab.get('<pad>')).toBe(0);
    expect(t.vocab.get('[UNK]')).toBe(1);
  });

  test('lone surrogates count as U+FFFD, as when encoding (dropped by cleanText)', () => {
    const lone = trainWordPiece(['a\ud83dz b\udc00', 'z\ud83d'], { vocabSize: 60, cleanText: false });
    const replaced = trainWordPiece(['a\ufffdz b\ufffd', 'z\ufffd'], { vocabSize: 60, cleanText: false });
    expect([...lone.vocab]).toEqual([...replaced.vocab]);
    expect(lone.vocab.has('##\ufffd')).toBe(true);
    expect([...lone.tokenizer.encode('a\ud83dz')]).toEqual([...replaced.tokenizer.encode('a\ufffdz')]);
    const cleaned = trainWordPiece(['a\ud83dz'], { vocabSize: 60 });
    expect(cleaned.tokenizer.tokenize('a\ud83dz')).toEqual(cleaned.tokenizer.tokenize('az'));
  });
});
