// Entry of the page for Vite, webpack 5 and Rollup: the worker is located with the
// `new Worker(new URL(...), import.meta.url)` pattern they follow; the kernels' .wasm files are
// located by the package itself the same way.
import { runPage } from './page.js';

runPage(() => new Worker(new URL('./worker.js', import.meta.url), { type: 'module' }));
