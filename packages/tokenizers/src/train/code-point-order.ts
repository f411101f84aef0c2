/**
 * Compares two strings by their code points (not UTF-16 code units, which would order
 * U+E000..U+FFFF after the supplementary planes). Returns a negative number, 0 or a positive number.
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a.charCodeAt(i) === b.charCodeAt(i)) continue;
    // The strings agree before i, so i starts a code point in both (or is a low surrogate of
    // pairs whose high surrogates agreed, where code-unit order is code-point order).
    return a.codePointAt(i)! - b.codePointAt(i)!;
  }
  return a.length - b.length;
}
