import { defineConfig, mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared.ts';

// Node 20 validates relaxed SIMD only behind a V8 flag; forks accept it in execArgv, so the
// relaxed build runs in the same suite as the plain one.
export default mergeConfig(shared, defineConfig({ test: { execArgv: ['--experimental-wasm-relaxed-simd'] } }));
