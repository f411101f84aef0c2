// Parsing an einsum equation (torch.einsum / numpy.einsum syntax) into one label per dimension.
//   "ij,jk->ik"   explicit output       "ij,jk"  implicit output: the labels used exactly once,
//   "ii->i"       a repeated label      in ASCII order (A-Z before a-z), after any '...' dims
//   "...ij,...jk" '...' stands for the leading (broadcast) dims; they align from the right.
// Labels are the letters a-z and A-Z; spaces are ignored. The dims behind '...' get private
// labels (one per position, shared by every operand), so the evaluator treats them as letters.
import { ArgumentError, ShapeError } from '../errors.ts';
import { describeValue } from '../validate.ts';

export interface ParsedEquation {
  /** One label per dimension of each operand. */
  inputs: string[][];
  /** The output's labels, in order. */
  output: string[];
}

const ELLIPSIS = '...';
/** The label of the i-th '...' dim counted from the left of the widest '...' (outside a-z, A-Z). */
const ellipsisLabel = (i: number) => String.fromCharCode(0x100 + i);

interface Term {
  letters: string[];
  /** Index in `letters` where '...' stands, or -1. */
  ellipsisAt: number;
}

function parseTerm(term: string, what: string): Term {
  const at = term.indexOf(ELLIPSIS);
  if (at >= 0 && term.indexOf(ELLIPSIS, at + 1) >= 0) throw new ArgumentError(`einsum: ${what} '${term}' has more than one '...'`);
  const plain = at >= 0 ? term.slice(0, at) + term.slice(at + ELLIPSIS.length) : term;
  for (const ch of plain) {
    if (!/^[a-zA-Z]$/.test(ch)) throw new ArgumentError(`einsum: ${what} '${term}' has '${ch}', expected letters a-z, A-Z and at most one '...'`);
  }
  return { letters: [...plain], ellipsisAt: at >= 0 ? [...term.slice(0, at)].length : -1 };
}

/** Labels of the equation's operands and output, checked against the operands' ranks. */
export function parseEquation(equation: string, ranks: readonly number[]): ParsedEquation {
  if (typeof equation !== 'string') throw new ArgumentError(`einsum: equation must be a string, got ${describeValue(equation)}`);
  const eq = equation.replace(/\s+/g, '');
  const arrow = eq.indexOf('->');
  if (arrow >= 0 && eq.indexOf('->', arrow + 1) >= 0) throw new ArgumentError(`einsum: equation '${equation}' has more than one '->'`);
  const lhs = arrow >= 0 ? eq.slice(0, arrow) : eq;
  const terms = lhs.split(',');
  if (terms.length !== ranks.length) {
    throw new ArgumentError(`einsum: equation '${equation}' has ${terms.length} input terms, but ${ranks.length} operands were given`);
  }
  const parsed = terms.map((t, i) => parseTerm(t, `input term ${i}`));
  let width = 0;
  const inputs = parsed.map((term, i) => {
    const rank = ranks[i]!;
    if (term.ellipsisAt < 0) {
      if (term.letters.length !== rank) throw new ShapeError(`einsum: term ${i} has ${term.letters.length} labels for operand ${i} of rank ${rank}`);
      return term.letters;
    }
    const extra = rank - term.letters.length;
    if (extra < 0) throw new ShapeError(`einsum: term ${i} has ${term.letters.length} labels (and '...') for operand ${i} of rank ${rank}`);
    width = Math.max(width, extra);
    return [...term.letters.slice(0, term.ellipsisAt), ...Array.from({ length: extra }, (_, j) => `@${extra - j}`), ...term.letters.slice(term.ellipsisAt)];
  });
  // '...' dims align from the right: '@k' is the k-th from the right, labelled by its position in the widest.
  const resolve = (label: string) => (label.startsWith('@') ? ellipsisLabel(width - Number(label.slice(1))) : label);
  const resolved = inputs.map((labels) => labels.map(resolve));
  const ellipsisLabels = Array.from({ length: width }, (_, j) => ellipsisLabel(j));
  let output: string[];
  if (arrow >= 0) {
    const term = parseTerm(eq.slice(arrow + 2), 'output');
    // An output without '...' sums the '...' dims away (as PyTorch).
    output = term.ellipsisAt < 0 ? term.letters : [...term.letters.slice(0, term.ellipsisAt), ...ellipsisLabels, ...term.letters.slice(term.ellipsisAt)];
    const seen = new Set<string>();
    const used = new Set(resolved.flat());
    for (const label of term.letters) {
      if (seen.has(label)) throw new ArgumentError(`einsum: output label '${label}' appears more than once in '${equation}'`);
      if (!used.has(label)) throw new ArgumentError(`einsum: output label '${label}' does not appear in any input term of '${equation}'`);
      seen.add(label);
    }
  } else {
    const counts = new Map<string, number>();
    for (const labels of parsed) for (const l of labels.letters) counts.set(l, (counts.get(l) ?? 0) + 1);
    const once = [...counts].filter(([, c]) => c === 1).map(([l]) => l).sort();
    output = [...ellipsisLabels, ...once];
  }
  return { inputs: resolved, output };
}
