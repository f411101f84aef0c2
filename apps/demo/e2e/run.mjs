// End-to-end tests: serves the built demo (dist/) with vite preview on 127.0.0.1 (any free port),
// drives each page in Debian's Chromium through playwright-core as a person would, screenshots every
// test into screenshots/, fails on any console error or page error, and ends with "N passed, N failed".
// Builds first when dist/ is missing (turbo normally runs the build task before this one).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { preview } from 'vite';
import { Skip, TESTS } from './tests.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
if (!existsSync(join(root, 'dist', 'index.html'))) {
  const built = spawnSync('npm', ['run', 'build'], { stdio: 'inherit', shell: false });
  if (built.status !== 0) process.exit(built.status ?? 1);
}
const only = process.argv.slice(2);
const selected = only.length > 0 ? TESTS.filter((t) => only.some((o) => t.name.includes(o))) : TESTS;
const screenshots = join(root, 'screenshots');
mkdirSync(screenshots, { recursive: true });

const server = await preview({ preview: { host: '127.0.0.1', port: 0, open: false }, logLevel: 'warn' });
const baseUrl = `http://127.0.0.1:${server.httpServer.address().port}/`;
// The same build without COOP/COEP (no vite.config.ts): the page must work single-threaded.
const plainServer = await preview({ configFile: false, root, preview: { host: '127.0.0.1', port: 0, open: false }, logLevel: 'warn' });
const plainUrl = `http://127.0.0.1:${plainServer.httpServer.address().port}/`;
const userDataDir = mkdtempSync(join(tmpdir(), 'neurite-e2e-'));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  viewport: { width: 1200, height: 900 },
});

let passed = 0;
let failed = 0;
const skipped = [];
const started = Date.now();
for (const test of selected) {
  const page = await context.newPage();
  const problems = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('crash', () => problems.push('page crashed'));
  const t0 = Date.now();
  let failure;
  let note;
  let skip;
  try {
    note = await test.run(page, test.isolated === false ? plainUrl : baseUrl);
  } catch (error) {
    if (error instanceof Skip) skip = error.message;
    else failure = error instanceof Error ? error.message.split('\n').slice(0, 6).join('\n') : String(error);
  }
  await page.screenshot({ path: join(screenshots, `${test.name}.png`), fullPage: true }).catch(() => undefined);
  if (failure === undefined && problems.length > 0) failure = problems.join('\n');
  const seconds = ((Date.now() - t0) / 1000).toFixed(1);
  if (skip !== undefined && failure === undefined) {
    skipped.push(test.name);
    console.log(`skip ${test.name}: ${skip}`);
  } else if (failure === undefined) {
    passed++;
    console.log(`ok   ${test.name} (${seconds} s)${note ? ` — ${note}` : ''}`);
  } else {
    failed++;
    console.log(`FAIL ${test.name} (${seconds} s)\n     ${failure.replaceAll('\n', '\n     ')}`);
  }
  await page.close();
}
await context.close();
// close() waits for connections it cannot call idle (one the browser opened and never used
// included), so every connection is dropped too.
for (const { httpServer } of [server, plainServer]) {
  const closed = new Promise((resolve) => httpServer.close(resolve));
  httpServer.closeAllConnections();
  await closed;
}
rmSync(userDataDir, { recursive: true, force: true });
const skipNote = skipped.length > 0 ? `, ${skipped.length} skipped (${skipped.join(', ')}: not in this build)` : '';
console.log(`${passed} passed, ${failed} failed${skipNote} (${((Date.now() - started) / 1000).toFixed(1)} s, screenshots in screenshots/)`);
// The root test summary adds these counts to the unit tests'.
mkdirSync(join(root, 'test-results'), { recursive: true });
writeFileSync(join(root, 'test-results', 'e2e.json'), JSON.stringify({ passed, failed, skipped: skipped.length }) + '\n');
process.exit(failed === 0 ? 0 : 1);
