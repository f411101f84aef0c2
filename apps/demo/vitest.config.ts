import { defineConfig, mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared.ts';

// Unit tests of the page helpers (pure TypeScript); the pages themselves are covered by e2e/run.mjs.
export default mergeConfig(shared, defineConfig({}));
