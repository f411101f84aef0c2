/**
 * The pre-tokenizer split patterns of the known byte-level BPE encodings.
 *
 * `source` is the pattern as tiktoken spells it (Rust regex syntax). Files may only name one of these
 * (by name or by one of the known spellings): no regular expression from a file is ever compiled.
 * The JavaScript translations keep tiktoken's semantics where JavaScript differs from Rust regex:
 * `\s` is Unicode White_Space (Rust) rather than JavaScript's set (which adds U+FEFF and lacks
 * U+0085), and the case-insensitive contraction group is spelled out.
 */
import { TokenizerFileError } from '../errors.ts';

export type PatternName = 'r50k' | 'cl100k' | 'o200k';

/** Rust's \s: the Unicode White_Space property. */
const WS = '\\t-\\r \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
/** Case-insensitive contractions of cl100k and o200k (r50k's are lowercase only). */
const CONTRACTION = "'(?:[sSdDmMtT]|[lL][lL]|[vV][eE]|[rR][eE])";
const UPPER = '\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}';
const LOWER = '\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}';

/** tiktoken's spelling of each pattern. */
export const PATTERN_SOURCES: Readonly<Record<PatternName, string>> = {
  r50k: "'(?:[sdmt]|ll|ve|re)| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+",
  cl100k:
    "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+",
  o200k: [
    "[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]*[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?",
    "[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]+[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?",
    '\\p{N}{1,3}',
    ' ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*',
    '\\s*[\\r\\n]+',
    '\\s+(?!\\S)',
    '\\s+',
  ].join('|'),
};

/** Other spellings of the same patterns found in the wild (js-tiktoken, GPT-2's encoder.py, tokenizer.json). */
const ALIASES: ReadonlyArray<readonly [string, PatternName]> = [
  ["'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+", 'r50k'],
  [
    "('s|'S|'t|'T|'re|'rE|'Re|'RE|'ve|'vE|'Ve|'VE|'m|'M|'ll|'lL|'Ll|'LL|'d|'D)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+",
    'cl100k',
  ],
  [
    "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+",
    'cl100k',
  ],
  [
    "[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]*[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]+('s|'S|'t|'T|'re|'rE|'Re|'RE|'ve|'vE|'Ve|'VE|'m|'M|'ll|'lL|'Ll|'LL|'d|'D)?|[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]+[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]*('s|'S|'t|'T|'re|'rE|'Re|'RE|'ve|'vE|'Ve|'VE|'m|'M|'ll|'lL|'Ll|'LL|'d|'D)?|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+",
    'o200k',
  ],
];

/** JavaScript translations (flags 'gu'), equivalent to PATTERN_SOURCES under Rust regex semantics. */
const JS_SOURCES: Readonly<Record<PatternName, string>> = {
  r50k: `'(?:[sdmt]|ll|ve|re)| ?\\p{L}+| ?\\p{N}+| ?[^${WS}\\p{L}\\p{N}]+|[${WS}]+(?![^${WS}])|[${WS}]+`,
  cl100k:
    `${CONTRACTION}|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^${WS}\\p{L}\\p{N}]+[\\r\\n]*` +
    `|[${WS}]*[\\r\\n]+|[${WS}]+(?![^${WS}])|[${WS}]+`,
  o200k:
    `[^\\r\\n\\p{L}\\p{N}]?[${UPPER}]*[${LOWER}]+(?:${CONTRACTION})?` +
    `|[^\\r\\n\\p{L}\\p{N}]?[${UPPER}]+[${LOWER}]*(?:${CONTRACTION})?` +
    `|\\p{N}{1,3}| ?[^${WS}\\p{L}\\p{N}]+[\\r\\n/]*|[${WS}]*[\\r\\n]+|[${WS}]+(?![^${WS}])|[${WS}]+`,
};

export const PATTERN_NAMES: readonly PatternName[] = ['r50k', 'cl100k', 'o200k'];

/** The known pattern a name or source string denotes, or undefined. */
export function knownPattern(nameOrSource: string): PatternName | undefined {
  if ((PATTERN_NAMES as readonly string[]).includes(nameOrSource)) return nameOrSource as PatternName;
  for (const name of PATTERN_NAMES) if (PATTERN_SOURCES[name] === nameOrSource) return name;
  for (const [source, name] of ALIASES) if (source === nameOrSource) return name;
  return undefined;
}

/** Like knownPattern, but throws TokenizerFileError('unknown-pattern') naming `file`. */
export function requireKnownPattern(nameOrSource: string, file: string): PatternName {
  const name = knownPattern(nameOrSource);
  if (name === undefined) {
    const shown = nameOrSource.length > 80 ? `${nameOrSource.slice(0, 80)}...` : nameOrSource;
    throw new TokenizerFileError(
      'unknown-pattern',
      file,
      `pre-tokenizer pattern ${JSON.stringify(shown)} is not one of the known patterns (${PATTERN_NAMES.join(', ')}); regular expressions from files are never compiled`,
    );
  }
  return name;
}

/** A fresh global Unicode RegExp for the pattern (callers own its lastIndex). */
export function compilePattern(name: PatternName): RegExp {
  return new RegExp(JS_SOURCES[name], 'gu');
}
