/**
 * Pre-tokenizers of the generic pipeline (WordPiece, word-level, character-level and
 * character-level BPE models), as Hugging Face's tokenizer.json describes them. ByteLevel is not
 * here: a byte-level BPE tokenizer.json is served by BpeTokenizer (see read-tokenizer-json.ts).
 */
import { IdBuffer } from '../bpe/id-buffer.ts';
import { TokenizerFileError } from '../errors.ts';
import { flagIn, objectIn } from './json-fields.ts';
import { compilePattern, requireKnownPattern } from '../pretokenize/patterns.ts';
import { addWork } from '../work-counter.ts';
import { bertClass, PUNCTUATION, WHITESPACE } from '../wordpiece/bert-chars.ts';
import { whitespaceRegExp, whitespaceSplitRegExp } from '../word/whitespace.ts';

export type PreTokenizerSpec =
  | { type: 'BertPreTokenizer' }
  | { type: 'Whitespace' }
  | { type: 'WhitespaceSplit' }
  | { type: 'ByteLevel'; add_prefix_space?: boolean; trim_offsets?: boolean; use_regex?: boolean }
  | { type: 'Split'; pattern: { String?: string; Regex?: string }; behavior?: string; invert?: boolean }
  | { type: 'Sequence'; pretokenizers: PreTokenizerSpec[] };

/** Appends the pieces of text[start, end) to `out` as (start, end) pairs of UTF-16 offsets. */
export type PreTokenizer = (text: string, start: number, end: number, out: IdBuffer) => void;

function push2(out: IdBuffer, a: number, b: number): void {
  if (out.length + 2 > out.data.length) out.reserve(out.length + 2);
  out.data[out.length++] = a;
  out.data[out.length++] = b;
}

/** BERT: split on whitespace (dropped) and around each punctuation character. */
export const bertPreTokenizer: PreTokenizer = (text, start, end, out) => {
  addWork('scanned', end - start);
  let wordStart = -1;
  for (let i = start; i < end; ) {
    const unit = text.charCodeAt(i);
    if ((unit >= 97 && unit <= 122) || (unit >= 48 && unit <= 57) || (unit >= 65 && unit <= 90)) {
      if (wordStart < 0) wordStart = i;
      i++;
      continue;
    }
    const cp = unit >= 0xd800 && unit <= 0xdbff ? text.codePointAt(i)! : unit;
    const next = i + (cp > 0xffff ? 2 : 1);
    const cls = bertClass(cp);
    if ((cls & WHITESPACE) !== 0) {
      if (wordStart >= 0) push2(out, wordStart, i);
      wordStart = -1;
    } else if ((cls & PUNCTUATION) !== 0) {
      if (wordStart >= 0) push2(out, wordStart, i);
      push2(out, i, next);
      wordStart = -1;
    } else if (wordStart < 0) wordStart = i;
    i = next;
  }
  if (wordStart >= 0) push2(out, wordStart, end);
};

function regexPreTokenizer(makeRegex: () => RegExp): PreTokenizer {
  const regex = makeRegex();
  return (text, start, end, out) => {
    // A regular expression's reads are not observable: counted as the units it runs over (these
    // patterns are runs of one class, matched in linear time).
    addWork('scanned', end - start);
    const segment = start === 0 && end === text.length ? text : text.slice(start, end);
    regex.lastIndex = 0;
    for (let m = regex.exec(segment); m !== null; m = regex.exec(segment)) push2(out, start + m.index, start + m.index + m[0].length);
  };
}

/** Hugging Face's Whitespace: runs of word characters, or of other non-space characters. */
export const whitespacePreTokenizer: PreTokenizer = regexPreTokenizer(whitespaceRegExp);
/** Hugging Face's WhitespaceSplit: runs of non-space characters. */
export const whitespaceSplitPreTokenizer: PreTokenizer = regexPreTokenizer(whitespaceSplitRegExp);
/** Every code point is its own piece. */
export const codePointPreTokenizer: PreTokenizer = (text, start, end, out) => {
  addWork('scanned', end - start);
  for (let i = start; i < end; ) {
    const next = i + (text.codePointAt(i)! > 0xffff ? 2 : 1);
    push2(out, i, next);
    i = next;
  }
};

function sequence(parts: PreTokenizer[]): PreTokenizer {
  return (text, start, end, out) => {
    let pieces = new IdBuffer(16);
    push2(pieces, start, end);
    for (const part of parts) {
      const next = new IdBuffer(pieces.length * 2);
      for (let i = 0; i < pieces.length; i += 2) part(text, pieces.data[i]!, pieces.data[i + 1]!, next);
      pieces = next;
    }
    for (let i = 0; i < pieces.length; i++) out.push(pieces.data[i]!);
  };
}

/** Builds a pre-tokenizer from its tokenizer.json description (unknown types: TokenizerFileError). */
export function createPreTokenizer(spec: PreTokenizerSpec, file = 'tokenizer.json#pre_tokenizer', depth = 0): PreTokenizer {
  if (depth > 8) throw new TokenizerFileError('inconsistent', file, 'pre-tokenizers nest deeper than 8 levels');
  objectIn(spec, file);
  switch (spec.type) {
    case 'BertPreTokenizer':
      return bertPreTokenizer;
    case 'Whitespace':
      return whitespacePreTokenizer;
    case 'WhitespaceSplit':
      return whitespaceSplitPreTokenizer;
    case 'Split': {
      const source = spec.pattern?.Regex ?? spec.pattern?.String;
      if (typeof source !== 'string') throw new TokenizerFileError('bad-syntax', `${file}.pattern`, 'expected {"Regex": "..."} or {"String": "..."}');
      const name = requireKnownPattern(source, `${file}.pattern`);
      const invert = flagIn(spec.invert, false, `${file}.invert`);
      if (invert || (spec.behavior !== undefined && spec.behavior !== 'Isolated')) {
        throw new TokenizerFileError('inconsistent', `${file}.behavior`, `Split with a known pattern supports behavior "Isolated" without invert; got ${JSON.stringify(spec.behavior)}${invert ? ' with invert' : ''}`);
      }
      return regexPreTokenizer(() => compilePattern(name));
    }
    case 'ByteLevel':
      throw new TokenizerFileError('inconsistent', `${file}.type`, 'ByteLevel is supported only with a BPE model (a byte-level BPE tokenizer)');
    case 'Sequence':
      if (!Array.isArray(spec.pretokenizers)) throw new TokenizerFileError('bad-syntax', `${file}.pretokenizers`, 'is not an array');
      return sequence(spec.pretokenizers.map((s, i) => createPreTokenizer(s, `${file}.pretokenizers[${i}]`, depth + 1)));
    default:
      throw new TokenizerFileError('unsupported-type', `${file}.type`, `pre-tokenizer type ${JSON.stringify((spec as { type: unknown }).type)} is not supported (supported: BertPreTokenizer, Whitespace, WhitespaceSplit, Split with a known pattern, ByteLevel with BPE, Sequence)`);
  }
}
