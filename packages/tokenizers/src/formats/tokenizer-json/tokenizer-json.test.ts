import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, test } from 'vitest';
import { TokenizerFileError } from '../../errors.ts';
import { ByteLevelModel } from '../../pipeline/models/byte-level-model.ts';
import { createWordPieceTokenizer } from '../../wordpiece/wordpiece-tokenizer.ts';
import { PipelineTokenizer } from '../../pipeline/pipeline-tokenizer.ts';
import { readTokenizerJson } from './read.ts';
import { writeTokenizerJson } from './write.ts';

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const pipeline = (text: string | unknown): PipelineTokenizer => {
  const t = readTokenizerJson(text);
  if (!(t instanceof PipelineTokenizer)) throw new Error('expected a PipelineTokenizer');
  return t;
};
const BERT = fixture('bert-tiny.json');
const CHAR_BPE = fixture('char-bpe-tiny.json');
const WORD = fixture('word-level-tiny.json');

const TEXTS = ['The quick brown fox.', 'Jumped, jumping! unaffable', 'Naïve CAFÉ 中国 xyz', 'the [MASK] fox', '', '  \t\n ', 'a'.repeat(120), "fox's"];

describe('reading tokenizer.json', () => {
  test('WordPiece fixture equals the factory-built BERT tokenizer', () => {
    const fromFile = pipeline(BERT);
    const built = createWordPieceTokenizer(new Map(Object.entries(JSON.parse(BERT).model.vocab as Record<string, number>)));
    for (const text of TEXTS) {
      expect([...fromFile.encode(text)]).toEqual([...built.encode(text)]);
      expect(fromFile.encodeWithOffsets(text)).toEqual(built.encodeWithOffsets(text));
    }
    expect([...fromFile.encode('The quick brown fox.')]).toEqual([2, 5, 6, 7, 8, 12, 3]);
  });

  test('character-level BPE with Sequence normalizer and pre-tokenizer, BertProcessing', () => {
    const t = pipeline(CHAR_BPE);
    // NFD + lowercase + strip accents: "abc low ab x"; x is unknown.
    expect([...t.encode('Abc lÓw ÀB x')]).toEqual([11, 5, 10, 4, 0, 12]);
    expect(t.tokenize('ababc')).toEqual(['ab', 'abc']);
    const e = t.encodeWithOffsets('Àbc', { addSpecialTokens: false });
    expect([...e.offsets]).toEqual([0, 3]);
    // Merges may also be written as [left, right] arrays.
    const arrays = JSON.parse(CHAR_BPE);
    arrays.model.merges = arrays.model.merges.map((m: string) => m.split(' '));
    expect([...pipeline(arrays).encode('Abc lÓw ÀB x')]).toEqual([11, 5, 10, 4, 0, 12]);
  });

  test('word level with Lowercase and Whitespace', () => {
    const t = pipeline(WORD);
    expect([...t.encode('Hello, world!')]).toEqual([1, 0, 2, 3]);
    expect(t.decode([1, 2, 3])).toBe('hello world !');
  });

  test('write then read gives the same description and the same tokenizer', () => {
    for (const text of [BERT, CHAR_BPE, WORD]) {
      const first = pipeline(text);
      const written = writeTokenizerJson(first);
      expect(JSON.parse(written)).toEqual(JSON.parse(text));
      const second = pipeline(written);
      for (const s of TEXTS) expect([...second.encode(s)]).toEqual([...first.encode(s)]);
    }
  });
});

describe('malformed tokenizer.json', () => {
  const base = JSON.parse(CHAR_BPE);
  const mutate = (f: (j: any) => void): string => {
    const j = structuredClone(base);
    f(j);
    return JSON.stringify(j);
  };
  const cases: Array<[string, string, string, RegExp?]> = [
    ['not JSON', '{"model": ', 'bad-syntax'],
    ['root not an object', '[1, 2]', 'bad-syntax'],
    ['unknown model type', mutate((j) => (j.model.type = 'Fancy')), 'unsupported-type', /Fancy/],
    ['Unigram model with a token map for a vocabulary', mutate((j) => (j.model.type = 'Unigram')), 'bad-syntax', /\[piece, score\]/],
    ['unknown normalizer type', mutate((j) => (j.normalizer.normalizers[1].type = 'Precompiled')), 'unsupported-type', /Precompiled/],
    ['unknown pre-tokenizer type', mutate((j) => (j.pre_tokenizer = { type: 'Metaspace' })), 'unsupported-type', /Metaspace/],
    ['unknown post-processor type', mutate((j) => (j.post_processor = { type: 'Fancy' })), 'unsupported-type', /Fancy/],
    ['unknown decoder type', mutate((j) => (j.decoder = { type: 'Fancy' })), 'unsupported-type', /Fancy/],
    ['Split with an unknown regex', mutate((j) => (j.pre_tokenizer = { type: 'Split', pattern: { Regex: '(a+)+$' }, behavior: 'Isolated', invert: false })), 'unknown-pattern'],
    ['duplicate id', mutate((j) => (j.model.vocab.c = 1)), 'duplicate-id'],
    ['negative id', mutate((j) => (j.model.vocab.c = -1)), 'id-out-of-range'],
    ['fractional id', mutate((j) => (j.model.vocab.c = 2.5)), 'id-out-of-range'],
    ['huge id', mutate((j) => (j.model.vocab.c = 2 ** 40)), 'id-out-of-range'],
    ['merge of a missing token', mutate((j) => j.model.merges.push('z b')), 'bad-merge'],
    ['merge whose result is missing', mutate((j) => j.model.merges.push('b c')), 'bad-merge'],
    ['merge not "a b"', mutate((j) => j.model.merges.push('abc')), 'bad-merge'],
    ['merges not an array', mutate((j) => (j.model.merges = 'a b')), 'bad-syntax'],
    ['unknown token missing', mutate((j) => (j.model.unk_token = '<unk>')), 'missing-token'],
    ['added token disagrees with the vocabulary', mutate((j) => (j.added_tokens[0].id = 3)), 'inconsistent'],
    ['added token takes a model id', mutate((j) => j.added_tokens.push({ id: 2, content: '<x>', special: true })), 'duplicate-id'],
    ['template token with the wrong id', mutate((j) => (j.post_processor.cls = ['<s>', 5])), 'inconsistent'],
    ['byte fallback', mutate((j) => (j.model.byte_fallback = true)), 'unsupported-type'],
    ['ByteLevel with a WordPiece model', mutate((j) => { j.model = JSON.parse(BERT).model; j.pre_tokenizer = { type: 'ByteLevel' }; j.post_processor = null; j.added_tokens = []; }), 'inconsistent'],
    ['empty vocabulary', mutate((j) => (j.model.vocab = {})), 'bad-syntax'],
    ['nesting too deep', mutate((j) => { let n: any = { type: 'Lowercase' }; for (let i = 0; i < 20; i++) n = { type: 'Sequence', normalizers: [n] }; j.normalizer = n; }), 'inconsistent'],
  ];
  test.each(cases)('%s', (_name, text, code, message) => {
    try {
      readTokenizerJson(text);
      expect.fail('expected TokenizerFileError');
    } catch (error) {
      expect(error).toBeInstanceOf(TokenizerFileError);
      expect((error as TokenizerFileError).code).toBe(code);
      if (message) expect((error as Error).message).toMatch(message);
    }
  });

  test('a file over the size cap is refused before parsing', () => {
    expect(() => readTokenizerJson(' '.repeat(64 * 1024 * 1024 + 1))).toThrow(expect.objectContaining({ code: 'too-large' }));
  });

  test('mutated files give a tokenizer or a TokenizerFileError, never another exception (fast-check, seed 7)', () => {
    const sources = [BERT, CHAR_BPE, WORD];
    fc.assert(
      fc.property(fc.nat(2), fc.array(fc.tuple(fc.nat(), fc.string({ maxLength: 3 })), { minLength: 1, maxLength: 4 }), (which, edits) => {
        let text = sources[which]!;
        for (const [at, insert] of edits) {
          const i = at % text.length;
          text = text.slice(0, i) + insert + text.slice(i + 1);
        }
        try {
          const t = readTokenizerJson(text);
          t.encode('The quick fox, naïve 中国 [MASK] abc low');
        } catch (error) {
          if (!(error instanceof TokenizerFileError)) throw error;
        }
      }),
      { seed: 7, numRuns: 300 },
    );
  });
});

// Parity with Hugging Face's own implementation, when its Node bindings load on this platform.
const require = createRequire(import.meta.url);
let hf:
  | { Tokenizer: { fromString(s: string): { encode(s: string): Promise<{ getIds(): number[]; getOffsets(): number[][] }>; decode(ids: number[], skip: boolean): Promise<string> } } }
  | undefined;
try {
  hf = require('tokenizers');
} catch {
  hf = undefined;
}

describe.skipIf(hf === undefined)('parity with Hugging Face tokenizers on the fixtures', () => {
  const texts = [...TEXTS, 'Ünïcödé  spaces\u00a0and\u2003more', 'Cafe\u0301 İstanbul ΣΑΣ 𝔘 😀x ǅ ﬁ', 'ababcx lowlow abc-low', 'HELLO, World!!', 'x\u0000y\u200bz', '日本語のテキスト 中文'];
  test.each([['bert-tiny.json', BERT], ['char-bpe-tiny.json', CHAR_BPE], ['word-level-tiny.json', WORD]])('%s: same ids, offsets and decoded text', async (_name, text) => {
    const ours = pipeline(text);
    const theirs = hf!.Tokenizer.fromString(text);
    for (const s of texts) {
      const expected = await theirs.encode(s);
      const got = ours.encodeWithOffsets(s);
      expect([...got.ids], s).toEqual(expected.getIds());
      // The Node bindings report offsets in code points; ours are UTF-16 units. Compare non-special tokens.
      const utf16At: number[] = [0];
      for (const ch of s) utf16At.push(utf16At.at(-1)! + ch.length);
      const offsets = expected.getOffsets().map(([a, b]) => [utf16At[a!], utf16At[b!]]);
      [...got.ids].forEach((_, i) => {
        if (got.specialTokensMask[i] === 0) expect([got.offsets[2 * i], got.offsets[2 * i + 1]], `${s} token ${i}`).toEqual(offsets[i]);
      });
      expect(ours.decode(got.ids), s).toBe(await theirs.decode([...got.ids], true));
      expect(ours.decode(got.ids, { skipSpecialTokens: false }), s).toBe(await theirs.decode([...got.ids], false));
    }
  });
});

describe('byte-level BPE tokenizer.json', () => {
  test('runs on the byte-level encoder; round trip', async () => {
    const { trainBpe } = await import('../../train/bpe-trainer.ts');
    const trained = trainBpe(['hello world, hello there\n', 'worldly hellos'], { vocabSize: 280, specialTokens: ['<|endoftext|>'] });
    const t = readTokenizerJson(trained.toTokenizerJson());
    expect(t.model).toBeInstanceOf(ByteLevelModel);
    expect(t.decode(t.encode('hello worlds'))).toBe('hello worlds');
    expect([...t.encode('hello<|endoftext|>')].at(-1)).toBe(0);
    expect(JSON.parse(writeTokenizerJson(t))).toEqual(JSON.parse(trained.toTokenizerJson()));
  });
});

describe('character-level BPE on long words', () => {
  test('merging by rank lists equals the (rank, position) heap (fast-check, seed 21)', async () => {
    const { CharBpeModel } = await import('../../pipeline/models/char-bpe-model.ts');
    const { IdBuffer } = await import('../../bpe/id-buffer.ts');
    const { trainBpe } = await import('../../train/bpe-trainer.ts');
    const trained = trainBpe(['abababab aabbaabb abcabc cbacba aaaa bbbb ccc abcba'], { level: 'char', vocabSize: 60 });
    const vocab = trained.vocabMap();
    const byRank = new CharBpeModel(vocab, trained.merges, { linearThreshold: 0 });
    const byHeap = new CharBpeModel(vocab, trained.merges, { linearThreshold: Number.POSITIVE_INFINITY });
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'b', 'c'), minLength: 1, maxLength: 80 }), (word) => {
        const run = (model: InstanceType<typeof CharBpeModel>): number[] => {
          const ids = new IdBuffer();
          const offsets = new IdBuffer();
          model.tokenizeWord(word, ids, offsets);
          return [...ids.toArray(), -1, ...offsets.toArray()];
        };
        expect(run(byRank)).toEqual(run(byHeap));
      }),
      { seed: 21, numRuns: 500 },
    );
  });
});
