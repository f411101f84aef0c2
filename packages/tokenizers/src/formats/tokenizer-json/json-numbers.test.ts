// Every number tokenizer.json gives (ids, limits, lengths, dropout) and every flag is validated:
// a wrong type, a fraction or a value out of range is a TokenizerFileError naming the field.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { TokenizerFileError } from '../../errors.ts';
import { PATTERN_SOURCES } from '../../pretokenize/patterns.ts';
import { readTokenizerJson } from './read.ts';

const fixture = (name: string): Record<string, any> => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));

function fileError(json: unknown): TokenizerFileError {
  try {
    readTokenizerJson(json);
  } catch (error) {
    if (error instanceof TokenizerFileError) return error;
    throw error;
  }
  throw new Error('expected a TokenizerFileError');
}

type Edit = (json: Record<string, any>) => void;

const BERT_EDITS: Array<[string, Edit, string]> = [
  ['max_input_chars_per_word 1e9', (j) => (j.model.max_input_chars_per_word = 1e9), 'model.max_input_chars_per_word'],
  ['max_input_chars_per_word "100"', (j) => (j.model.max_input_chars_per_word = '100'), 'model.max_input_chars_per_word'],
  ['truncation.max_length -1', (j) => (j.truncation = { max_length: -1, stride: 0, strategy: 'LongestFirst', direction: 'Right' }), 'truncation.max_length'],
  ['truncation.max_length 1.5', (j) => (j.truncation = { max_length: 1.5 }), 'truncation.max_length'],
  ['truncation.stride >= max_length', (j) => (j.truncation = { max_length: 8, stride: 8 }), 'truncation.stride'],
  ['truncation.direction "Up"', (j) => (j.truncation = { max_length: 8, direction: 'Up' }), 'truncation.direction'],
  ['padding.pad_id -1', (j) => (j.padding = { strategy: 'BatchLongest', pad_id: -1 }), 'padding.pad_id'],
  ['padding.pad_type_id 1e12', (j) => (j.padding = { pad_type_id: 1e12 }), 'padding.pad_type_id'],
  ['padding.pad_to_multiple_of 0', (j) => (j.padding = { pad_to_multiple_of: 0 }), 'padding.pad_to_multiple_of'],
  ['padding Fixed -3', (j) => (j.padding = { strategy: { Fixed: -3 } }), 'padding.strategy.Fixed'],
  ['padding strategy "Max"', (j) => (j.padding = { strategy: 'Max' }), 'padding.strategy'],
  ['added token id 2.5', (j) => (j.added_tokens[0].id = 2.5), 'added_tokens[0].id'],
  ['added token special "yes"', (j) => (j.added_tokens[0].special = 'yes'), 'added_tokens[0].special'],
  ['added token given two ids', (j) => j.added_tokens.push({ ...j.added_tokens[0], id: 999 }), 'added_tokens[5].content'],
  ['template ids [-1]', (j) => (j.post_processor.special_tokens['[CLS]'].ids = [-1]), "post_processor.special_tokens.[CLS].ids[0]"],
  ['template ids of another token', (j) => (j.post_processor.special_tokens['[CLS]'].ids = [3]), "post_processor.special_tokens.[CLS].ids[0]"],
  ['template type_id -2', (j) => (j.post_processor.single[0].SpecialToken.type_id = -2), 'post_processor.single[0].SpecialToken.type_id'],
  ['decoder cleanup 1', (j) => (j.decoder.cleanup = 1), 'decoder.cleanup'],
  ['normalizer lowercase 1', (j) => (j.normalizer.lowercase = 1), 'normalizer.lowercase'],
  ['Split invert "yes"', (j) => (j.pre_tokenizer = { type: 'Split', pattern: { Regex: PATTERN_SOURCES.cl100k }, behavior: 'Isolated', invert: 'yes' }), 'pre_tokenizer.invert'],
  ['nested pre-tokenizer null', (j) => (j.pre_tokenizer = { type: 'Sequence', pretokenizers: [null] }), 'pre_tokenizer.pretokenizers[0]'],
  ['post-processors nested 10,000 deep', (j) => {
    let spec: unknown = j.post_processor;
    for (let i = 0; i < 10_000; i++) spec = { type: 'Sequence', processors: [spec] };
    j.post_processor = spec;
  }, 'post_processor' + '.processors[0]'.repeat(9)],
  ['a template of 100,000 pieces', (j) => (j.post_processor.single = Array(100_000).fill(j.post_processor.single[0])), 'post_processor.single'],
];

const CHAR_BPE_EDITS: Array<[string, Edit, string]> = [
  ['dropout 2', (j) => (j.model.dropout = 2), 'model.dropout'],
  ['dropout "0.1"', (j) => (j.model.dropout = '0.1'), 'model.dropout'],
  ['fuse_unk 1', (j) => (j.model.fuse_unk = 1), 'model.fuse_unk'],
  ['BertProcessing cls id 1e20', (j) => (j.post_processor.cls = ['<s>', 1e20]), 'post_processor.cls[1]'],
  ['BertProcessing sep id "12"', (j) => (j.post_processor.sep = ['</s>', '12']), 'post_processor.sep[1]'],
];

describe('tokenizer.json numbers and flags', () => {
  test.each([...BERT_EDITS.map(([l, e, f]) => ['bert-tiny.json', l, e, f] as const), ...CHAR_BPE_EDITS.map(([l, e, f]) => ['char-bpe-tiny.json', l, e, f] as const)])('%s: %s', (name, _label, edit, field) => {
    const json = fixture(name);
    readTokenizerJson(json); // the unedited fixture loads
    edit(json);
    expect(fileError(json).file).toBe(`tokenizer.json#${field}`);
  });

  test('valid truncation and padding sections load', () => {
    const json = fixture('bert-tiny.json');
    json.truncation = { direction: 'Right', max_length: 512, strategy: 'LongestFirst', stride: 0 };
    json.padding = { strategy: { Fixed: 128 }, direction: 'Left', pad_to_multiple_of: 8, pad_id: 0, pad_type_id: 0, pad_token: '[PAD]' };
    expect(readTokenizerJson(json).encode('hello').length).toBeGreaterThan(0);
  });
});
