/** Requests, progress and results of the spam-filter jobs (see spam.ts). */

/** Trains a spam filter on labelled emails: a seeded train / validation / test split, hashed word tokens, two models. */
export interface TrainSpamFilterRequest {
  /** The emails' text (any form: the demo sends the subject line and the start of the body). */
  emails: string[];
  /** 1 = spam, 0 = ham, one per email. */
  labels: number[];
  /** Seed of the split's permutation. Default 0. */
  seed?: number;
  /** Shares of the emails held out for choosing the threshold and for the final report. Defaults 0.2 and 0.2. */
  validationShare?: number;
  testShare?: number;
  /** Hashed feature columns (dense matrices: keep it small). Default 4096. */
  nFeatures?: number;
  /** Inverse L2 strength of the logistic regression. Default 100. */
  C?: number;
  /** Additive smoothing of the naive Bayes model. Default 0.1. */
  alpha?: number;
}

export type SpamTrainingStage = 'split' | 'hash' | 'fit-logistic-regression' | 'fit-naive-bayes' | 'threshold' | 'evaluate';

/** One stage started (done 0) or advanced; `total` is the stage's unit count when known. */
export interface SpamTrainingProgress {
  stage: SpamTrainingStage;
  done: number;
  total: number;
  /** The objective of an iterative fit at this iteration, when the fit reports one. */
  value?: number;
}

export type SpamModelKind = 'logistic-regression' | 'naive-bayes';

/** One model's figures on the test part, at the threshold chosen on validation. */
export interface SpamModelReport {
  kind: SpamModelKind;
  /** P(spam) at or above which an email is called spam: the F1-best one on the validation part. */
  threshold: number;
  /** F1 on the validation part at that threshold. */
  validationF1: number;
  accuracy: number;
  precision: number;
  recall: number;
  f1: number;
  rocAuc: number;
  /** The test ROC curve (scikit-learn's roc_curve, collinear points dropped). */
  roc: { fpr: Float64Array; tpr: Float64Array };
  /** Test counts at the threshold: rows true ham / spam, columns predicted ham / spam. */
  confusion: { tn: number; fp: number; fn: number; tp: number };
}

export interface SpamFilterInfo {
  /** For classifyEmail: the logistic regression, with naive Bayes beside it. */
  modelId: string;
  nFeatures: number;
  /** Emails (and spam among them) in each part. */
  split: { train: number; validation: number; test: number; trainSpam: number; validationSpam: number; testSpam: number };
  models: SpamModelReport[];
}

export interface ClassifyEmailRequest {
  modelId: string;
  text: string;
  /** Which of the two models answers. Default 'logistic-regression'. */
  model?: SpamModelKind;
}

export interface ClassifyEmailResult {
  /** P(spam) from the model. */
  probability: number;
  threshold: number;
  label: 'spam' | 'ham';
  /** Word tokens of the text (a text with none is classified by the models' bias alone). */
  tokens: number;
}
