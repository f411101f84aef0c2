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
import { DEFAULT_MAX_INPUT_CHARS_PER_WORD, MAX_INPUT_CHARS_PER_WORD, WordPieceModel } from '../wordpiece/wordpiece-model.ts';
import { WordLevelModel } from '../word/word-level-model.ts';
import { ByteLevelModel, byteLevelDecoder } from './byte-level-model.ts';
import { CharBpeModel } from './char-bpe-model.ts';
import { bpeSuffixDecoder, spaceJoinDecoder, wordPieceDecoder } from './decoders.ts';
import { fail, flag, integer, object, optionalString, string, type Json } from './json-fields.ts';
import { createNormalizer, type NormalizerSpec } from './normalizers.ts';
import { PipelineTokenizer, type Decoder, type Template } from './pipeline-tokenizer.ts';
import { createPreTokenizer, type PreTokenizer, type PreTokenizerSpec } from './pre-tokenizers.ts';
import type { TokenModel } from './token-model.ts';
import type { AddedTokenJson, DecoderSpec, PostProcessorSpec, TokenizerJson } from './tokenizer-json-types.ts';
import { checkPadding, checkTruncation, MAX_TYPE_ID } from './truncation-padding-json.ts';

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

/** Token -> id from a model's vocab object, validated. */
export function readVocab(value: unknown, field: string): Map<string, number> {
  const entries = Object.entries(object(value, field));
  if (entries.length > LIMITS.maxEntries) fail('too-many-entries', field, `${entries.length} tokens; expected at most ${LIMITS.maxEntries}`);
  if (entries.length === 0) fail('bad-syntax', field, 'has no tokens');
  const vocab = new Map<string, number>();
  const byId = new Map<number, string>();
  for (const [token, id] of entries) {
    if (typeof id !== 'number' || !Number.isInteger(id) || id < 0 || id > LIMITS.maxId) {
      fail('id-out-of-range', field, `token ${JSON.stringify(token.slice(0, 40))} has id ${String(JSON.stringify(id)).slice(0, 40)}; expected an integer in [0, ${LIMITS.maxId}]`);
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
  // absent or null: no added tokens (parseTokenizerJson checked that anything else is an array)
  ((json.added_tokens ?? []) as unknown[]).forEach((raw, i) => {
    const field = `added_tokens[${i}]`;
    const t = object(raw, field) as unknown as AddedTokenJson;
    const content = string(t.content, `${field}.content`);
    if (content.length === 0 || content.length > LIMITS.maxTokenBytes) fail('bad-token', `${field}.content`, 'is empty or too long');
    integer(t.id, `${field}.id`, 0, LIMITS.maxId, { id: true });
    for (const key of ['special', 'single_word', 'lstrip', 'rstrip', 'normalized'] as const) flag(t[key], false, `${field}.${key}`);
    if (all[content] !== undefined && all[content] !== t.id) fail('duplicate-token', `${field}.content`, `${JSON.stringify(content.slice(0, 40))} is given ids ${all[content]} and ${t.id}`);
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

/** Most ids one template special token may stand for, and most pieces of a template. */
const MAX_TEMPLATE_IDS = 64;
/** Deepest nesting of Sequence post-processors (as for normalizers and pre-tokenizers). */
const MAX_DEPTH = 8;

function template(spec: PostProcessorSpec | null, idOf: (token: string) => number | undefined, field = 'post_processor', depth = 0): Template | undefined {
  if (spec === null || spec === undefined) return undefined;
  if (depth > MAX_DEPTH) fail('inconsistent', field, `post-processors nest deeper than ${MAX_DEPTH} levels`);
  object(spec, field);
  const checked = (token: string, id: number, where: string): number => {
    if (idOf(token) !== id) fail('inconsistent', where, `${JSON.stringify(token)} has id ${id} here but ${idOf(token)} in the vocabulary`);
    return id;
  };
  switch (spec.type) {
    case 'BertProcessing':
    case 'RobertaProcessing': {
      if (!Array.isArray(spec.cls) || !Array.isArray(spec.sep)) fail('bad-syntax', field, 'cls and sep must be [token, id]');
      if (spec.type === 'RobertaProcessing') {
        flag(spec.trim_offsets, true, `${field}.trim_offsets`);
        flag(spec.add_prefix_space, true, `${field}.add_prefix_space`);
      }
      const [cls, sep] = (['cls', 'sep'] as const).map((key) => checked(string(spec[key][0], `${field}.${key}[0]`), integer(spec[key][1], `${field}.${key}[1]`, 0, LIMITS.maxId, { id: true }), `${field}.${key}`));
      return { prefix: [cls!], suffix: [sep!] };
    }
    case 'TemplateProcessing': {
      if (!Array.isArray(spec.single) || spec.single.length > MAX_TEMPLATE_IDS) fail('bad-syntax', `${field}.single`, `expected an array of at most ${MAX_TEMPLATE_IDS} pieces`);
      const prefix: number[] = [];
      const suffix: number[] = [];
      let seenSequence = false;
      const specials = object(spec.special_tokens ?? {}, `${field}.special_tokens`);
      spec.single.forEach((piece, i) => {
        const where = `${field}.single[${i}]`;
        const p = object(piece, where);
        if (p['Sequence'] !== undefined) {
          if (seenSequence) fail('inconsistent', where, 'a single-sequence template has one Sequence');
          integer(object(p['Sequence'], `${where}.Sequence`)['type_id'], `${where}.Sequence.type_id`, 0, MAX_TYPE_ID, { fallback: 0 });
          seenSequence = true;
          return;
        }
        const special = object(p['SpecialToken'], `${where}.SpecialToken`);
        const name = string(special['id'], `${where}.SpecialToken.id`);
        integer(special['type_id'], `${where}.SpecialToken.type_id`, 0, MAX_TYPE_ID, { fallback: 0 });
        const entryField = `${field}.special_tokens.${name}`;
        const entry = Object.hasOwn(specials, name) ? object(specials[name], entryField) : undefined;
        if (entry === undefined) {
          const id = idOf(name);
          if (id === undefined) fail('missing-token', where, `special token ${JSON.stringify(name)} is not in the vocabulary`);
          (seenSequence ? suffix : prefix).push(id);
          return;
        }
        const ids = entry['ids'];
        const texts = entry['tokens'];
        if (!Array.isArray(ids) || ids.length > MAX_TEMPLATE_IDS) fail('bad-syntax', `${entryField}.ids`, `expected an array of at most ${MAX_TEMPLATE_IDS} ids`);
        if (!Array.isArray(texts) || texts.length !== ids.length) fail('bad-syntax', `${entryField}.tokens`, 'expected an array as long as ids');
        ids.forEach((raw, k) => {
          const id = integer(raw, `${entryField}.ids[${k}]`, 0, LIMITS.maxId, { id: true });
          (seenSequence ? suffix : prefix).push(checked(string(texts[k], `${entryField}.tokens[${k}]`), id, `${entryField}.ids[${k}]`));
        });
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
        const t = template(p, idOf, `${field}.processors[${i}]`, depth + 1);
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
      return wordPieceDecoder(optionalString(spec.prefix, 'decoder.prefix') ?? '##', flag(spec.cleanup, true, 'decoder.cleanup'));
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
    if (!flag(spec.use_regex, true, 'pre_tokenizer.use_regex')) fail('inconsistent', 'pre_tokenizer.use_regex', 'ByteLevel without a split pattern is not supported');
    flag(spec.trim_offsets, true, 'pre_tokenizer.trim_offsets');
    return { pattern: 'r50k', addPrefixSpace: flag(spec.add_prefix_space, false, 'pre_tokenizer.add_prefix_space') };
  }
  if (spec.type === 'Sequence' && Array.isArray(spec.pretokenizers) && spec.pretokenizers.some((p) => p?.type === 'ByteLevel')) {
    const parts = spec.pretokenizers;
    const split = parts[0];
    const byteLevel = parts[1];
    if (parts.length !== 2 || split?.type !== 'Split' || byteLevel?.type !== 'ByteLevel') {
      fail('inconsistent', 'pre_tokenizer', 'a byte-level Sequence must be [Split with a known pattern, ByteLevel]');
    }
    if (flag(byteLevel.use_regex, true, 'pre_tokenizer.pretokenizers[1].use_regex')) fail('inconsistent', 'pre_tokenizer.pretokenizers[1].use_regex', 'expected false after a Split');
    flag(byteLevel.trim_offsets, true, 'pre_tokenizer.pretokenizers[1].trim_offsets');
    if (flag(split.invert, false, 'pre_tokenizer.pretokenizers[0].invert') || (split.behavior !== undefined && split.behavior !== 'Isolated')) {
      fail('inconsistent', 'pre_tokenizer.pretokenizers[0].behavior', `expected "Isolated" without invert; got ${JSON.stringify(split.behavior)}`);
    }
    const source = split.pattern?.Regex ?? split.pattern?.String;
    const pattern = requireKnownPattern(string(source, 'pre_tokenizer.pretokenizers[0].pattern'), `${FILE}#pre_tokenizer.pretokenizers[0].pattern`);
    return { pattern, addPrefixSpace: flag(byteLevel.add_prefix_space, false, 'pre_tokenizer.pretokenizers[1].add_prefix_space') };
  }
  return undefined;
}

/** The offset-trimming post-processor (ByteLevel or RobertaProcessing, also inside a Sequence), if any. */
function trimmingProcessor(spec: PostProcessorSpec | null | undefined, field = 'post_processor'): { trim: boolean; addPrefixSpace: boolean } {
  if (spec === null || spec === undefined) return { trim: false, addPrefixSpace: true };
  if (spec.type === 'ByteLevel' || spec.type === 'RobertaProcessing') return { trim: flag(spec.trim_offsets, true, `${field}.trim_offsets`), addPrefixSpace: flag(spec.add_prefix_space, true, `${field}.add_prefix_space`) };
  if (spec.type === 'Sequence' && Array.isArray(spec.processors)) {
    for (const [i, p] of spec.processors.entries()) if (p?.type === 'ByteLevel' || p?.type === 'RobertaProcessing') return trimmingProcessor(p, `${field}.processors[${i}]`);
  }
  return { trim: false, addPrefixSpace: true };
}

function byteLevelTokenizer(json: TokenizerJson, byteLevel: { pattern: PatternName; addPrefixSpace: boolean }, vocab: Map<string, number>): PipelineTokenizer {
  const model = json.model;
  if (model.type !== 'BPE') fail('inconsistent', 'model.type', `ByteLevel pre-tokenization needs a BPE model, not ${model.type}`);
  checkBpeOptions(model as unknown as Json);
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

/** The BPE model's flags and dropout: supported values only (no byte fallback, no dropout). */
function checkBpeOptions(m: Json): void {
  if (flag(m['byte_fallback'], false, 'model.byte_fallback')) fail('unsupported-type', 'model.byte_fallback', 'byte fallback is not supported');
  flag(m['ignore_merges'], false, 'model.ignore_merges');
  const dropout = m['dropout'];
  if (dropout !== undefined && dropout !== null) {
    if (typeof dropout !== 'number') fail('bad-syntax', 'model.dropout', `is ${String(JSON.stringify(dropout)).slice(0, 40)}; expected null or a number in [0, 1]`);
    if (!(dropout >= 0 && dropout <= 1)) fail('out-of-range', 'model.dropout', `is ${dropout}; expected null or a number in [0, 1]`);
    if (dropout > 0) fail('unsupported-type', 'model.dropout', 'BPE dropout is not supported');
  }
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
