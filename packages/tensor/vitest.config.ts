import { defineConfig, mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared.ts';

// --expose-gc: the memory safety-net test collects garbage on demand instead of waiting for it.
export default mergeConfig(shared, defineConfig({ test: { setupFiles: ['./test/setup.ts'], execArgv: ['--expose-gc'] } }));
