// Entry of the page for esbuild, which does not follow `new URL(..., import.meta.url)`: its `file`
// loader (`loader: { '.wasm': 'file' }`) copies the kernel modules next to the bundle and gives
// their URLs, which init({ wasm }) takes. The app's worker is a second entry point.
import relaxed from '@neurite/kernels/kernels-relaxed.wasm';
import simd from '@neurite/kernels/kernels.wasm';
import { runPage } from '../page.js';

runPage(() => new Worker(new URL('./worker.js', import.meta.url), { type: 'module' }), { wasm: { simd, relaxed } });
