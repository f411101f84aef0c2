// Sums the per-package vitest JSON reports and the browser e2e counts (the demo's, e2e/*) into one closing line: "N passed, N failed, N skipped".
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

let passed = 0, failed = 0, skipped = 0;
// The dependency rules checked by scripts/test.sh before the suites.
if (existsSync(join('test-results', 'architecture.json'))) {
  const r = JSON.parse(readFileSync(join('test-results', 'architecture.json'), 'utf8'));
  passed += r.passed;
  failed += r.failed;
  console.log(`architecture (dependency rules): ${r.passed} passed, ${r.failed} failed`);
}
for (const group of ['packages', 'apps', 'e2e']) {
  if (!existsSync(group)) continue;
  for (const name of readdirSync(group)) {
    const file = join(group, name, 'test-results', 'vitest.json');
    if (!existsSync(file)) continue;
    const r = JSON.parse(readFileSync(file, 'utf8'));
    passed += r.numPassedTests;
    failed += r.numFailedTests;
    skipped += r.numPendingTests + (r.numTodoTests ?? 0);
    console.log(`${group}/${name}: ${r.numPassedTests} passed, ${r.numFailedTests} failed`);
  }
  for (const name of readdirSync(group)) {
    const file = join(group, name, 'test-results', 'e2e.json');
    if (!existsSync(file)) continue;
    const r = JSON.parse(readFileSync(file, 'utf8'));
    passed += r.passed;
    failed += r.failed;
    skipped += r.skipped;
    console.log(`${group}/${name} (browser e2e): ${r.passed} passed, ${r.failed} failed`);
  }
}
// Workspaces at the root (examples) keep their report beside their package.json.
for (const name of ['examples']) {
  const file = join(name, 'test-results', 'vitest.json');
  if (!existsSync(file)) continue;
  const r = JSON.parse(readFileSync(file, 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  skipped += r.numPendingTests + (r.numTodoTests ?? 0);
  console.log(`${name}: ${r.numPassedTests} passed, ${r.numFailedTests} failed`);
}
// A workspace with a test script but no report did not finish (killed, hung and stopped, or crashed
// before writing one): it counts as one failure, so a missing suite cannot pass unnoticed.
for (const dir of [...['packages', 'apps', 'e2e'].flatMap((group) => (existsSync(group) ? readdirSync(group).map((name) => join(group, name)) : [])), 'examples']) {
  const manifest = join(dir, 'package.json');
  if (!existsSync(manifest) || JSON.parse(readFileSync(manifest, 'utf8')).scripts?.test === undefined) continue;
  if (['vitest.json', 'e2e.json'].some((report) => existsSync(join(dir, 'test-results', report)))) continue;
  failed++;
  console.log(`${dir}: no test report (its test script did not finish): counted as 1 failed`);
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
