/** Finding a pattern's matches in a range of text, for the pre-tokenizers. */
import { addWork } from '../../work-counter.ts';

/** Calls `each(start, end)` for every match in text[start, end), in order, with offsets into `text`. */
export type MatchFinder = (text: string, start: number, end: number, each: (start: number, end: number) => void) => void;

/**
 * The non-empty matches of the global `regex`. Only this package's own patterns are passed here
 * (runs of one class or the known split patterns, matched in linear time), never one from a file;
 * their reads are counted as the units the range spans.
 */
export function regexMatches(regex: RegExp): MatchFinder {
  return (text, start, end, each) => {
    addWork('scanned', end - start);
    const segment = start === 0 && end === text.length ? text : text.slice(start, end);
    regex.lastIndex = 0;
    for (let m = regex.exec(segment); m !== null; m = regex.exec(segment)) {
      if (m[0].length === 0) {
        regex.lastIndex++;
        continue;
      }
      each(start + m.index, start + m.index + m[0].length);
    }
  };
}

/** Longest literal a file may give (its search costs at most this many reads per unit of text). */
export const MAX_LITERAL_LENGTH = 256;

/**
 * The non-overlapping occurrences of `literal`, leftmost first (Hugging Face's String pattern: the
 * escaped literal as a regular expression). An empty literal matches nothing.
 */
export function literalMatches(literal: string): MatchFinder {
  return (text, start, end, each) => {
    addWork('scanned', end - start);
    if (literal.length === 0) return;
    // searched within the range only: a Sequence calls this once per piece of a long text
    const segment = start === 0 && end === text.length ? text : text.slice(start, end);
    for (let at = segment.indexOf(literal); at >= 0; at = segment.indexOf(literal, at + literal.length)) each(start + at, start + at + literal.length);
  };
}
