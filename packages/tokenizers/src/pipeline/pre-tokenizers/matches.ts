import { addWork } from '../../work-counter.ts';

/**
 * Calls `each(start, end)` for every match of the global `regex` in text[start, end), in order, with
 * offsets into `text`. Only this package's own patterns are passed here (runs of one class or the
 * known split patterns, matched in linear time), never one from a file; their reads are counted as
 * the units the range spans.
 */
export function forEachMatch(regex: RegExp, text: string, start: number, end: number, each: (start: number, end: number) => void): void {
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
}
