// Entry of the app's worker for esbuild: the threaded modules' URLs come from the file loader too.
import relaxed from '@neurite/kernels/kernels-relaxed.wasm';
import relaxedThreads from '@neurite/kernels/kernels-relaxed-threads.wasm';
import simdThreads from '@neurite/kernels/kernels-threads.wasm';
import simd from '@neurite/kernels/kernels.wasm';
import { serveWorker } from '../work.js';

serveWorker({ wasm: { simd, relaxed, 'simd-threads': simdThreads, 'relaxed-threads': relaxedThreads } });
