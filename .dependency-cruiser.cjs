// The architecture of DESIGN.md section 1, checked in CI (`npm run lint:deps`).
// An arrow there ("may import") is an entry of ALLOWED here; anything else fails the build.
'use strict';

/** Which of our packages each package may import (besides itself). */
const ALLOWED = {
  kernels: [],
  tensor: ['kernels'],
  nn: ['tensor'],
  metrics: ['tensor'],
  features: ['tensor', 'nn'],
  ml: ['tensor', 'nn', 'features', 'metrics'],
  tokenizers: [],
  worker: ['kernels', 'tensor', 'nn', 'ml', 'features', 'metrics', 'tokenizers'],
};

const packageRules = Object.entries(ALLOWED).map(([name, allowed]) => ({
  name: `${name}-imports`,
  comment: `@neurite/${name} may import only: ${allowed.length ? allowed.map((a) => `@neurite/${a}`).join(', ') : 'nothing of ours'} (DESIGN.md section 1)`,
  severity: 'error',
  from: { path: `^packages/${name}/` },
  to: { path: '^packages/', pathNot: [`^packages/(${[name, ...allowed].join('|')})/`] },
}));

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No import cycles, between packages or between files inside a package (DESIGN.md section 1).',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    ...packageRules,
    {
      name: 'demo-imports',
      comment: 'apps/demo drives everything through @neurite/worker (DESIGN.md section 1).',
      severity: 'error',
      from: { path: '^apps/demo/' },
      to: { path: '^packages/', pathNot: ['^packages/worker/'] },
    },
    {
      name: 'no-reaching-into-packages',
      comment: "No package reaches into another's src/ or dist/: only through its exports map (a bare @neurite/... specifier).",
      severity: 'error',
      from: { path: '^(packages|apps)/([^/]+)/' },
      to: { dependencyTypes: ['local'], dependencyTypesNot: ['aliased-workspace'], path: '^(packages|apps)/', pathNot: ['^$1/$2/'] },
    },
    {
      name: 'no-unresolvable',
      comment: 'Every import resolves.',
      severity: 'error',
      from: { path: '^(packages|apps)/[^/]+/src/' },
      // src/generated/ is written by the build; the rules run before it on a fresh clone.
      to: { couldNotResolve: true, pathNot: ['/generated/'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|node_modules|test-results)/' },
    tsPreCompilationDeps: true,
    combinedDependencies: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    enhancedResolveOptions: {
      // Workspace packages resolve to their TypeScript sources (the condition vitest and tsc use here).
      conditionNames: ['@neurite/source', 'import', 'types', 'default'],
      exportsFields: ['exports'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.d.ts', '.json'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
