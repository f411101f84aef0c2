// Test setup: NEURITE_GROW_TORTURE=1 runs the whole suite on a backend that grows its memory by a
// page before every kernel call, so any view kept across an allocation fails loudly.
import { loadBackend } from '@neurite/kernels';
import { init } from '../src/index.ts';

if (process.env.NEURITE_GROW_TORTURE === '1') await init(await loadBackend({ variant: 'simd', growTorture: true }));
