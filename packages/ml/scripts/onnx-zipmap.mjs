// Writes the ZipMap test models (exportEstimatorOnnx with zipMap: true) and their inputs to DIR, for
// scripts/onnx-zipmap.py, which runs them in Python's onnxruntime (whose API reads ZipMap's sequence
// of maps; onnxruntime-web and onnxruntime-node read tensors only) and writes fixtures/onnx-zipmap.json:
//   npx tsc -b packages/ml && node packages/ml/scripts/onnx-zipmap.mjs DIR && python3 packages/ml/scripts/onnx-zipmap.py DIR
// The models must stay those of src/onnx/export-encoders-onnx.test.ts (same data, same seeds).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportEstimatorOnnx, LogisticRegression, RandomForestClassifier, SVC } from '@neurite/ml';
import { init } from '@neurite/tensor';

const dir = process.argv[2];
if (!dir) {
  process.stderr.write('usage: node scripts/onnx-zipmap.mjs DIR\n');
  process.exit(2);
}
await init();
mkdirSync(dir, { recursive: true });

const X = Array.from({ length: 60 }, (_, i) => Array.from({ length: 4 }, (_, j) => (i % 3) * (j - 1.5) + Math.sin(i * 7.1 + j * 3.3)));
const y3 = X.map((_, i) => i % 3);
const names = y3.map((c) => ['a', 'b', 'c'][c]);
const models = {
  logistic_int_labels: new LogisticRegression().fit(X, y3.map((c) => 10 * c)),
  forest_string_labels: new RandomForestClassifier({ nEstimators: 5, maxDepth: 3, randomState: 0 }).fit(X, names),
  binary_svc_probability: new SVC({ probability: true, randomState: 0 }).fit(X, y3.map((c) => (c === 2 ? 1 : 0))),
};
// Inputs already float32, so the runtime and the estimators read the same numbers.
const inputs = Array.from({ length: 8 }, (_, i) => Array.from({ length: 4 }, (_, j) => Math.fround((i % 3) * (j - 1.5) + Math.cos(i * 2.3 + j))));
for (const [name, model] of Object.entries(models)) writeFileSync(join(dir, `${name}.onnx`), exportEstimatorOnnx(model, { nFeatures: 4, zipMap: true }));
writeFileSync(join(dir, 'inputs.json'), JSON.stringify({ order: Object.keys(models), inputs }));
console.log(`wrote ${Object.keys(models).length} models and inputs.json to ${dir}`);
