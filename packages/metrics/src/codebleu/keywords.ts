// Keyword lists of the weighted n-gram match: a reference token on this list weighs 1, any other
// token 0.2. The scores of the reference implementation depend on these exact lists, so they follow
// the lists it ships (k4black/codebleu 0.7.x, keywords/<lang>.txt), derived as follows:
// - Python: Python 3.11's `keyword.kwlist` (35 hard keywords) plus the soft keywords `match`,
//   `case` and `type` (not `_`).
// - Java: the 50 keywords of the Java Language Specification (SE 8, section 3.9), `const` and `goto`
//   included; the literals `true`, `false` and `null` are not keywords there and are not listed.
// - JavaScript: the ECMAScript reserved words (ES2015+ keywords, future reserved words and the
//   strict-mode ones: implements, interface, let, package, private, protected, public, static,
//   yield), as the reference lists them, with its quirk that changes scores: the literals `false`
//   and `null` are listed but `true` is not (the list has a capitalised `True` instead).
//   Contextual words (of, get, set, async) are not listed. Later revisions of the reference's file
//   append `Text`, `Builder` and `onClick`; the 0.7 releases do not (their file is 293 bytes, this
//   list without a final newline), and no fixture reference contains those words.
// - TypeScript (our extension; the reference has no TypeScript): the JavaScript list unchanged.

const PYTHON = [
  'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue',
  'def', 'del', 'elif', 'else', 'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in',
  'is', 'lambda', 'nonlocal', 'not', 'or', 'pass', 'raise', 'return', 'try', 'while', 'with',
  'yield', 'match', 'case', 'type',
];

const JAVA = [
  'abstract', 'assert', 'boolean', 'break', 'byte', 'case', 'catch', 'char', 'class', 'const',
  'continue', 'default', 'do', 'double', 'else', 'enum', 'extends', 'final', 'finally', 'float',
  'for', 'goto', 'if', 'implements', 'import', 'instanceof', 'int', 'interface', 'long', 'native',
  'new', 'package', 'private', 'protected', 'public', 'return', 'short', 'static', 'strictfp',
  'super', 'switch', 'synchronized', 'this', 'throw', 'throws', 'transient', 'try', 'void',
  'volatile', 'while',
];

const JAVASCRIPT = [
  'await', 'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete',
  'do', 'else', 'enum', 'export', 'extends', 'false', 'finally', 'for', 'function', 'if',
  'implements', 'import', 'in', 'instanceof', 'interface', 'let', 'new', 'null', 'package',
  'private', 'protected', 'public', 'return', 'super', 'switch', 'static', 'this', 'throw', 'try',
  'True', 'typeof', 'var', 'void', 'while', 'with', 'yield',
];

export const PYTHON_KEYWORDS: ReadonlySet<string> = new Set(PYTHON);
export const JAVA_KEYWORDS: ReadonlySet<string> = new Set(JAVA);
export const JAVASCRIPT_KEYWORDS: ReadonlySet<string> = new Set(JAVASCRIPT);
