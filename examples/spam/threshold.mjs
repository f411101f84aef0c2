// Choosing the probability threshold on validation data: the threshold t (classify spam when
// P(spam) >= t) that maximises F1 = 2TP / (2TP + FP + FN); among equal F1, the one closest to 0.5.

/** { threshold, f1 } over the distinct validation probabilities. */
export function chooseThreshold(probabilities, labels) {
  const order = Array.from(probabilities.keys()).sort((a, b) => probabilities[b] - probabilities[a]);
  const positives = labels.reduce((s, y) => s + y, 0);
  let tp = 0, fp = 0;
  let best = { threshold: 0.5, f1: -1 };
  for (let k = 0; k < order.length; k++) {
    const i = order[k];
    if (labels[i] === 1) tp++;
    else fp++;
    // a threshold sits only where the next probability is smaller (equal scores stay together)
    if (k + 1 < order.length && probabilities[order[k + 1]] === probabilities[i]) continue;
    const fn = positives - tp;
    const f1 = (2 * tp) / (2 * tp + fp + fn);
    const t = probabilities[i];
    if (f1 > best.f1 || (f1 === best.f1 && Math.abs(t - 0.5) < Math.abs(best.threshold - 0.5))) best = { threshold: t, f1 };
  }
  return best;
}

/** Class 1 where probability >= threshold. */
export function applyThreshold(probabilities, threshold) {
  return Array.from(probabilities, (p) => (p >= threshold ? 1 : 0));
}
