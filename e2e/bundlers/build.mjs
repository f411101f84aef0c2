// Bundles the test app (app/) with esbuild, webpack 5, Rollup and Vite, each minified and with the
// settings a user would write, into dist/<bundler>/. The packages come from their published layout
// (dist/ through each package's exports map), never from their TypeScript sources.
//   node build.mjs [bundler...]   (default: all four)
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));
const app = join(root, 'app');
const out = (name) => join(root, 'dist', name);

/** index.html of the non-Vite builds: the page loads main.js beside it as a module. */
function writePage(dir) {
  writeFileSync(join(dir, 'index.html'), readFileSync(join(app, 'index.html'), 'utf8'));
}

async function esbuildBundle() {
  const esbuild = await import('esbuild');
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: { main: 'app/esbuild/main.js', worker: 'app/esbuild/worker.js' },
    bundle: true,
    format: 'esm',
    splitting: true,
    minify: true,
    platform: 'browser',
    target: 'es2022',
    loader: { '.wasm': 'file' },
    outdir: out('esbuild'),
    logLevel: 'warning',
  });
  writePage(out('esbuild'));
}

async function webpackBundle() {
  const { default: webpack } = await import('webpack');
  const config = {
    mode: 'production',
    context: root,
    entry: { main: './app/main.js' },
    target: ['web', 'es2022'],
    // Named chunks (the tokenizers name their rank data chunks) keep their names; others get ids.
    output: { path: out('webpack'), filename: '[name].js', chunkFilename: '[name].[contenthash:8].js', module: true, clean: true },
    experiments: { outputModule: true },
    performance: { hints: false },
  };
  const stats = await new Promise((resolve, reject) => webpack(config, (error, s) => (error ? reject(error) : resolve(s))));
  if (stats.hasErrors()) throw new Error(stats.toString({ all: false, errors: true }));
  writePage(out('webpack'));
}

async function rollupBundle() {
  const { rollup } = await import('rollup');
  const { nodeResolve } = await import('@rollup/plugin-node-resolve');
  const { default: commonjs } = await import('@rollup/plugin-commonjs');
  const { default: terser } = await import('@rollup/plugin-terser');
  const { importMetaAssets } = await import('@web/rollup-plugin-import-meta-assets');
  const bundle = await rollup({
    input: { main: join(app, 'main.js'), worker: join(app, 'worker.js') },
    plugins: [
      nodeResolve({ browser: true }),
      commonjs(), // protobufjs (the tokenizers' SentencePiece reader) is CommonJS
      // Emits the files the packages locate with `new URL('...', import.meta.url)` (the kernel
      // modules); the app's own worker URL names another entry, so app/ is not scanned.
      importMetaAssets({ exclude: join(app, '**') }),
    ],
    onwarn(warning, warn) {
      // protobufjs's modules import each other in cycles; harmless and not ours to change.
      if (warning.code === 'CIRCULAR_DEPENDENCY' && warning.ids?.every((id) => id.includes('node_modules'))) return;
      warn(warning);
    },
  });
  await bundle.write({ dir: out('rollup'), format: 'es', entryFileNames: '[name].js', plugins: [terser()] });
  await bundle.close();
  writePage(out('rollup'));
}

async function viteBundle() {
  const { build } = await import('vite');
  await build({
    configFile: false,
    root: app,
    logLevel: 'warn',
    // The app's worker imports modules with code splitting: ES module workers.
    worker: { format: 'es' },
    // The rank data of an encoding is one large chunk by design (loaded only when used).
    build: { outDir: out('vite'), emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 2048 },
  });
}

const BUNDLERS = { esbuild: esbuildBundle, webpack: webpackBundle, rollup: rollupBundle, vite: viteBundle };
const chosen = process.argv.length > 2 ? process.argv.slice(2) : Object.keys(BUNDLERS);
for (const name of chosen) {
  if (!(name in BUNDLERS)) throw new Error(`unknown bundler '${name}'; expected one of ${Object.keys(BUNDLERS).join(', ')}`);
  rmSync(out(name), { recursive: true, force: true });
  mkdirSync(out(name), { recursive: true });
  await BUNDLERS[name]();
  console.log(`built dist/${name}`);
}
