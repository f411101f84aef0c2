// Packs every published package (packages/*) with `npm pack`, as a user would receive it, and runs
// two checks on each tarball: publint (package.json fields, exports, files that exist in the
// tarball) and are-the-types-wrong (the types TypeScript resolves under node10, node16 and bundler
// resolution match the JavaScript). Ends with "N passed, N failed" and writes
// test-results/e2e.json.
//   node check.mjs [package...]   (default: every package; names as in packages/, e.g. tensor)
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';

const root = dirname(fileURLToPath(import.meta.url));
const packagesDir = join(root, '..', '..', 'packages');
const require = createRequire(import.meta.url);
const attwBin = join(dirname(require.resolve('@arethetypeswrong/cli/package.json')), 'dist', 'index.js');

const all = readdirSync(packagesDir).filter((name) => {
  try {
    return JSON.parse(readFileSync(join(packagesDir, name, 'package.json'), 'utf8')).private !== true;
  } catch {
    return false;
  }
});
const chosen = process.argv.length > 2 ? process.argv.slice(2) : all;
for (const name of chosen) if (!all.includes(name)) throw new Error(`unknown package '${name}'; expected one of ${all.join(', ')}`);

// Every package.json field a registry page and a bug report need (issue trackers, source links).
const REQUIRED_FIELDS = ['name', 'version', 'description', 'license', 'repository', 'homepage', 'bugs', 'engines', 'exports', 'types', 'main', 'files'];

const work = mkdtempSync(join(tmpdir(), 'neurite-pack-'));
let passed = 0;
let failed = 0;
function report(ok, what, details = []) {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  for (const line of details) console.log(`     ${line}`);
}

try {
  for (const name of chosen) {
    const dir = join(packagesDir, name);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const missing = REQUIRED_FIELDS.filter((field) => pkg[field] === undefined);
    report(missing.length === 0, `${pkg.name} package.json fields`, missing.length > 0 ? [`missing: ${missing.join(', ')}`] : []);

    const packed = spawnSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], { cwd: dir, encoding: 'utf8' });
    if (packed.status !== 0) {
      report(false, `${pkg.name} npm pack`, [packed.stderr.trim()]);
      continue;
    }
    const [info] = JSON.parse(packed.stdout);
    const tarball = join(work, info.filename);
    const files = info.files.map((f) => f.path);
    const license = files.includes('LICENSE') && files.includes('README.md');
    report(license, `${pkg.name} tarball holds LICENSE and README.md (${files.length} files, ${(info.size / 1024).toFixed(0)} KiB packed)`, license ? [] : [`files: ${files.slice(0, 20).join(', ')}`]);

    const buffer = readFileSync(tarball);
    const { messages, pkg: packedPkg } = await publint({
      pack: { tarball: buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) },
      level: 'suggestion',
      strict: true,
    });
    report(messages.length === 0, `${pkg.name} publint`, messages.map((m) => `${m.type}: ${formatMessage(m, packedPkg)}`));

    // The packages are ESM only (DESIGN.md): TypeScript's node16 resolution from a CommonJS file
    // reports them as "dynamic import only", which is what they are (Node >= 20.19, the packages'
    // engines, also loads them with require()). Every other rule applies.
    // Entry points that are assets rather than modules (the kernels' .wasm files, AssemblyScript
    // sources) have no types to check.
    const assets = Object.entries(pkg.exports).filter(([, target]) => typeof target === 'string' && !target.endsWith('.js')).map(([key]) => key);
    const attwArgs = [attwBin, tarball, '--format', 'ascii', '--no-color', '--no-emoji', '--ignore-rules', 'cjs-resolves-to-esm'];
    if (assets.length > 0) attwArgs.push('--exclude-entrypoints', ...assets);
    const attw = spawnSync(process.execPath, attwArgs, { encoding: 'utf8' });
    report(attw.status === 0, `${pkg.name} are-the-types-wrong`, attw.status === 0 ? [] : `${attw.stdout}${attw.stderr}`.trim().split('\n'));
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

console.log(`${passed} passed, ${failed} failed`);
mkdirSync(join(root, 'test-results'), { recursive: true });
writeFileSync(join(root, 'test-results', 'e2e.json'), JSON.stringify({ passed, failed, skipped: 0 }) + '\n');
process.exit(failed === 0 ? 0 : 1);
