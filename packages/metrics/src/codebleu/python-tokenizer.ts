// A port of the token stream of Python 3.11's pure-Python `tokenize.generate_tokens`, which the
// CodeBLEU reference uses to drop comments and docstrings from Python code. Only what that step
// observes is kept: token kind, text, and (line, column) of start and end, columns counted in code
// points as Python does. Errors are thrown where tokenize raises (an unindent to an unknown level,
// end of input inside a string or a bracketed statement); the reference then keeps the code as is.

import { pythonStrip } from './python-text.ts';

export type PythonTokenKind = 'COMMENT' | 'STRING' | 'NEWLINE' | 'NL' | 'INDENT' | 'DEDENT' | 'OTHER' | 'ENDMARKER';

export interface PythonToken {
  readonly kind: PythonTokenKind;
  readonly text: string;
  readonly startLine: number;
  readonly startColumn: number;
  readonly endLine: number;
  readonly endColumn: number;
}

/** Thrown where Python's tokenize raises TokenError or IndentationError. */
export class PythonTokenizeError extends Error {
  override readonly name: string = 'PythonTokenizeError';
}

const TAB_SIZE = 8;
// Python's str patterns: `.` is any character but '\n'; `\w` is a Unicode word character.
const ANY = '[^\\n]';
const PREFIX = '(?:[bB][rR]?|[rR][bBfF]?|[uU]|[fF][rR]?)?';
const INT_PART = '[0-9](?:_?[0-9])*';
const EXPONENT = `[eE][-+]?${INT_PART}`;
const POINT_FLOAT = `(?:${INT_PART}\\.(?:${INT_PART})?|\\.${INT_PART})(?:${EXPONENT})?`;
const FLOAT = `(?:${POINT_FLOAT}|${INT_PART}${EXPONENT})`;
const INTEGER = '(?:0[xX](?:_?[0-9a-fA-F])+|0[bB](?:_?[01])+|0[oO](?:_?[0-7])+|(?:0(?:_?0)*|[1-9](?:_?[0-9])*))';
const NUMBER = `(?:${INT_PART}[jJ]|${FLOAT}[jJ]|${FLOAT}|${INTEGER})`;
// tokenize's operator alternation, in its order (reverse-sorted exact token strings).
const OPERATORS = [
  '~', '}', '|=', '|', '{', '^=', '^', ']', '[', '@=', '@', '>>=', '>>', '>=', '>', '==', '=', '<=',
  '<<=', '<<', '<', ';', ':=', ':', '/=', '//=', '//', '/', '...', '.', '->', '-=', '-', ',', '+=',
  '+', '*=', '**=', '**', '*', ')', '(', '&=', '&', '%=', '%', '!=',
].map((op) => op.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|');
const TRIPLE = `${PREFIX}'''|${PREFIX}"""`;
const CONTINUED_STRING =
  `${PREFIX}'[^\\n'\\\\]*(?:\\\\${ANY}[^\\n'\\\\]*)*(?:'|\\\\\\r?\\n)|` +
  `${PREFIX}"[^\\n"\\\\]*(?:\\\\${ANY}[^\\n"\\\\]*)*(?:"|\\\\\\r?\\n)`;
const PSEUDO_TOKEN = new RegExp(
  `[ \\f\\t]*(\\\\\\r?\\n|$|#[^\\r\\n]*|${TRIPLE}|${NUMBER}|\\r?\\n|${OPERATORS}|${CONTINUED_STRING}|[\\p{L}\\p{N}_]+)`,
  'uy',
);
const END_PATTERNS: Record<string, RegExp> = {
  "'": new RegExp(`[^'\\\\]*(?:\\\\${ANY}[^'\\\\]*)*'`, 'uy'),
  '"': new RegExp(`[^"\\\\]*(?:\\\\${ANY}[^"\\\\]*)*"`, 'uy'),
  "'''": new RegExp(`[^'\\\\]*(?:(?:\\\\${ANY}|'(?!''))[^'\\\\]*)*'''`, 'uy'),
  '"""': new RegExp(`[^"\\\\]*(?:(?:\\\\${ANY}|"(?!""))[^"\\\\]*)*"""`, 'uy'),
};
const IDENTIFIER_START = /^[\p{ID_Start}_]/u;

function matchAt(pattern: RegExp, text: string, position: number): RegExpExecArray | null {
  pattern.lastIndex = position;
  return pattern.exec(text);
}

/** The quote of a string token with an optional prefix: "'", '"', "'''" or '"""'. */
function quoteOf(token: string): string {
  const body = token.replace(/^[a-zA-Z]*/, '');
  return body.startsWith("'''") || body.startsWith('"""') ? body.slice(0, 3) : body.slice(0, 1);
}

function isSingleQuotedStart(token: string): boolean {
  return /^(?:[bB][rR]?|[rR][bBfF]?|[uU]|[fF][rR]?)?['"]/.test(token) && !/^[a-zA-Z]*('''|""")/.test(token);
}

/** Splits after each '\n' like StringIO.readline; the last line may lack it. */
function splitLines(source: string): string[] {
  const lines: string[] = [];
  let start = 0;
  for (let i = 0; i < source.length; i++) {
    if (source.charCodeAt(i) === 10) {
      lines.push(source.slice(start, i + 1));
      start = i + 1;
    }
  }
  if (start < source.length) lines.push(source.slice(start));
  return lines;
}

/**
 * Tokens of `source` as Python 3.11's tokenize.generate_tokens yields them. Columns are UTF-16
 * offsets here; for code without astral characters they equal Python's code-point columns, and the
 * comment remover only compares and subtracts columns within one line, so astral characters shift
 * both sides alike.
 */
export function tokenizePython(source: string): PythonToken[] {
  const tokens: PythonToken[] = [];
  const push = (kind: PythonTokenKind, text: string, startLine: number, startColumn: number, endLine: number, endColumn: number): void => {
    tokens.push({ kind, text, startLine, startColumn, endLine, endColumn });
  };
  const lines = splitLines(source);
  let lineNumber = 0;
  let parenLevel = 0;
  let continued = false;
  let continuedString = '';
  let needContinuation = false;
  let stringStart: [number, number] = [0, 0];
  let endPattern: RegExp = END_PATTERNS["'"]!;
  const indents = [0];
  let lastLine = '';
  let line = '';
  for (;;) {
    lastLine = line;
    line = lineNumber < lines.length ? lines[lineNumber]! : '';
    lineNumber++;
    let position = 0;
    const max = line.length;
    if (continuedString) {
      if (!line) throw new PythonTokenizeError('EOF in multi-line string');
      const endMatch = matchAt(endPattern, line, 0);
      if (endMatch) {
        position = endMatch[0].length;
        push('STRING', continuedString + line.slice(0, position), stringStart[0], stringStart[1], lineNumber, position);
        continuedString = '';
        needContinuation = false;
      } else if (needContinuation && !line.endsWith('\\\n') && !line.endsWith('\\\r\n')) {
        push('OTHER', continuedString + line, stringStart[0], stringStart[1], lineNumber, line.length);
        continuedString = '';
        continue;
      } else {
        continuedString += line;
        continue;
      }
    } else if (parenLevel === 0 && !continued) {
      if (!line) break;
      let column = 0;
      while (position < max) {
        const ch = line[position];
        if (ch === ' ') column++;
        else if (ch === '\t') column = (Math.floor(column / TAB_SIZE) + 1) * TAB_SIZE;
        else if (ch === '\f') column = 0;
        else break;
        position++;
      }
      if (position === max) break;
      const first = line[position]!;
      if (first === '#' || first === '\r' || first === '\n') {
        if (first === '#') {
          const comment = line.slice(position).replace(/[\r\n]+$/, '');
          push('COMMENT', comment, lineNumber, position, lineNumber, position + comment.length);
          position += comment.length;
        }
        push('NL', line.slice(position), lineNumber, position, lineNumber, line.length);
        continue;
      }
      if (column > indents[indents.length - 1]!) {
        indents.push(column);
        push('INDENT', line.slice(0, position), lineNumber, 0, lineNumber, position);
      }
      while (column < indents[indents.length - 1]!) {
        if (!indents.includes(column)) throw new PythonTokenizeError('unindent does not match any outer indentation level');
        indents.pop();
        push('DEDENT', '', lineNumber, position, lineNumber, position);
      }
    } else {
      if (!line) throw new PythonTokenizeError('EOF in multi-line statement');
      continued = false;
    }

    while (position < max) {
      const pseudo = matchAt(PSEUDO_TOKEN, line, position);
      if (!pseudo) {
        push('OTHER', line[position]!, lineNumber, position, lineNumber, position + 1);
        position++;
        continue;
      }
      const token = pseudo[1]!;
      const end = pseudo.index + pseudo[0].length;
      const start = end - token.length;
      position = end;
      if (start === end) continue;
      const initial = line[start]!;
      if ((initial >= '0' && initial <= '9') || (initial === '.' && token !== '.' && token !== '...')) {
        push('OTHER', token, lineNumber, start, lineNumber, end);
      } else if (initial === '\r' || initial === '\n') {
        push(parenLevel > 0 ? 'NL' : 'NEWLINE', token, lineNumber, start, lineNumber, end);
      } else if (initial === '#') {
        push('COMMENT', token, lineNumber, start, lineNumber, end);
      } else if (/^[a-zA-Z]*('''|""")$/.test(token)) {
        endPattern = END_PATTERNS[quoteOf(token)]!;
        const endMatch = matchAt(endPattern, line, position);
        if (endMatch) {
          position = position + endMatch[0].length;
          push('STRING', line.slice(start, position), lineNumber, start, lineNumber, position);
        } else {
          stringStart = [lineNumber, start];
          continuedString = line.slice(start);
          break;
        }
      } else if (isSingleQuotedStart(token)) {
        if (token.endsWith('\n')) {
          stringStart = [lineNumber, start];
          endPattern = END_PATTERNS[quoteOf(token)]!;
          continuedString = line.slice(start);
          needContinuation = true;
          break;
        }
        push('STRING', token, lineNumber, start, lineNumber, end);
      } else if (IDENTIFIER_START.test(initial)) {
        push('OTHER', token, lineNumber, start, lineNumber, end);
      } else if (initial === '\\') {
        continued = true;
      } else {
        if (initial === '(' || initial === '[' || initial === '{') parenLevel++;
        else if (initial === ')' || initial === ']' || initial === '}') parenLevel--;
        push('OTHER', token, lineNumber, start, lineNumber, end);
      }
    }
  }
  if (lastLine && !lastLine.endsWith('\r') && !lastLine.endsWith('\n') && !pythonLStripStartsWithHash(lastLine)) {
    push('NEWLINE', '', lineNumber - 1, lastLine.length, lineNumber - 1, lastLine.length + 1);
  }
  for (let i = 1; i < indents.length; i++) push('DEDENT', '', lineNumber, 0, lineNumber, 0);
  push('ENDMARKER', '', lineNumber, 0, lineNumber, 0);
  return tokens;
}

function pythonLStripStartsWithHash(line: string): boolean {
  return pythonStrip(line).startsWith('#');
}
