// Opens each bundle of build.mjs (dist/<bundler>/) in Debian's Chromium, served from 127.0.0.1
// twice: cross-origin isolated (COOP/COEP: the worker runs the threaded kernels on 2 threads) and
// not (single-threaded). Checks what the app reports (kernel results, typed error names after
// minification, a tokenizer), that no console or page error occurred, and which files the page
// fetched: of the three encodings' rank data only the one used. Ends with "N passed, N failed".
//   node run.mjs [bundler...]   (builds first when a bundle is missing)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, extname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = dirname(fileURLToPath(import.meta.url));
const BUNDLERS = ['esbuild', 'webpack', 'rollup', 'vite'];
const chosen = process.argv.length > 2 ? process.argv.slice(2) : BUNDLERS;
const missing = chosen.filter((name) => !existsSync(join(root, 'dist', name, 'index.html')));
if (missing.length > 0) {
  const built = spawnSync(process.execPath, [join(root, 'build.mjs'), ...missing], { stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json' };
const ISOLATION = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

/** A static server of dist/<bundler>/ on a free port of 127.0.0.1, with or without COOP/COEP. */
async function serve(dir, isolated) {
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url, 'http://localhost').pathname);
    const file = normalize(join(dir, path === '/' ? 'index.html' : path));
    if (relative(dir, file).startsWith('..') || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', ...(isolated ? ISOLATION : {}) });
    response.end(readFileSync(file));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${server.address().port}/` };
}

/**
 * Stops the server and drops every connection still open to it. server.close() alone waits for the
 * connections it cannot call idle, and Chromium's network service (shared by the context's pages)
 * may hold one it opened speculatively and never sent a request on: the run then hung after a page
 * had passed, with nothing left to time out.
 */
function closeServer(server) {
  const closed = new Promise((resolve) => server.close(resolve));
  server.closeAllConnections();
  return closed;
}

function check(condition, message) {
  if (!condition) throw new Error(message);
}

/** The JavaScript files of a bundle and their sizes (every chunk, fetched or not). */
function javascriptFiles(dir) {
  const files = [];
  for (const entry of readdirSync(dir, { recursive: true })) {
    const path = join(dir, entry);
    if (entry.endsWith('.js') && statSync(path).isFile()) files.push({ name: entry.replaceAll('\\', '/'), bytes: statSync(path).size });
  }
  return files;
}

const RANK_DATA = /(r50k|cl100k|o200k)/;

function checkResult(result, isolated) {
  check(result.failure === undefined, `the app failed: ${result.failure}`);
  check(result.isolated === isolated, `crossOriginIsolated is ${result.isolated}, expected ${isolated}`);
  check(result.mainVariant === 'relaxed', `main thread variant ${result.mainVariant}, expected relaxed (Chromium has relaxed SIMD)`);
  check(JSON.stringify(result.matmul) === '[19,22,43,50]', `matmul gave ${JSON.stringify(result.matmul)}`);
  check(JSON.stringify(result.chained) === '[0,2,23,30]', `x.matmul(w).sub(20).relu() gave ${JSON.stringify(result.chained)}`);
  for (const [where, error] of [['page', result.mainError], ['worker', result.worker?.workerError]]) {
    check(error?.name === 'ShapeError' && error.isInstance && error.code === 'SHAPE', `${where}: the error is ${JSON.stringify(error)}, expected a ShapeError named so`);
  }
  check(result.errorNames.checked >= 24 && result.errorNames.wrong.length === 0, `error classes named otherwise after minification: ${JSON.stringify(result.errorNames.wrong)}`);
  check(JSON.stringify(result.tokens) === '[15339,1917]', `cl100k_base encoded 'hello world' as ${JSON.stringify(result.tokens)}`);
  const worker = result.worker;
  check(worker.failure === undefined, `the worker failed: ${worker.failure}`);
  const threads = isolated ? 2 : 1;
  const variant = isolated ? 'relaxed-threads' : 'relaxed';
  check(worker.variant === variant && worker.poolThreads === threads, `worker: ${worker.variant} on ${worker.poolThreads} thread(s), expected ${variant} on ${threads}`);
  check(worker.maxError < 1e-4, `worker GEMM differs from a plain loop by ${worker.maxError}`);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
});
const context = await browser.newContext();

let passed = 0;
let failed = 0;
const sizes = [];
for (const bundler of chosen) {
  const dir = join(root, 'dist', bundler);
  for (const isolated of [true, false]) {
    const name = `${bundler}${isolated ? ' isolated' : ' not isolated'}`;
    const { server, url } = await serve(dir, isolated);
    const page = await context.newPage();
    const problems = [];
    const fetched = new Set();
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('response', (response) => {
      if (response.status() === 404) problems.push(`404: ${response.url()}`);
      fetched.add(new URL(response.url()).pathname.slice(1));
    });
    try {
      await page.goto(url);
      // Guards against a hang only (a loaded machine may be slow); not a latency bound.
      await page.waitForFunction(() => globalThis.neuriteResult !== undefined, null, { timeout: 120_000 });
      const result = await page.evaluate(() => globalThis.neuriteResult);
      check(problems.length === 0, problems.join('\n'));
      checkResult(result, isolated);
      const scripts = javascriptFiles(dir);
      const loaded = scripts.filter((f) => fetched.has(f.name));
      const rankData = loaded.map((f) => RANK_DATA.exec(f.name)?.[1]).filter(Boolean);
      check(rankData.join() === 'cl100k', `rank data fetched: ${rankData.join(', ') || 'none'}, expected cl100k only`);
      if (isolated) {
        const total = (files) => files.reduce((s, f) => s + f.bytes, 0);
        sizes.push({ bundler, emitted: total(scripts), fetched: total(loaded), files: `${loaded.length} of ${scripts.length}` });
      }
      passed++;
      console.log(`ok   ${name}: main ${result.mainVariant}, worker ${result.worker.variant} x${result.worker.poolThreads}, errors named ${result.mainError.name}`);
    } catch (error) {
      failed++;
      console.log(`FAIL ${name}\n     ${String(error.message).split('\n').slice(0, 8).join('\n     ')}`);
    }
    await page.close();
    await closeServer(server);
  }
}
await browser.close();

if (sizes.length > 0) {
  const kb = (bytes) => `${(bytes / 1024).toFixed(0)} KiB`;
  console.log('\nJavaScript per bundle (minified; the page uses the cl100k_base encoding only):');
  console.log('| bundler | emitted | fetched by the page | files fetched |\n| --- | --- | --- | --- |');
  for (const s of sizes) console.log(`| ${s.bundler} | ${kb(s.emitted)} | ${kb(s.fetched)} | ${s.files} |`);
  console.log('');
}
console.log(`${passed} passed, ${failed} failed`);
mkdirSync(join(root, 'test-results'), { recursive: true });
writeFileSync(join(root, 'test-results', 'e2e.json'), JSON.stringify({ passed, failed, skipped: 0 }) + '\n');
process.exit(failed === 0 ? 0 : 1);
