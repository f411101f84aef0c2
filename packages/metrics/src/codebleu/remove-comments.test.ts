// Comment and docstring removal before the syntax and data-flow matches. Golden values: the
// reference's remove_comments_and_docstrings run under CPython 3.11.7 (its tokenize module for
// Python, its regular expression for the C-style languages); null where Python's tokenize raises
// and the reference keeps the code unchanged.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { PythonTokenizeError, tokenizePython } from './python-tokenizer.ts';
import { pythonSplit, pythonSplitByScan, pythonStrip } from './python-text.ts';
import { removeCommentsAndDocstrings } from './remove-comments.ts';

const CASES: readonly ['python' | 'c-style', string, string | null][] = [
  ["python", "def f(x):\n    \"\"\"Docstring.\"\"\"\n    # comment\n    return x  # trailing\n", "def f(x):\n    return x  "],
  ["python", "x = 1 + \\\n    2\n", "x = 1 +    2"],
  ["python", "def f():\n    '''doc\n    more'''\n    return 1", "def f():\n    return 1"],
  ["python", "s = 'a\\\nb'\nprint(s)", "s = 'a\\\nb'\nprint(s)"],
  ["python", "if x:\n        y\n    z", null],
  ["python", "f(1,\n", null],
  ["python", "x='''abc", null],
  ["python", "a\tb\n\tc\n", "a b\n\tc"],
  ["python", "x = 1 # c\r\ny = 2\r\n", "x = 1 \r\ny = 2\r"],
  ["python", "# only comment", ""],
  ["python", "print(f'{x}')\n", "print(f'{x}')"],
  ["python", "x = (\n  'kept',  # why\n  \"also\"\n)\n", "x = (\n  'kept',  \n  \"also\"\n)"],
  ["python", "class A:\n    'doc'\n    def g(self): return 'value'\n", "class A:\n    def g(self): return 'value'"],
  ["c-style", "int a = 1; // one\n/* two\n lines */ int b = 2;\nString s = \"// not a comment\";\n\n\n", "int a = 1;  \n  int b = 2;\nString s = \"// not a comment\";"],
  ["c-style", "const r = '/* kept */'; // gone\nlet t = `// template is not a string here`;\n", "const r = '/* kept */';  \nlet t = ` "],
];

describe('removeCommentsAndDocstrings', () => {
  test.each(CASES.map((c, i) => [i, ...c] as const))('case %i (%s)', (_index, language, source, expected) => {
    expect(removeCommentsAndDocstrings(source, language)).toBe(expected ?? source);
    if (language === 'python' && expected === null) expect(() => tokenizePython(source)).toThrow(PythonTokenizeError);
  });
});

describe('Python string helpers', () => {
  test('strip and split use Python whitespace: \\x1c-\\x1f and \\x85 are whitespace, \\ufeff is not', () => {
    expect(pythonStrip('\x1c\x85 a b \u3000')).toBe('a b');
    expect(pythonStrip('\ufeffa')).toBe('\ufeffa');
    expect(pythonSplit(' a\x1fb\u2028c \ufeffd ')).toEqual(['a', 'b', 'c', '\ufeffd']);
    expect(pythonSplit('')).toEqual([]);
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom('a', ' ', '\t', '\x1c', '\x85', '\ufeff', '\u3000', '\u2028', '\u00a0', '\n', 'é') }), (text) => {
      expect(pythonSplit(text)).toEqual(pythonSplitByScan(text));
    }), { seed: 1803, numRuns: 300 });
    for (const text of ['', ' ', '\x1c a\x85b\ufeff c\t\n', 'a', '  a  b  ', '\u3000x\u2028y\u00a0']) expect(pythonSplit(text)).toEqual(pythonSplitByScan(text));
  });
});
