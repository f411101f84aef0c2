// Extremely randomised trees (Geurts, Ernst and Wehenkel 2006; scikit-learn's ExtraTreesClassifier
// and ExtraTreesRegressor): forests whose trees draw one threshold per candidate feature uniformly
// between the node's minimum and maximum (splitter 'random') and, by default, see the whole
// training set (bootstrap false). Seeds as the random forests', so a randomState gives
// scikit-learn's trees.
import type { EstimatorJSON } from '../base/estimator.ts';
import { RandomForestClassifier, type RandomForestClassifierParams } from './random-forest-classifier.ts';
import { RandomForestRegressor, type RandomForestRegressorParams } from './random-forest-regressor.ts';

export type ExtraTreesClassifierParams = RandomForestClassifierParams;
export type ExtraTreesRegressorParams = RandomForestRegressorParams;

const CLASSIFIER_DEFAULTS: ExtraTreesClassifierParams = {
  nEstimators: 100,
  criterion: 'gini',
  splitter: 'random',
  maxDepth: null,
  minSamplesSplit: 2,
  minSamplesLeaf: 1,
  maxFeatures: 'sqrt',
  bootstrap: false,
  oobScore: false,
  randomState: null,
  maxSamples: null,
  minImpurityDecrease: 0,
  maxLeafNodes: null,
  classWeight: null,
  ccpAlpha: 0,
};

const REGRESSOR_DEFAULTS: ExtraTreesRegressorParams = {
  nEstimators: 100,
  criterion: 'squaredError',
  splitter: 'random',
  maxDepth: null,
  minSamplesSplit: 2,
  minSamplesLeaf: 1,
  maxFeatures: null,
  bootstrap: false,
  oobScore: false,
  randomState: null,
  maxSamples: null,
  minImpurityDecrease: 0,
  maxLeafNodes: null,
  ccpAlpha: 0,
};

export class ExtraTreesClassifier extends RandomForestClassifier {
  constructor(params?: Partial<ExtraTreesClassifierParams>) {
    super(params, CLASSIFIER_DEFAULTS);
  }

  protected override typeName(): string {
    return 'ExtraTreesClassifier';
  }

  static override fromJSON(json: EstimatorJSON): ExtraTreesClassifier {
    return new ExtraTreesClassifier(json?.params as Partial<ExtraTreesClassifierParams>).restore(json, 'ExtraTreesClassifier');
  }
}

export class ExtraTreesRegressor extends RandomForestRegressor {
  constructor(params?: Partial<ExtraTreesRegressorParams>) {
    super(params, REGRESSOR_DEFAULTS);
  }

  protected override typeName(): string {
    return 'ExtraTreesRegressor';
  }

  static override fromJSON(json: EstimatorJSON): ExtraTreesRegressor {
    return new ExtraTreesRegressor(json?.params as Partial<ExtraTreesRegressorParams>).restore(json, 'ExtraTreesRegressor');
  }
}
