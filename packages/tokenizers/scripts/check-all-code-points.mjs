// Checks every code point against tiktoken (the `tiktoken` devDependency) in a few contexts, for the
// three encodings; prints the number of 4096-code-point blocks that differ (0 expected). Run after
// `npx tsc -b`: node scripts/check-all-code-points.mjs (about a minute).
import { getEncoding } from '../dist/index.js';
import { get_encoding } from 'tiktoken';
for (const name of ['r50k_base', 'cl100k_base', 'o200k_base']) {
  const enc = await getEncoding(name); const ref = get_encoding(name);
  let bad = 0; const t0 = performance.now();
  for (let base = 0; base < 0x110000; base += 0x1000) {
    const parts = [];
    for (let cp = base; cp < base + 0x1000; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const ch = String.fromCodePoint(cp);
      parts.push('a' + ch + ch + ' ' + ch + "'s" + ch + '1 ' + ch + '\n');
    }
    const text = parts.join('');
    const a = enc.encodeOrdinary(text), b = ref.encode_ordinary(text);
    if (a.length !== b.length || a.some((v, i) => v !== b[i])) { bad++; if (bad < 4) { let i = 0; while (a[i] === b[i]) i++; console.log(name, 'block', base.toString(16), 'diff at', i, enc.decode(a.slice(Math.max(0,i-3), i+3)), JSON.stringify(enc.decode(a.slice(i, i+2))), JSON.stringify(enc.decode(Array.from(b.slice(i, i+2))))); } }
  }
  console.log(name, 'blocks differing:', bad, ((performance.now() - t0) / 1000).toFixed(1), 's');
}
