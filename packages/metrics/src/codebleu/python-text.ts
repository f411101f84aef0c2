// Python's str.strip() and str.split() (no arguments), which the CodeBLEU reference applies to every
// input: the whitespace set is Python's str.isspace() (it includes \x1c-\x1f and \x85, which
// JavaScript's \s lacks, and excludes \ufeff, which \s includes).

const PYTHON_WHITESPACE = new Set<number>([
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0, 0x1680,
  0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a,
  0x2028, 0x2029, 0x202f, 0x205f, 0x3000,
]);

/** True when the UTF-16 code unit is whitespace for Python (every such character is in the BMP). */
export function isPythonWhitespace(codeUnit: number): boolean {
  return codeUnit <= 0x20 ? PYTHON_WHITESPACE.has(codeUnit) : codeUnit >= 0x85 && PYTHON_WHITESPACE.has(codeUnit);
}

/** Python's `s.strip()`. */
export function pythonStrip(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isPythonWhitespace(text.charCodeAt(start))) start++;
  while (end > start && isPythonWhitespace(text.charCodeAt(end - 1))) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

/** A run of Python whitespace (the set above). */
const PYTHON_WHITESPACE_RUN = /[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;

/** Python's `s.split()`: runs of whitespace separate tokens; no empty tokens. */
export function pythonSplit(text: string): string[] {
  const tokens = text.split(PYTHON_WHITESPACE_RUN);
  if (tokens.length > 0 && tokens[0] === '') tokens.shift();
  if (tokens.length > 0 && tokens[tokens.length - 1] === '') tokens.pop();
  return tokens;
}

/** `pythonSplit` written as a scan over the whitespace set (the tests check both agree). */
export function pythonSplitByScan(text: string): string[] {
  const tokens: string[] = [];
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    if (isPythonWhitespace(text.charCodeAt(i))) {
      if (start >= 0) {
        tokens.push(text.slice(start, i));
        start = -1;
      }
    } else if (start < 0) {
      start = i;
    }
  }
  if (start >= 0) tokens.push(text.slice(start));
  return tokens;
}

/** Drops the lines that are empty after `pythonStrip` and joins the rest with '\n' (the reference's last step of comment removal). */
export function dropBlankLines(text: string): string {
  const kept: string[] = [];
  for (const line of text.split('\n')) if (pythonStrip(line) !== '') kept.push(line);
  return kept.join('\n');
}
