// `npm run bench` runs every suite; `npm run bench -- gemm softmax` runs the named ones.
// Relaxed SIMD needs a V8 flag on Node 20: re-run this script under it so `neurite-relaxed` rows exist.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const FLAG = '--experimental-wasm-relaxed-simd';
if (!process.execArgv.includes(FLAG)) {
  const r = spawnSync(process.execPath, [FLAG, fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
const filters = process.argv.slice(2);
const suites = readdirSync(new URL('./suites/', import.meta.url))
  .filter((f) => f.endsWith('.mjs'))
  .map((f) => f.slice(0, -4))
  .filter((name) => filters.length === 0 || filters.some((f) => name.includes(f)));
console.log(`node ${process.version}, ${suites.length} suite(s): ${suites.join(', ')}`);
for (const name of suites) {
  console.log(`\n## ${name}`);
  const mod = await import(`./suites/${name}.mjs`);
  await mod.run();
}
