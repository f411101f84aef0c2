// The reference's remove_comments_and_docstrings, applied before the syntax and data-flow matches.
// - Python: re-emits Python's token stream (python-tokenizer.ts) with comments dropped and with
//   string tokens dropped when they start a statement (after INDENT or NEWLINE) or sit at column 0;
//   the spacing between tokens is rebuilt from their columns, so backslash continuations join lines.
// - Java, JavaScript, TypeScript: one regular expression replaces // and /* */ comments by a space
//   while skipping over '...' and "..." literals (template literals and regular expressions are not
//   recognised, as in the reference).
// Then every line that is blank after stripping is dropped. When Python's tokenizer fails, the
// reference keeps the code unchanged; `removeCommentsAndDocstrings` does the same.
import { dropBlankLines } from './python-text.ts';
import { PythonTokenizeError, tokenizePython } from './python-tokenizer.ts';

function removePythonCommentsAndDocstrings(source: string): string {
  let out = '';
  let previousKind = 'INDENT';
  let lastLine = -1;
  let lastColumn = 0;
  for (const token of tokenizePython(source)) {
    if (token.startLine > lastLine) lastColumn = 0;
    if (token.startColumn > lastColumn) out += ' '.repeat(token.startColumn - lastColumn);
    if (token.kind === 'COMMENT') {
      // dropped
    } else if (token.kind === 'STRING') {
      if (previousKind !== 'INDENT' && previousKind !== 'NEWLINE' && token.startColumn > 0) out += token.text;
    } else {
      out += token.text;
    }
    previousKind = token.kind;
    lastColumn = token.endColumn;
    lastLine = token.endLine;
  }
  return dropBlankLines(out);
}

// Python's pattern r'//.*?$|/\*.*?\*/|\'(?:\\.|[^\\\'])*\'|"(?:\\.|[^\\"])*"' with DOTALL and
// MULTILINE, where `$` matches only before '\n' or at the end: `//.*?$` is `//[^\n]*`.
const C_STYLE_COMMENT_OR_STRING = /\/\/[^\n]*|\/\*[\s\S]*?\*\/|'(?:\\[\s\S]|[^\\'])*'|"(?:\\[\s\S]|[^\\"])*"/g;

function removeCStyleComments(source: string): string {
  return dropBlankLines(source.replace(C_STYLE_COMMENT_OR_STRING, (match) => (match.startsWith('/') ? ' ' : match)));
}

/** The code the reference parses for the syntax and data-flow matches. */
export function removeCommentsAndDocstrings(source: string, language: 'python' | 'c-style'): string {
  if (language === 'c-style') return removeCStyleComments(source);
  try {
    return removePythonCommentsAndDocstrings(source);
  } catch (error) {
    if (error instanceof PythonTokenizeError) return source;
    throw error;
  }
}
