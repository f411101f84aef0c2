/**
 * A byte-level BPE tokenizer.json (a ByteLevel pre-tokenizer, alone or after a Split with a known
 * pattern) runs on this package's byte-level encoder (BpeTokenizer) through ByteLevelModel.
 */
import { BpeTokenizer } from '../../bpe/bpe-tokenizer.ts';
import { TokenizerFileError } from '../../errors.ts';
import { byteLevelDecoder } from '../../pipeline/decoders/byte-level.ts';
import { ByteLevelModel } from '../../pipeline/models/byte-level-model.ts';
import { PipelineTokenizer } from '../../pipeline/pipeline-tokenizer.ts';
import { wholePreTokenizer } from '../../pipeline/pre-tokenizers/pre-tokenizer.ts';
import { coveringSplitOutcome } from '../../pipeline/pre-tokenizers/split.ts';
import type { PatternName } from '../../pretokenize/patterns.ts';
import { modelFromGpt2Files } from '../gpt2-files.ts';
import { readAddedTokens } from './added-tokens-json.ts';
import { fail, flag, type Json } from './fields.ts';
import { checkBpeOptions, readMerges } from './model-fields.ts';
import { createNormalizer } from './normalizer-json.ts';
import { template, trimmingProcessor } from './post-processor-json.ts';
import { readSplit } from './pre-tokenizer-json.ts';
import type { NormalizerSpec, PreTokenizerSpec, TokenizerJson } from './types.ts';

const FILE = 'tokenizer.json';

/** How a byte-level tokenizer.json splits text before its byte-level BPE. */
export interface ByteLevelSplit {
  /** The known split pattern. */
  pattern: PatternName;
  /**
   * What the pre-tokenizer makes of a text: the pattern's matches, the whole text as one piece, or
   * nothing at all (see coveringSplitOutcome: the known patterns match every character).
   */
  outcome: 'matches' | 'whole' | 'nothing';
  addPrefixSpace: boolean;
}

/**
 * The split of a byte-level pre-tokenizer: ByteLevel with use_regex (GPT-2's pattern), or
 * [Split with a known pattern and any behavior, ByteLevel without regex]. Undefined when the
 * pre-tokenizer has no ByteLevel step.
 */
export function readByteLevelSplit(spec: PreTokenizerSpec | null): ByteLevelSplit | undefined {
  if (spec === null || spec === undefined) return undefined;
  if (spec.type === 'ByteLevel') {
    if (!flag(spec.use_regex, true, 'pre_tokenizer.use_regex')) fail('inconsistent', 'pre_tokenizer.use_regex', 'ByteLevel without a split pattern is not supported');
    flag(spec.trim_offsets, true, 'pre_tokenizer.trim_offsets');
    return { pattern: 'r50k', outcome: 'matches', addPrefixSpace: flag(spec.add_prefix_space, false, 'pre_tokenizer.add_prefix_space') };
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
    const { pattern, behavior, invert } = readSplit(split, `${FILE}#pre_tokenizer.pretokenizers[0]`);
    if (pattern.known === undefined) fail('unknown-pattern', 'pre_tokenizer.pretokenizers[0].pattern', 'a byte-level Split needs a known split pattern (r50k, cl100k or o200k), not a String');
    return { pattern: pattern.known, outcome: coveringSplitOutcome(behavior, invert), addPrefixSpace: flag(byteLevel.add_prefix_space, false, 'pre_tokenizer.pretokenizers[1].add_prefix_space') };
  }
  return undefined;
}

export function byteLevelTokenizer(json: TokenizerJson, byteLevel: ByteLevelSplit, vocab: Map<string, number>): PipelineTokenizer {
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
    bpe = new BpeTokenizer({ model: built.model, pattern: byteLevel.pattern, splitPieces: byteLevel.outcome === 'matches', name: FILE });
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
    // the BPE splits each text by the pattern itself ('matches') or keeps it whole
    preTokenizer: byteLevel.outcome === 'nothing' ? () => {} : wholePreTokenizer,
    specialTokens: added.all,
    skippedIds: Object.values(added.special),
    template: template(json.post_processor, (t) => added.all[t] ?? vocab.get(t)),
    decoder: byteLevelDecoder,
    json,
  });
}
