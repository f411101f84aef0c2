/**
 * Hugging Face's Split pre-tokenizer (NormalizedString::split with a SplitDelimiterBehavior). The
 * range is cut into the pattern's matches and the gaps between them; `invert` swaps which of the two
 * are the delimiters. Then, by behavior:
 *
 * - Removed: the delimiters are dropped;
 * - Isolated: every part is a piece;
 * - MergedWithPrevious: a delimiter joins the piece before it, unless that piece is a delimiter too;
 * - MergedWithNext: a delimiter joins the piece after it, unless that piece is a delimiter too;
 * - Contiguous: consecutive parts of the same kind (delimiters, or not) join.
 *
 * Empty pieces are dropped (as PreTokenizedString::split does).
 */
import { pushRange, type PreTokenizer } from './pre-tokenizer.ts';
import type { MatchFinder } from './matches.ts';

export const SPLIT_BEHAVIORS = ['Removed', 'Isolated', 'MergedWithPrevious', 'MergedWithNext', 'Contiguous'] as const;
export type SplitBehavior = (typeof SPLIT_BEHAVIORS)[number];

/** Parts of a range: part k is [starts[k], ends[k]), a delimiter when delimiter[k]. */
interface Parts {
  starts: number[];
  ends: number[];
  delimiter: boolean[];
}

/** The pieces `behavior` makes of `parts`, as (start, end) pairs passed to `push`. */
export function applySplitBehavior(parts: Parts, behavior: SplitBehavior, push: (start: number, end: number) => void): void {
  const { starts, ends, delimiter } = parts;
  const n = starts.length;
  const outStarts: number[] = [];
  const outEnds: number[] = [];
  switch (behavior) {
    case 'Removed':
    case 'Isolated':
      for (let k = 0; k < n; k++) {
        if (behavior === 'Isolated' || !delimiter[k]) {
          outStarts.push(starts[k]!);
          outEnds.push(ends[k]!);
        }
      }
      break;
    case 'MergedWithPrevious':
    case 'Contiguous': {
      let previous = false;
      for (let k = 0; k < n; k++) {
        const d = delimiter[k]!;
        const joins = behavior === 'Contiguous' ? d === previous : d && !previous;
        if (joins && outEnds.length > 0) outEnds[outEnds.length - 1] = ends[k]!;
        else {
          outStarts.push(starts[k]!);
          outEnds.push(ends[k]!);
        }
        previous = d;
      }
      break;
    }
    case 'MergedWithNext': {
      // the same fold from the end, then reversed
      let next = false;
      for (let k = n - 1; k >= 0; k--) {
        const d = delimiter[k]!;
        if (d && !next && outStarts.length > 0) outStarts[outStarts.length - 1] = starts[k]!;
        else {
          outStarts.push(starts[k]!);
          outEnds.push(ends[k]!);
        }
        next = d;
      }
      outStarts.reverse();
      outEnds.reverse();
      break;
    }
  }
  for (let k = 0; k < outStarts.length; k++) if (outEnds[k]! > outStarts[k]!) push(outStarts[k]!, outEnds[k]!);
}

/** The matches in text[start, end) and the gaps between them (Hugging Face's find_matches). */
function partsOf(matches: MatchFinder, text: string, start: number, end: number, invert: boolean): Parts {
  const parts: Parts = { starts: [], ends: [], delimiter: [] };
  const add = (a: number, b: number, isMatch: boolean): void => {
    parts.starts.push(a);
    parts.ends.push(b);
    parts.delimiter.push(isMatch !== invert);
  };
  let previous = start;
  matches(text, start, end, (a, b) => {
    if (a > previous) add(previous, a, false);
    add(a, b, true);
    previous = b;
  });
  if (previous < end) add(previous, end, false);
  return parts;
}

/** Split by the matches `matches` finds (a known pattern or a literal; never a regular expression from a file). */
export function splitPreTokenizer(matches: MatchFinder, behavior: SplitBehavior, invert: boolean): PreTokenizer {
  return (text, start, end, out) => applySplitBehavior(partsOf(matches, text, start, end, invert), behavior, (a, b) => pushRange(out, a, b));
}

/**
 * What Split makes of a text when its pattern matches every character (the known split patterns do:
 * their alternatives cover every code point, so the parts are adjacent matches with no gap):
 * 'matches' (each match a piece), 'whole' (the text is one piece) or 'nothing'. Derived from
 * applySplitBehavior on two adjacent matches.
 */
export function coveringSplitOutcome(behavior: SplitBehavior, invert: boolean): 'matches' | 'whole' | 'nothing' {
  const pieces: number[] = [];
  applySplitBehavior({ starts: [0, 1], ends: [1, 2], delimiter: [!invert, !invert] }, behavior, (a, b) => pieces.push(a, b));
  return pieces.length === 0 ? 'nothing' : pieces.length === 2 ? 'whole' : 'matches';
}
