/**
 * Reads Hugging Face's tokenizer.json (untrusted input): sizes and counts are capped before use,
 * ids must be unique integers in range, merges must name existing tokens, added tokens must agree
 * with the vocabulary, unknown component types are TokenizerFileError('unsupported-type') naming
 * the type, and no regular expression is compiled from the file (Split accepts known patterns only).
 *
 * The result is a PipelineTokenizer (Hugging Face semantics: added tokens are recognized in text,
 * template tokens are added); a BPE model with the ByteLevel pre-tokenizer runs on this package's
 * byte-level encoder (BpeTokenizer) through ByteLevelModel.
 */
import { TokenizerFileError } from '../../errors.ts';
import type { Decoder } from '../../pipeline/decoders/decoder.ts';
import { bpeSuffixDecoder } from '../../pipeline/decoders/bpe-suffix.ts';
import { spaceJoinDecoder } from '../../pipeline/decoders/join.ts';
import { wordPieceDecoder } from '../../pipeline/decoders/word-piece.ts';
import { CharBpeModel } from '../../pipeline/models/char-bpe-model.ts';
import type { TokenModel } from '../../pipeline/models/token-model.ts';
import { WordLevelModel } from '../../pipeline/models/word-level-model.ts';
import { DEFAULT_MAX_INPUT_CHARS_PER_WORD, MAX_INPUT_CHARS_PER_WORD, WordPieceModel } from '../../pipeline/models/wordpiece-model.ts';
import { PipelineTokenizer, type PipelineTokenizerOptions } from '../../pipeline/pipeline-tokenizer.ts';
import { wholePreTokenizer } from '../../pipeline/pre-tokenizers/pre-tokenizer.ts';
import { LIMITS } from '../limits.ts';
import { readAddedTokens } from './added-tokens-json.ts';
import { readByteLevelSplit, byteLevelTokenizer } from './byte-level-json.ts';
import { createDecoder } from './decoder-json.ts';
import { fail, flag, integer, object, optionalString, string, type Json } from './fields.ts';
import { checkBpeOptions, readMerges, readVocab } from './model-fields.ts';
import { createNormalizer } from './normalizer-json.ts';
import { template } from './post-processor-json.ts';
import { createPreTokenizer, readMetaspace } from './pre-tokenizer-json.ts';
import { readUnigramModel } from './unigram-json.ts';
import type { NormalizerSpec, TokenizerJson } from './types.ts';
import { checkPadding, checkTruncation } from './truncation-padding.ts';

const FILE = 'tokenizer.json';

/** Parses the text (or takes an already parsed object) and validates its outline. */
export function parseTokenizerJson(input: string | unknown): TokenizerJson {
  let value = input;
  if (typeof input === 'string') {
    if (input.length > LIMITS.maxFileChars) throw new TokenizerFileError('too-large', FILE, `${input.length} characters; expected at most ${LIMITS.maxFileChars}`);
    try {
      value = JSON.parse(input);
    } catch (error) {
      throw new TokenizerFileError('bad-syntax', FILE, `not valid JSON (${(error as Error).message})`);
    }
  }
  const root = object(value, 'root');
  const model = object(root['model'], 'model');
  string(model['type'], 'model.type');
  const added = root['added_tokens'] ?? [];
  if (!Array.isArray(added)) fail('bad-syntax', 'added_tokens', 'expected an array');
  if (added.length > LIMITS.maxEntries) fail('too-many-entries', 'added_tokens', `${added.length} entries; expected at most ${LIMITS.maxEntries}`);
  for (const key of ['normalizer', 'pre_tokenizer', 'post_processor', 'decoder']) {
    if (root[key] !== null && root[key] !== undefined) string(object(root[key], key)['type'], `${key}.type`);
  }
  checkTruncation(root['truncation']);
  checkPadding(root['padding']);
  return root as unknown as TokenizerJson;
}

/** Builds a tokenizer from tokenizer.json text (or its parsed object). */
export function readTokenizerJson(input: string | unknown): PipelineTokenizer {
  const json = parseTokenizerJson(input);
  const m = json.model as unknown as Json;
  if (json.model.type === 'Unigram') return unigramTokenizer(json, m);
  const vocab = readVocab(m['vocab'], 'model.vocab');
  const byteLevel = readByteLevelSplit(json.pre_tokenizer);
  if (byteLevel !== undefined) return byteLevelTokenizer(json, byteLevel, vocab);

  let model: TokenModel;
  let fallbackDecoder: Decoder = spaceJoinDecoder;
  const wrap = <T>(make: () => T): T => {
    try {
      return make();
    } catch (error) {
      if (error instanceof TokenizerFileError) throw error;
      throw new TokenizerFileError('missing-token', `${FILE}#model`, (error as Error).message);
    }
  };
  switch (json.model.type) {
    case 'WordPiece': {
      const unk = string(m['unk_token'], 'model.unk_token');
      if (!vocab.has(unk)) fail('missing-token', 'model.unk_token', `${JSON.stringify(unk)} is not in the vocabulary`);
      const prefix = optionalString(m['continuing_subword_prefix'], 'model.continuing_subword_prefix') ?? '##';
      // bounded: probes per input unit grow with it (see wordpiece-model.ts)
      const maxChars = integer(m['max_input_chars_per_word'], 'model.max_input_chars_per_word', 1, MAX_INPUT_CHARS_PER_WORD, { fallback: DEFAULT_MAX_INPUT_CHARS_PER_WORD });
      model = wrap(() => new WordPieceModel(vocab, { unkToken: unk, continuingSubwordPrefix: prefix, maxInputCharsPerWord: maxChars }));
      fallbackDecoder = wordPieceDecoder(prefix);
      break;
    }
    case 'WordLevel': {
      const unk = string(m['unk_token'], 'model.unk_token');
      if (!vocab.has(unk)) fail('missing-token', 'model.unk_token', `${JSON.stringify(unk)} is not in the vocabulary`);
      model = wrap(() => new WordLevelModel(vocab, unk));
      break;
    }
    case 'BPE': {
      const merges = readMerges(m['merges'], 'model.merges');
      checkBpeOptions(m);
      const unk = optionalString(m['unk_token'], 'model.unk_token');
      if (unk !== undefined && !vocab.has(unk)) fail('missing-token', 'model.unk_token', `${JSON.stringify(unk)} is not in the vocabulary`);
      const prefix = optionalString(m['continuing_subword_prefix'], 'model.continuing_subword_prefix');
      const suffix = optionalString(m['end_of_word_suffix'], 'model.end_of_word_suffix');
      const fuseUnknown = flag(m['fuse_unk'], false, 'model.fuse_unk');
      model = (() => {
        try {
          return new CharBpeModel(vocab, merges, { unkToken: unk, continuingSubwordPrefix: prefix, endOfWordSuffix: suffix, fuseUnknown });
        } catch (error) {
          throw new TokenizerFileError('bad-merge', `${FILE}#model.merges`, (error as Error).message);
        }
      })();
      if (suffix !== undefined) fallbackDecoder = bpeSuffixDecoder(suffix);
      break;
    }
    default:
      return fail('unsupported-type', 'model.type', `model type ${JSON.stringify((json.model as { type: unknown }).type)} is not supported (supported: BPE, WordPiece, WordLevel, Unigram)`);
  }
  const preTokenizer =
    json.pre_tokenizer === null || json.pre_tokenizer === undefined ? wholePreTokenizer : createPreTokenizer(json.pre_tokenizer);
  return pipelineTokenizer(json, model, vocab, { preTokenizer, fallbackDecoder });
}

/** The tokenizer around a model: the file's added tokens, normalizer, post-processor and decoder. */
function pipelineTokenizer(
  json: TokenizerJson,
  model: TokenModel,
  vocab: ReadonlyMap<string, number>,
  parts: Pick<PipelineTokenizerOptions, 'preTokenizer' | 'preTokenizerRewrite'> & { fallbackDecoder: Decoder },
): PipelineTokenizer {
  const added = readAddedTokens(json, vocab);
  const normalizer = json.normalizer === null || json.normalizer === undefined ? undefined : createNormalizer(json.normalizer as NormalizerSpec);
  const idOf = (t: string): number | undefined => added.all[t] ?? vocab.get(t);
  return new PipelineTokenizer({
    name: FILE,
    model,
    normalizer,
    preTokenizer: parts.preTokenizer,
    preTokenizerRewrite: parts.preTokenizerRewrite,
    specialTokens: added.all,
    skippedIds: Object.values(added.special),
    template: template(json.post_processor, idOf),
    decoder: createDecoder(json.decoder, parts.fallbackDecoder),
    json,
  });
}

/**
 * A Unigram tokenizer.json (SentencePiece-style models saved by Hugging Face): the Unigram model,
 * with Metaspace as the pre-tokenizer (its rewrite runs after the normalizer) or any other one.
 */
function unigramTokenizer(json: TokenizerJson, m: Json): PipelineTokenizer {
  const { model, vocab } = readUnigramModel(m);
  const spec = json.pre_tokenizer;
  const meta = spec !== null && spec !== undefined && spec.type === 'Metaspace' ? readMetaspace(spec, `${FILE}#pre_tokenizer`) : undefined;
  const preTokenizer = meta !== undefined ? meta.preTokenizer : spec === null || spec === undefined ? wholePreTokenizer : createPreTokenizer(spec);
  return pipelineTokenizer(json, model, vocab, { preTokenizer, preTokenizerRewrite: meta?.rewrite, fallbackDecoder: spaceJoinDecoder });
}
