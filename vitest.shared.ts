// Shared vitest settings: resolve workspace packages to their TypeScript sources
// (the "@neurite/source" export condition), so tests never need a dependency's dist/.
import { defaultClientConditions, defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@neurite/source', ...defaultClientConditions] },
  ssr: { resolve: { conditions: ['@neurite/source', ...defaultServerConditions] } },
  test: {
    include: ['src/**/*.test.ts'],
    pool: 'forks',
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
    passWithNoTests: true,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
