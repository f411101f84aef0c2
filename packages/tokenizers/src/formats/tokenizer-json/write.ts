/**
 * Writes Hugging Face tokenizer.json descriptions: for the tokenizers built by this package's
 * factories, for trained BPE models, or for an already assembled description.
 */
import { TokenizerArgumentError } from '../../errors.ts';
import { PATTERN_SOURCES } from '../../pretokenize/patterns.ts';
import type { TrainedBpeData } from '../../train/trained-bpe-data.ts';
import type { PipelineTokenizer } from '../../pipeline/pipeline-tokenizer.ts';
import type { AddedTokenJson, PreTokenizerSpec, TokenizerJson } from './types.ts';

function addedToken(content: string, id: number): AddedTokenJson {
  return { id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true };
}

function sortedObject(vocab: ReadonlyMap<string, number>): Record<string, number> {
  return Object.fromEntries([...vocab].sort((a, b) => a[1] - b[1]));
}

export interface WordPieceJsonOptions {
  lowercase?: boolean | undefined;
  stripAccents?: boolean | undefined;
  handleChineseChars?: boolean | undefined;
  cleanText?: boolean | undefined;
  unkToken?: string | undefined;
  continuingSubwordPrefix?: string | undefined;
  maxInputCharsPerWord?: number | undefined;
  clsToken?: string | undefined;
  sepToken?: string | undefined;
  specialTokens?: readonly string[] | undefined;
}

/** A BERT tokenizer.json: BertNormalizer, BertPreTokenizer, WordPiece, [CLS] $A [SEP], WordPiece decoder. */
export function wordPieceTokenizerJson(vocab: ReadonlyMap<string, number>, options: WordPieceJsonOptions = {}): TokenizerJson {
  const unk = options.unkToken ?? '[UNK]';
  const clsToken = options.clsToken ?? '[CLS]';
  const sepToken = options.sepToken ?? '[SEP]';
  const prefix = options.continuingSubwordPrefix ?? '##';
  const specials = options.specialTokens ?? ['[PAD]', unk, clsToken, sepToken, '[MASK]'];
  const added = specials.filter((t) => vocab.has(t)).map((t) => addedToken(t, vocab.get(t)!));
  const cls = vocab.get(clsToken);
  const sep = vocab.get(sepToken);
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: added,
    normalizer: {
      type: 'BertNormalizer',
      clean_text: options.cleanText ?? true,
      handle_chinese_chars: options.handleChineseChars ?? true,
      strip_accents: options.stripAccents ?? null,
      lowercase: options.lowercase ?? true,
    },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor:
      cls !== undefined && sep !== undefined
        ? {
            type: 'TemplateProcessing',
            single: [{ SpecialToken: { id: clsToken, type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: sepToken, type_id: 0 } }],
            pair: [
              { SpecialToken: { id: clsToken, type_id: 0 } },
              { Sequence: { id: 'A', type_id: 0 } },
              { SpecialToken: { id: sepToken, type_id: 0 } },
              { Sequence: { id: 'B', type_id: 1 } },
              { SpecialToken: { id: sepToken, type_id: 1 } },
            ],
            special_tokens: {
              [clsToken]: { id: clsToken, ids: [cls], tokens: [clsToken] },
              [sepToken]: { id: sepToken, ids: [sep], tokens: [sepToken] },
            },
          }
        : null,
    decoder: { type: 'WordPiece', prefix, cleanup: true },
    model: { type: 'WordPiece', unk_token: unk, continuing_subword_prefix: prefix, max_input_chars_per_word: options.maxInputCharsPerWord ?? 100, vocab: sortedObject(vocab) },
  };
}

export interface WordLevelJsonOptions {
  unkToken?: string | undefined;
  lowercase?: boolean | undefined;
  /** Default 'whitespace' (words and punctuation runs); 'whitespace-split' keeps punctuation attached. */
  split?: 'whitespace' | 'whitespace-split' | undefined;
  specialTokens?: readonly string[] | undefined;
}

/** A word-level tokenizer.json: optional Lowercase, Whitespace (or WhitespaceSplit), WordLevel. */
export function wordLevelTokenizerJson(vocab: ReadonlyMap<string, number>, options: WordLevelJsonOptions = {}): TokenizerJson {
  const unk = options.unkToken ?? '[UNK]';
  const specials = options.specialTokens ?? [unk];
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: specials.filter((t) => vocab.has(t)).map((t) => addedToken(t, vocab.get(t)!)),
    normalizer: options.lowercase ? { type: 'Lowercase' } : null,
    pre_tokenizer: { type: options.split === 'whitespace-split' ? 'WhitespaceSplit' : 'Whitespace' },
    post_processor: null,
    decoder: null,
    model: { type: 'WordLevel', unk_token: unk, vocab: sortedObject(vocab) },
  };
}

/** tokenizer.json of a trained BPE model (byte level: ByteLevel stages; char level: Whitespace and BPE). */
export function trainedBpeTokenizerJson(trained: TrainedBpeData): TokenizerJson {
  const vocab = new Map(trained.vocab.map((t, i) => [t, i] as const));
  const added = trained.specialTokens.map((t) => addedToken(t, vocab.get(t)!));
  const pattern = trained.pattern;
  if (pattern === undefined) throw new TokenizerArgumentError('preTokenizer', 'a function cannot be written to tokenizer.json; train with a named pre-tokenizer');
  let preTokenizer: PreTokenizerSpec;
  if (trained.level === 'byte') {
    const byteLevel = { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: pattern === 'r50k' } as const;
    if (pattern === 'whitespace' || pattern === 'whitespace-split') throw new TokenizerArgumentError('preTokenizer', `byte-level tokenizer.json needs a split pattern (r50k, cl100k, o200k), not ${pattern}`);
    preTokenizer =
      pattern === 'r50k'
        ? byteLevel
        : { type: 'Sequence', pretokenizers: [{ type: 'Split', pattern: { Regex: PATTERN_SOURCES[pattern] }, behavior: 'Isolated', invert: false }, byteLevel] };
  } else if (pattern === 'whitespace') preTokenizer = { type: 'Whitespace' };
  else if (pattern === 'whitespace-split') preTokenizer = { type: 'WhitespaceSplit' };
  else preTokenizer = { type: 'Split', pattern: { Regex: PATTERN_SOURCES[pattern] }, behavior: 'Isolated', invert: false };
  const byte = trained.level === 'byte';
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: added,
    normalizer: null,
    pre_tokenizer: preTokenizer,
    post_processor: byte ? { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: pattern === 'r50k' } : null,
    decoder: byte ? { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: pattern === 'r50k' } : trained.endOfWordSuffix !== undefined ? { type: 'BPEDecoder', suffix: trained.endOfWordSuffix } : null,
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: trained.continuingSubwordPrefix ?? null,
      end_of_word_suffix: trained.endOfWordSuffix ?? null,
      fuse_unk: false,
      byte_fallback: false,
      ignore_merges: false,
      vocab: sortedObject(vocab),
      merges: trained.merges.map(([a, b]) => [a, b] as [string, string]),
    },
  };
}

/** tokenizer.json text of a tokenizer built by this package (or of a description). */
export function writeTokenizerJson(source: PipelineTokenizer | TokenizerJson, options: { pretty?: boolean } = {}): string {
  const json = 'model' in source && 'version' in source ? (source as TokenizerJson) : (source as PipelineTokenizer).json;
  if (json === undefined) throw new TokenizerArgumentError('source', 'has no tokenizer.json description (build it with a factory of this package or readTokenizerJson)');
  return JSON.stringify(json, null, options.pretty ? 2 : undefined);
}
