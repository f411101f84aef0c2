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
import { TokenizerFileError } from '../errors.ts';
import { LIMITS } from '../encodings/limits.ts';
import { BpeTokenizer } from '../bpe/bpe-tokenizer.ts';
import { modelFromGpt2Files } from '../encodings/gpt2-files.ts';
import { requireKnownPattern, type PatternName } from '../pretokenize/patterns.ts';
import { WordPieceModel } from '../wordpiece/wordpiece-model.ts';
import { WordLevelModel } from '../word/word-level-model.ts';
import { ByteLevelModel, byteLevelDecoder } from './byte-level-model.ts';
import { CharBpeModel } from './char-bpe-model.ts';
import { bpeSuffixDecoder, spaceJoinDecoder, wordPieceDecoder } from './decoders.ts';
import { createNormalizer, type NormalizerSpec } from './normalizers.ts';
import { PipelineTokenizer, type Decoder, type Template } from './pipeline-tokenizer.ts';
import { createPreTokenizer, type PreTokenizer, type PreTokenizerSpec } from './pre-tokenizers.ts';
import type { TokenModel } from './token-model.ts';
import type { AddedTokenJson, DecoderSpec, PostProcessorSpec, TokenizerJson } from './tokenizer-json-types.ts';

const FILE = 'tokenizer.json';

type Json = Record<string, unknown>;

function fail(code: ConstructorParameters<typeof TokenizerFileError>[0], field: string, message: string): never {
  throw new TokenizerFileError(code, `${FILE}#${field}`, message);
}

function object(value: unknown, field: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('bad-syntax', field, 'expected a JSON object');
  return value as Json;
}

function string(value: unknown, field: string): string {
  if (typeof value !== 'string') fail('bad-syntax', field, `is ${JSON.stringify(value)?.slice(0, 40)}; expected a string`);
  return value;
}

function optionalString(value: unknown, field: string): string | undefined {
  return value === undefined || value === null ? undefined : string(value, field);
}

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
  return root as unknown as TokenizerJson;
}

/** Token -> id from a model's vocab object, validated. */
export function readVocab(value: unknown, field: string): Map<string, number> {
  const entries = Object.entries(object(value, field));
  if (entries.length > LIMITS.maxEntries) fail('too-many-entries', field, `${entries.length} tokens; expected at most ${LIMITS.maxEntries}`);
  if (entries.length === 0) fail('bad-syntax', field, 'has no tokens');
  const vocab = new Map<string, number>();
  const byId = new Map<number, string>();
  for (const [token, id] of entries) {
    if (typeof id !== 'number' || !Number.isInteger(id) || id < 0 || id > LIMITS.maxId) {
      fail('id-out-of-range', field, `token ${JSON.stringify(token.slice(0, 40))} has id ${JSON.stringify(id)}; expected an integer in [0, ${LIMITS.maxId}]`);
    }
    if (token.length === 0 || token.length > LIMITS.maxTokenBytes) fail('bad-token', field, `a token is empty or longer than ${LIMITS.maxTokenBytes} characters`);
    const other = byId.get(id);
    if (other !== undefined) fail('duplicate-id', field, `id ${id} is given to both ${JSON.stringify(other.slice(0, 40))} and ${JSON.stringify(token.slice(0, 40))}`);
    byId.set(id, token);
    vocab.set(token, id);
  }
  return vocab;
}

/** Merges as [left, right] pairs: "left right" strings or two-element arrays. */
export function readMerges(value: unknown, field: string): Array<[string, string]> {
  if (!Array.isArray(value)) fail('bad-syntax', field, 'expected an array');
  if (value.length > LIMITS.maxEntries) fail('too-many-entries', field, `${value.length} merges; expected at most ${LIMITS.maxEntries}`);
  return value.map((m, i): [string, string] => {
    if (typeof m === 'string') {
      const space = m.indexOf(' ');
      if (space <= 0 || space === m.length - 1 || m.indexOf(' ', space + 1) >= 0) fail('bad-merge', `${field}[${i}]`, `${JSON.stringify(m.slice(0, 40))} is not "left right"`);
      return [m.slice(0, space), m.slice(space + 1)];
    }
    if (Array.isArray(m) && m.length === 2 && typeof m[0] === 'string' && typeof m[1] === 'string' && m[0].length > 0 && m[1].length > 0) return [m[0], m[1]];
    return fail('bad-merge', `${field}[${i}]`, 'expected "left right" or ["left", "right"]');
  });
}

function readAddedTokens(json: TokenizerJson, vocab: ReadonlyMap<string, number>): { all: Record<string, number>; special: Record<string, number> } {
  // No prototype: token texts such as "__proto__" or "constructor" are ordinary keys.
  const all: Record<string, number> = Object.create(null);
  const special: Record<string, number> = Object.create(null);
  const seen = new Map<number, string>();
  let vocabIds: Set<number> | undefined;
  (json.added_tokens as unknown[]).forEach((raw, i) => {
    const field = `added_tokens[${i}]`;
    const t = object(raw, field) as unknown as AddedTokenJson;
    const content = string(t.content, `${field}.content`);
    if (content.length === 0 || content.length > LIMITS.maxTokenBytes) fail('bad-token', `${field}.content`, 'is empty or too long');
    if (typeof t.id !== 'number' || !Number.isInteger(t.id) || t.id < 0 || t.id > LIMITS.maxId) fail('id-out-of-range', `${field}.id`, `is ${JSON.stringify(t.id)}; expected an integer in [0, ${LIMITS.maxId}]`);
    const other = seen.get(t.id);
    if (other !== undefined && other !== content) fail('duplicate-id', `${field}.id`, `id ${t.id} is given to both ${JSON.stringify(other)} and ${JSON.stringify(content)}`);
    seen.set(t.id, content);
    const inVocab = vocab.get(content);
    if (inVocab !== undefined && inVocab !== t.id) fail('inconsistent', `${field}.id`, `${JSON.stringify(content)} has id ${t.id} here and ${inVocab} in the model's vocabulary`);
    if (inVocab === undefined) {
      vocabIds ??= new Set(vocab.values());
      if (vocabIds.has(t.id)) fail('duplicate-id', `${field}.id`, `id ${t.id} of ${JSON.stringify(content)} belongs to another token of the model's vocabulary`);
    }
    all[content] = t.id;
    if (t.special === true) special[content] = t.id;
  });
  return { all, special };
}

function template(spec: PostProcessorSpec | null, idOf: (token: string) => number | undefined, field = 'post_processor'): Template | undefined {
  if (spec === null || spec === undefined) return undefined;
  const checked = (token: string, id: number, where: string): number => {
    if (idOf(token) !== id) fail('inconsistent', where, `${JSON.stringify(token)} has id ${id} here but ${idOf(token)} in the vocabulary`);
    return id;
  };
  switch (spec.type) {
    case 'BertProcessing':
    case 'RobertaProcessing': {
      if (!Array.isArray(spec.cls) || !Array.isArray(spec.sep)) fail('bad-syntax', field, 'cls and sep must be [token, id]');
      return { prefix: [checked(string(spec.cls[0], `${field}.cls`), spec.cls[1], `${field}.cls`)], suffix: [checked(string(spec.sep[0], `${field}.sep`), spec.sep[1], `${field}.sep`)] };
    }
    case 'TemplateProcessing': {
      if (!Array.isArray(spec.single)) fail('bad-syntax', `${field}.single`, 'expected an array');
      const prefix: number[] = [];
      const suffix: number[] = [];
      let seenSequence = false;
      const specials = object(spec.special_tokens ?? {}, `${field}.special_tokens`);
      spec.single.forEach((piece, i) => {
        const where = `${field}.single[${i}]`;
        const p = object(piece, where);
        if (p['Sequence'] !== undefined) {
          if (seenSequence) fail('inconsistent', where, 'a single-sequence template has one Sequence');
          seenSequence = true;
          return;
        }
        const name = string(object(p['SpecialToken'], `${where}.SpecialToken`)['id'], `${where}.SpecialToken.id`);
        const entry = specials[name] === undefined ? undefined : object(specials[name], `${field}.special_tokens.${name}`);
        const ids = entry === undefined ? [idOf(name)] : (entry['ids'] as unknown[]);
        if (!Array.isArray(ids)) fail('bad-syntax', `${field}.special_tokens.${name}.ids`, 'expected an array');
        for (const id of ids) {
          if (typeof id !== 'number' || (id !== idOf(name) && entry === undefined)) fail('missing-token', where, `special token ${JSON.stringify(name)} is not in the vocabulary`);
          (seenSequence ? suffix : prefix).push(id);
        }
      });
      if (!seenSequence) fail('inconsistent', `${field}.single`, 'has no Sequence');
      return { prefix, suffix };
    }
    case 'ByteLevel':
      return undefined;
    case 'Sequence': {
      if (!Array.isArray(spec.processors)) fail('bad-syntax', `${field}.processors`, 'expected an array');
      let found: Template | undefined;
      spec.processors.forEach((p, i) => {
        const t = template(p, idOf, `${field}.processors[${i}]`);
        if (t !== undefined && found !== undefined) fail('inconsistent', field, 'has two templates');
        found = t ?? found;
      });
      return found;
    }
    default:
      return fail('unsupported-type', `${field}.type`, `post-processor type ${JSON.stringify((spec as { type: unknown }).type)} is not supported (supported: TemplateProcessing, BertProcessing, RobertaProcessing, ByteLevel, Sequence)`);
  }
}

function decoder(spec: DecoderSpec | null, fallback: Decoder): Decoder {
  if (spec === null || spec === undefined) return fallback;
  switch (spec.type) {
    case 'WordPiece':
      return wordPieceDecoder(optionalString(spec.prefix, 'decoder.prefix') ?? '##', spec.cleanup !== false);
    case 'BPEDecoder':
      return bpeSuffixDecoder(optionalString(spec.suffix, 'decoder.suffix') ?? '</w>');
    case 'ByteLevel':
      return fail('inconsistent', 'decoder.type', 'ByteLevel decoding needs a byte-level BPE model');
    default:
      return fail('unsupported-type', 'decoder.type', `decoder type ${JSON.stringify((spec as { type: unknown }).type)} is not supported (supported: WordPiece, BPEDecoder, ByteLevel with byte-level BPE)`);
  }
}

/** The known pattern of a byte-level pre-tokenizer (and its prefix-space flag), or undefined when it has no ByteLevel step. */
function byteLevelPattern(spec: PreTokenizerSpec | null): { pattern: PatternName; addPrefixSpace: boolean } | undefined {
  if (spec === null || spec === undefined) return undefined;
  if (spec.type === 'ByteLevel') {
    if (spec.use_regex === false) fail('inconsistent', 'pre_tokenizer.use_regex', 'ByteLevel without a split pattern is not supported');
    return { pattern: 'r50k', addPrefixSpace: spec.add_prefix_space === true };
  }
  if (spec.type === 'Sequence' && Array.isArray(spec.pretokenizers) && spec.pretokenizers.some((p) => p?.type === 'ByteLevel')) {
    const parts = spec.pretokenizers;
    const split = parts[0];
    const byteLevel = parts[1];
    if (parts.length !== 2 || split?.type !== 'Split' || byteLevel?.type !== 'ByteLevel') {
      fail('inconsistent', 'pre_tokenizer', 'a byte-level Sequence must be [Split with a known pattern, ByteLevel]');
    }
    if (byteLevel.use_regex === true) fail('inconsistent', 'pre_tokenizer.pretokenizers[1].use_regex', 'expected false after a Split');
    if (split.invert === true || (split.behavior !== undefined && split.behavior !== 'Isolated')) {
      fail('inconsistent', 'pre_tokenizer.pretokenizers[0].behavior', `expected "Isolated" without invert; got ${JSON.stringify(split.behavior)}`);
    }
    const source = split.pattern?.Regex ?? split.pattern?.String;
    const pattern = requireKnownPattern(string(source, 'pre_tokenizer.pretokenizers[0].pattern'), `${FILE}#pre_tokenizer.pretokenizers[0].pattern`);
    return { pattern, addPrefixSpace: byteLevel.add_prefix_space === true };
  }
  return undefined;
}

/** The offset-trimming post-processor (ByteLevel or RobertaProcessing, also inside a Sequence), if any. */
function trimmingProcessor(spec: PostProcessorSpec | null | undefined): { trim: boolean; addPrefixSpace: boolean } {
  if (spec === null || spec === undefined) return { trim: false, addPrefixSpace: true };
  if (spec.type === 'ByteLevel' || spec.type === 'RobertaProcessing') return { trim: spec.trim_offsets !== false, addPrefixSpace: spec.add_prefix_space !== false };
  if (spec.type === 'Sequence' && Array.isArray(spec.processors)) {
    for (const p of spec.processors) if (p?.type === 'ByteLevel' || p?.type === 'RobertaProcessing') return trimmingProcessor(p);
  }
  return { trim: false, addPrefixSpace: true };
}

function byteLevelTokenizer(json: TokenizerJson, byteLevel: { pattern: PatternName; addPrefixSpace: boolean }, vocab: Map<string, number>): PipelineTokenizer {
  const model = json.model;
  if (model.type !== 'BPE') fail('inconsistent', 'model.type', `ByteLevel pre-tokenization needs a BPE model, not ${model.type}`);
  if (model.byte_fallback === true) fail('unsupported-type', 'model.byte_fallback', 'byte fallback is not supported');
  if (typeof model.dropout === 'number' && model.dropout > 0) fail('unsupported-type', 'model.dropout', 'BPE dropout is not supported');
  if (json.decoder !== null && json.decoder !== undefined && json.decoder.type !== 'ByteLevel') fail('unsupported-type', 'decoder.type', `decoder ${JSON.stringify(json.decoder.type)} with a byte-level BPE model; expected ByteLevel`);
  const added = readAddedTokens(json, vocab);
  const merges = readMerges(model.merges, 'model.merges');
  const encoder: Record<string, number> = Object.assign(Object.create(null), Object.fromEntries(vocab));
  for (const [content, id] of Object.entries(added.all)) encoder[content] = id;
  const mergesText = merges.map(([a, b]) => `${a} ${b}`).join('\n');
  let bpe: BpeTokenizer;
  try {
    const built = modelFromGpt2Files(encoder, mergesText, { mode: 'merges', specialTokens: Object.keys(added.all) });
    bpe = new BpeTokenizer({ model: built.model, pattern: byteLevel.pattern, name: FILE });
  } catch (error) {
    if (error instanceof TokenizerFileError) throw new TokenizerFileError(error.code, `${FILE}#model`, error.message);
    throw error;
  }
  const normalizer = json.normalizer === null || json.normalizer === undefined ? undefined : createNormalizer(json.normalizer as NormalizerSpec);
  const trimming = trimmingProcessor(json.post_processor);
  return new PipelineTokenizer({
    name: FILE,
    model: new ByteLevelModel(bpe, { addPrefixSpace: byteLevel.addPrefixSpace, trimOffsets: trimming.trim, trimKeepsPrefixSpace: trimming.addPrefixSpace }),
    normalizer,
    preTokenizer: (_text, start, end, out) => {
      out.push(start);
      out.push(end);
    },
    specialTokens: added.all,
    skippedIds: Object.values(added.special),
    template: template(json.post_processor, (t) => added.all[t] ?? vocab.get(t)),
    decoder: byteLevelDecoder,
    json,
  });
}

/** Builds a tokenizer from tokenizer.json text (or its parsed object). */
export function readTokenizerJson(input: string | unknown): PipelineTokenizer {
  const json = parseTokenizerJson(input);
  const m = json.model as unknown as Json;
  const vocab = readVocab(m['vocab'], 'model.vocab');
  const byteLevel = byteLevelPattern(json.pre_tokenizer);
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
      const maxChars = m['max_input_chars_per_word'] ?? 100;
      if (typeof maxChars !== 'number' || !Number.isSafeInteger(maxChars) || maxChars < 1) fail('bad-syntax', 'model.max_input_chars_per_word', 'expected an integer >= 1');
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
      if (m['byte_fallback'] === true) fail('unsupported-type', 'model.byte_fallback', 'byte fallback is not supported');
      if (typeof m['dropout'] === 'number' && m['dropout'] > 0) fail('unsupported-type', 'model.dropout', 'BPE dropout is not supported');
      const unk = optionalString(m['unk_token'], 'model.unk_token');
      if (unk !== undefined && !vocab.has(unk)) fail('missing-token', 'model.unk_token', `${JSON.stringify(unk)} is not in the vocabulary`);
      const prefix = optionalString(m['continuing_subword_prefix'], 'model.continuing_subword_prefix');
      const suffix = optionalString(m['end_of_word_suffix'], 'model.end_of_word_suffix');
      model = (() => {
        try {
          return new CharBpeModel(vocab, merges, { unkToken: unk, continuingSubwordPrefix: prefix, endOfWordSuffix: suffix, fuseUnknown: m['fuse_unk'] === true });
        } catch (error) {
          throw new TokenizerFileError('bad-merge', `${FILE}#model.merges`, (error as Error).message);
        }
      })();
      if (suffix !== undefined) fallbackDecoder = bpeSuffixDecoder(suffix);
      break;
    }
    default:
      return fail('unsupported-type', 'model.type', `model type ${JSON.stringify((json.model as { type: unknown }).type)} is not supported (supported: BPE, WordPiece, WordLevel)`);
  }
  const added = readAddedTokens(json, vocab);
  const normalizer = json.normalizer === null || json.normalizer === undefined ? undefined : createNormalizer(json.normalizer as NormalizerSpec);
  const preTokenizer: PreTokenizer =
    json.pre_tokenizer === null || json.pre_tokenizer === undefined ? (_text, start, end, out) => { out.push(start); out.push(end); } : createPreTokenizer(json.pre_tokenizer);
  const idOf = (t: string): number | undefined => added.all[t] ?? vocab.get(t);
  return new PipelineTokenizer({
    name: FILE,
    model,
    normalizer,
    preTokenizer,
    specialTokens: added.all,
    skippedIds: Object.values(added.special),
    template: template(json.post_processor, idOf),
    decoder: decoder(json.decoder, fallbackDecoder),
    json,
  });
}
