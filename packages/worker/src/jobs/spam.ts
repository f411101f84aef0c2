/**
 * Spam-filter jobs (the worked pipeline of spam detection): trainSpamFilter splits labelled emails
 * by a seeded permutation into train / validation / test parts, turns each email into hashed word
 * counts (spam-features.ts), fits an L2 logistic regression and a multinomial naive Bayes model
 * (@neurite/ml) on the training part only, chooses each model's probability threshold by F1 on the
 * validation part, and reports precision, recall, F1, ROC AUC, the ROC curve and the confusion matrix
 * on the test part (spam-evaluation.ts). The fitted filter stays in the worker by id;
 * classifyEmail gives one email's P(spam) and label. Training checks for cancellation between
 * chunks of rows and after every solver iteration.
 */
import { JobCancelledError, WorkerArgumentError } from '../errors.ts';
import type { JobContext } from '../job-context.ts';
import type { JobResult } from './job-result.ts';
import { libraries } from './model-store.ts';
import { chooseThreshold, testReport } from './spam-evaluation.ts';
import { type DenseRows, emailTokens, hashEmails, spamProbabilities } from './spam-features.ts';
import { type SpamFeatureSettings, type SpamPipeline, spamFilter, storeSpamFilter } from './spam-store.ts';
import type {
  ClassifyEmailRequest, ClassifyEmailResult, SpamFilterInfo, SpamModelKind, SpamModelReport, SpamTrainingProgress, SpamTrainingStage, TrainSpamFilterRequest,
} from './spam-types.ts';

/** Rows hashed (and predicted) at a time outside the logistic regression's fit: bounds the dense scratch. */
const CHUNK = 512;
/** Dense training matrix cells allowed (float64: 1 GiB). */
const MAX_TRAINING_CELLS = 2 ** 27;
const MAX_ITERATIONS = 500;

function integer(value: unknown, name: string, min: number, max: number, fallback: number): number {
  const v = value ?? fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw new WorkerArgumentError(name, `is ${String(value)}; expected an integer in ${min}..${max}`);
  return v;
}

function real(value: unknown, name: string, min: number, max: number, fallback: number): number {
  const v = value ?? fallback;
  if (typeof v !== 'number' || !(v >= min && v <= max)) throw new WorkerArgumentError(name, `is ${String(value)}; expected a number in [${min}, ${max}]`);
  return v;
}

interface Part {
  tokens: string[][];
  labels: number[];
}

interface CheckedRequest {
  emails: string[];
  labels: number[];
  seed: number;
  validationShare: number;
  testShare: number;
  nFeatures: number;
  C: number;
  alpha: number;
}

function checkRequest(request: TrainSpamFilterRequest): CheckedRequest {
  const emails = request?.emails as unknown, labels = request?.labels as unknown;
  if (!Array.isArray(emails) || emails.length < 10) throw new WorkerArgumentError('emails', `is ${Array.isArray(emails) ? `an array of ${emails.length}` : typeof emails}; expected an array of at least 10 strings`);
  const bad = emails.findIndex((e) => typeof e !== 'string');
  if (bad >= 0) throw new WorkerArgumentError(`emails[${bad}]`, `is ${typeof emails[bad]}; expected a string`);
  if (!Array.isArray(labels) || labels.length !== emails.length) throw new WorkerArgumentError('labels', `has ${Array.isArray(labels) ? labels.length : 'no'} entries; expected one 0 or 1 per email (${emails.length})`);
  const badLabel = labels.findIndex((y) => y !== 0 && y !== 1);
  if (badLabel >= 0) throw new WorkerArgumentError(`labels[${badLabel}]`, `is ${String(labels[badLabel])}; expected 0 (ham) or 1 (spam)`);
  const validationShare = real(request.validationShare, 'validationShare', 0.01, 0.5, 0.2);
  const testShare = real(request.testShare, 'testShare', 0.01, 0.5, 0.2);
  if (validationShare + testShare > 0.9) throw new WorkerArgumentError('testShare', `is ${testShare} with validationShare ${validationShare}; together they must leave at least 10% for training`);
  return {
    emails: emails as string[], labels: labels as number[], validationShare, testShare,
    seed: integer(request.seed, 'seed', 0, 2 ** 31 - 1, 0),
    nFeatures: integer(request.nFeatures, 'nFeatures', 16, 2 ** 16, 4096),
    C: real(request.C, 'C', 1e-6, 1e6, 100),
    alpha: real(request.alpha, 'alpha', 1e-10, 100, 0.1),
  };
}

/** P(spam) of every email of a part, hashing CHUNK rows at a time. */
async function partProbabilities(features: typeof import('@neurite/features'), pipeline: SpamPipeline, tokens: string[][], context: JobContext<SpamTrainingProgress>): Promise<Float64Array> {
  const out = new Float64Array(tokens.length);
  for (let start = 0; start < tokens.length; start += CHUNK) {
    const x = hashEmails(features, pipeline.features, tokens.slice(start, start + CHUNK));
    out.set(spamProbabilities(pipeline.model, x), start);
    await context.checkpoint();
  }
  return out;
}

export async function trainSpamFilter(request: TrainSpamFilterRequest, context: JobContext<SpamTrainingProgress>): Promise<JobResult<SpamFilterInfo>> {
  const r = checkRequest(request);
  const n = r.emails.length;
  const stage = (name: SpamTrainingStage, done: number, total: number, value?: number) => context.report(value === undefined ? { stage: name, done, total } : { stage: name, done, total, value });

  await stage('split', 0, 1);
  await libraries(); // the tensor runtime: the logistic regression's products run on its GEMM kernels
  const [features, ml, metrics, tensorLib] = await Promise.all([import('@neurite/features'), import('@neurite/ml'), import('@neurite/metrics'), import('@neurite/tensor')]);
  const order = new tensorLib.Generator(r.seed).permutation(n);
  const nTest = Math.round(r.testShare * n), nValidation = Math.round(r.validationShare * n);
  const indices = { test: order.slice(0, nTest), validation: order.slice(nTest, nTest + nValidation), train: order.slice(nTest + nValidation) };
  for (const [name, part] of Object.entries(indices)) {
    let spam = 0;
    for (const i of part) spam += r.labels[i]!;
    if (spam === 0 || spam === part.length) throw new WorkerArgumentError('labels', `leave the ${name} part (${part.length} emails) with ${spam === 0 ? 'no spam' : 'only spam'}; expected both classes in every part (more emails, or other shares)`);
  }
  if (indices.train.length * r.nFeatures > MAX_TRAINING_CELLS) throw new WorkerArgumentError('nFeatures', `is ${r.nFeatures}; ${indices.train.length} training rows of that many float64 columns exceed 1 GiB`);
  await stage('split', 1, 1);

  // tokens once; each model hashes them its own way
  const tokens: string[][] = new Array<string[]>(n);
  for (let start = 0; start < n; start += CHUNK) {
    for (let i = start; i < Math.min(n, start + CHUNK); i++) tokens[i] = emailTokens(features, r.emails[i]!);
    await stage('hash', Math.min(n, start + CHUNK), n);
    await context.checkpoint();
  }
  const part = (idx: Int32Array): Part => ({ tokens: Array.from(idx, (i) => tokens[i]!), labels: Array.from(idx, (i) => r.labels[i]!) });
  const train = part(indices.train), validation = part(indices.validation), test = part(indices.test);

  // logistic regression: the whole training matrix at once (L-BFGS reads it every iteration)
  const logisticFeatures: SpamFeatureSettings = { nFeatures: r.nFeatures, signed: true, l2: true };
  await stage('fit-logistic-regression', 0, MAX_ITERATIONS);
  const logistic = new ml.LogisticRegression({ C: r.C, maxIter: MAX_ITERATIONS });
  let xTrain: DenseRows | undefined = hashEmails(features, logisticFeatures, train.tokens);
  let progressError: unknown;
  try {
    logistic.fit(xTrain, train.labels, {
      signal: context.signal,
      onProgress: (p) => {
        if (context.cancelled) throw new JobCancelledError(context.job);
        // sent while the fit runs; a failed callback fails the job at the flush below
        context.report({ stage: 'fit-logistic-regression', done: p.done, total: MAX_ITERATIONS, ...(p.value === undefined ? {} : { value: p.value }) }).catch((error: unknown) => {
          progressError ??= error;
        });
      },
    });
  } catch (error) {
    if (error instanceof ml.FitAbortedError) throw new JobCancelledError(context.job);
    throw error;
  }
  xTrain = undefined;
  await context.flush();
  if (progressError !== undefined) throw progressError;
  await stage('fit-logistic-regression', logistic.nIter, logistic.nIter);
  await context.checkpoint();

  // naive Bayes: counts add up, so it learns chunk by chunk (partialFit over the chunks equals one fit)
  const bayesFeatures: SpamFeatureSettings = { nFeatures: r.nFeatures, signed: false, l2: false };
  const bayes = new ml.MultinomialNB({ alpha: r.alpha });
  const nTrain = train.labels.length;
  for (let start = 0; start < nTrain; start += CHUNK) {
    const x = hashEmails(features, bayesFeatures, train.tokens.slice(start, start + CHUNK));
    bayes.partialFit(x, train.labels.slice(start, start + CHUNK), start === 0 ? [0, 1] : undefined);
    await stage('fit-naive-bayes', Math.min(nTrain, start + CHUNK), nTrain);
    await context.checkpoint();
  }

  const candidates: [SpamModelKind, SpamFeatureSettings, SpamPipeline['model']][] = [
    ['logistic-regression', logisticFeatures, logistic], ['naive-bayes', bayesFeatures, bayes],
  ];
  const pipelines = {} as Record<SpamModelKind, SpamPipeline>;
  const reports: SpamModelReport[] = [];
  for (const [k, [kind, settings, model]] of candidates.entries()) {
    await stage('threshold', k, candidates.length);
    const pipeline: SpamPipeline = { features: settings, model, threshold: 0.5 };
    const chosen = chooseThreshold(metrics, await partProbabilities(features, pipeline, validation.tokens, context), validation.labels);
    pipeline.threshold = chosen.threshold;
    pipelines[kind] = pipeline;
    await stage('evaluate', k, candidates.length);
    reports.push(testReport(metrics, kind, await partProbabilities(features, pipeline, test.tokens, context), test.labels, chosen.threshold, chosen.f1));
  }
  await stage('evaluate', candidates.length, candidates.length);

  const spamIn = (p: Part) => p.labels.reduce((s, y) => s + y, 0);
  const value: SpamFilterInfo = {
    modelId: storeSpamFilter(pipelines),
    nFeatures: r.nFeatures,
    split: {
      train: nTrain, validation: validation.labels.length, test: test.labels.length,
      trainSpam: spamIn(train), validationSpam: spamIn(validation), testSpam: spamIn(test),
    },
    models: reports,
  };
  return { value, transfer: reports.flatMap((m) => [m.roc.fpr.buffer, m.roc.tpr.buffer]) };
}

export async function classifyEmail(request: ClassifyEmailRequest, _context: JobContext<never>): Promise<JobResult<ClassifyEmailResult>> {
  const filter = spamFilter(request?.modelId);
  if (typeof request.text !== 'string') throw new WorkerArgumentError('text', `is ${typeof request.text}; expected the email's text`);
  const kind = request.model ?? 'logistic-regression';
  if (kind !== 'logistic-regression' && kind !== 'naive-bayes') throw new WorkerArgumentError('model', `is ${JSON.stringify(kind)}; expected 'logistic-regression' or 'naive-bayes'`);
  const pipeline = filter[kind];
  const features = await import('@neurite/features');
  const tokens = emailTokens(features, request.text);
  const probability = spamProbabilities(pipeline.model, hashEmails(features, pipeline.features, [tokens]))[0]!;
  const value: ClassifyEmailResult = { probability, threshold: pipeline.threshold, label: probability >= pipeline.threshold ? 'spam' : 'ham', tokens: tokens.length };
  return { value, transfer: [] };
}
