import { Generator } from '@neurite/tensor';
import { afterAll, describe, expect, it } from 'vitest';
import { createNeuriteWorker } from './client.ts';
import { JobCancelledError, WorkerArgumentError } from './errors.ts';
import type { SpamTrainingProgress, TrainSpamFilterRequest } from './jobs/spam-types.ts';
import { NODE_WORKER_URL, startNodeWorker as spawn } from './testing.ts';

const client = createNeuriteWorker(spawn(NODE_WORKER_URL));
afterAll(() => client.terminate());

// A generated corpus: spam and ham draw from their own words and from shared ones, in different
// shares, so some emails of each kind look like the other (the models cannot be perfect).
const SPAM = ['free', 'money', 'winner', 'offer', 'click', 'cash', 'prize', 'urgent', 'credit', 'unsubscribe', 'guaranteed', 'limited'];
const HAM = ['meeting', 'project', 'report', 'lunch', 'schedule', 'code', 'review', 'team', 'thanks', 'attached', 'patch', 'kernel'];
const SHARED = ['the', 'and', 'you', 'we', 'this', 'please', 'today', 'for', 'your', 'list', 'email', 'time'];

function corpus(n: number, seed: number): { emails: string[]; labels: number[] } {
  const g = new Generator(seed);
  const emails: string[] = [], labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const spam = g.bernoulli(0.35);
    const words: string[] = [];
    const length = g.integer(8, 30);
    for (let w = 0; w < length; w++) {
      const u = g.random();
      const pool = u < 0.25 ? (spam ? SPAM : HAM) : u < 0.32 ? (spam ? HAM : SPAM) : SHARED;
      words.push(pool[g.integer(0, pool.length)]!);
    }
    emails.push(words.join(' '));
    labels.push(spam ? 1 : 0);
  }
  return { emails, labels };
}

const DATA = corpus(400, 5);
const request = (extra: Partial<TrainSpamFilterRequest> = {}): TrainSpamFilterRequest => ({ ...DATA, seed: 3, nFeatures: 256, ...extra });

describe('spam-filter jobs', () => {
  it('splits, fits both models on the training part, reports on the test part, and classifies emails', async () => {
    const events: SpamTrainingProgress[] = [];
    const info = await client.trainSpamFilter(request(), { onProgress: (e) => void events.push(e) });
    expect(info.split).toMatchObject({ train: 240, validation: 80, test: 80 });
    const spam = DATA.labels.reduce((s, y) => s + y, 0);
    expect(info.split.trainSpam + info.split.validationSpam + info.split.testSpam).toBe(spam);
    // every stage reports, in pipeline order
    const stages = [...new Set(events.map((e) => e.stage))];
    expect(stages).toEqual(['split', 'hash', 'fit-logistic-regression', 'fit-naive-bayes', 'threshold', 'evaluate']);
    expect(events.filter((e) => e.stage === 'hash').at(-1)).toMatchObject({ done: 400, total: 400 });
    expect(events.filter((e) => e.stage === 'fit-logistic-regression' && e.value !== undefined).length).toBeGreaterThan(0);
    expect(events.at(-1)).toEqual({ stage: 'evaluate', done: 2, total: 2 });

    expect(info.models.map((m) => m.kind)).toEqual(['logistic-regression', 'naive-bayes']);
    for (const m of info.models) {
      const { tn, fp, fn, tp } = m.confusion;
      expect(tn + fp + fn + tp).toBe(80);
      expect(tp + fn).toBe(info.split.testSpam);
      // the reported scores agree with the confusion counts at the chosen threshold
      expect(m.accuracy).toBeCloseTo((tp + tn) / 80, 12);
      expect(m.precision).toBeCloseTo(tp / (tp + fp), 12);
      expect(m.recall).toBeCloseTo(tp / (tp + fn), 12);
      expect(m.f1).toBeCloseTo((2 * tp) / (2 * tp + fp + fn), 12);
      // the words separate the classes well, though not perfectly (thresholds set from a first run)
      expect(m.rocAuc).toBeGreaterThan(0.95);
      expect(m.accuracy).toBeGreaterThan(0.85);
      expect(m.threshold).toBeGreaterThan(0);
      expect(m.threshold).toBeLessThan(1);
      expect(m.validationF1).toBeGreaterThan(0.8);
      // ROC from (0, 0) to (1, 1), non-decreasing
      expect(m.roc.fpr.length).toBe(m.roc.tpr.length);
      expect([m.roc.fpr[0], m.roc.tpr[0], m.roc.fpr.at(-1), m.roc.tpr.at(-1)]).toEqual([0, 0, 1, 1]);
      for (let i = 1; i < m.roc.fpr.length; i++) expect(m.roc.fpr[i]! >= m.roc.fpr[i - 1]! && m.roc.tpr[i]! >= m.roc.tpr[i - 1]!).toBe(true);
    }

    const spammy = await client.classifyEmail({ modelId: info.modelId, text: 'URGENT: click now, FREE cash prize for the winner! Limited offer, guaranteed money.' });
    expect(spammy).toMatchObject({ label: 'spam', tokens: 13 });
    expect(spammy.probability).toBeGreaterThan(0.9);
    const normal = await client.classifyEmail({ modelId: info.modelId, text: 'Thanks for the review of the patch; the team meeting moves to Monday, report attached.' });
    expect(normal.label).toBe('ham');
    expect(normal.probability).toBeLessThan(0.1);
    const bayes = await client.classifyEmail({ modelId: info.modelId, text: 'free money offer click', model: 'naive-bayes' });
    expect(bayes.label).toBe('spam');
    expect(bayes.threshold).toBe(info.models[1]!.threshold);
  });

  it('is deterministic for a seed, and another seed gives another split', async () => {
    const [a, b, c] = [await client.trainSpamFilter(request()), await client.trainSpamFilter(request()), await client.trainSpamFilter(request({ seed: 4 }))];
    expect(b.models).toEqual(a.models);
    expect(b.split).toEqual(a.split);
    expect(c.models[0]!.roc.fpr).not.toEqual(a.models[0]!.roc.fpr);
  });

  it('rejects bad requests with WorkerArgumentError naming the field', async () => {
    await expect(client.trainSpamFilter(request({ labels: DATA.labels.slice(1) }))).rejects.toThrow(/labels has 399 entries/);
    await expect(client.trainSpamFilter(request({ labels: DATA.labels.map((y, i) => (i === 7 ? 2 : y)) }))).rejects.toThrow(/labels\[7\] is 2/);
    await expect(client.trainSpamFilter(request({ emails: DATA.emails.map((e, i) => (i === 3 ? (5 as unknown as string) : e)) }))).rejects.toThrow(/emails\[3\] is number/);
    await expect(client.trainSpamFilter(request({ testShare: 0.6 }))).rejects.toThrow(/testShare is 0.6/);
    await expect(client.trainSpamFilter(request({ nFeatures: 3 }))).rejects.toThrow(/nFeatures is 3/);
    // 2 spam among 400: some part is left without spam
    await expect(client.trainSpamFilter(request({ labels: DATA.labels.map((_, i) => (i < 2 ? 1 : 0)) }))).rejects.toThrow(/expected both classes in every part/);
    await expect(client.classifyEmail({ modelId: 'spam-999', text: 'x' })).rejects.toThrow(WorkerArgumentError);
    const info = await client.trainSpamFilter(request());
    await expect(client.classifyEmail({ modelId: info.modelId, text: 'x', model: 'svm' as 'naive-bayes' })).rejects.toThrow(/model is "svm"/);
  });

  it('can be cancelled while it runs', async () => {
    const controller = new AbortController();
    const job = client.trainSpamFilter(request(), {
      signal: controller.signal,
      onProgress: (e) => { if (e.stage === 'hash') controller.abort(); },
    });
    await expect(job).rejects.toThrow(JobCancelledError);
    // the worker still serves jobs afterwards
    expect((await client.trainSpamFilter(request())).models).toHaveLength(2);
  });
});
