/**
 * Worst-case texts for the linear-time checks (tests count work on them; the tokenizers benchmark
 * times them): long runs of one character class, which make naive pre-tokenizers and mergers
 * quadratic. Each maker returns exactly `units` UTF-16 units (an even count for emoji), seeded.
 */

/** SplitMix32 stream: the k-th value for `seed`. */
function splitMix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = Math.imul(s ^ (s >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

function seeded(units: number, seed: number, char: (r: number) => number): string {
  const next = splitMix32(seed);
  const codes = new Uint16Array(units);
  for (let i = 0; i < units; i++) codes[i] = char(next());
  return new TextDecoder('utf-16le').decode(codes);
}

function repeated(unit: string, units: number): string {
  return unit.repeat(Math.ceil(units / unit.length)).slice(0, units);
}

/** [label, make(units)] for: 'a', '_', ' ', '\n', digits, random letters without spaces, CJK and emoji. */
export const ADVERSARIAL_INPUTS: ReadonlyArray<readonly [string, (units: number) => string]> = [
  ['a', (n) => 'a'.repeat(n)],
  ['_', (n) => '_'.repeat(n)],
  ['spaces', (n) => ' '.repeat(n)],
  ['newlines', (n) => '\n'.repeat(n)],
  ['digits', (n) => repeated('1234567890', n)],
  ['random letters, no spaces', (n) => seeded(n, 12345, (r) => ((r & 1) === 0 ? 97 : 65) + ((r >>> 1) % 26))],
  ['CJK', (n) => repeated('的一是不了人我在有他这为之大来以个中上们', n)],
  ['random CJK', (n) => seeded(n, 99, (r) => 0x4e00 + (r % 0x5200))],
  ['emoji', (n) => '😀'.repeat(n >> 1)],
];
