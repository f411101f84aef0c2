import { defineConfig, mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared.ts';

// Node 20 validates relaxed SIMD only behind a V8 flag. V8 flags are per process, so the worker
// threads the tests start inherit it and the relaxed kernel build is measured there too.
export default mergeConfig(shared, defineConfig({ test: { execArgv: ['--experimental-wasm-relaxed-simd'] } }));
