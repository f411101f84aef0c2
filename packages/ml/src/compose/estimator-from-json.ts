// Loading any saved estimator: estimatorFromJSON reads the { type, params, state } that toJSON
// wrote, for every class of @neurite/ml and @neurite/features that has one, composites included
// (a Pipeline of a ColumnTransformer of encoders and a classifier, a VotingClassifier of forests).
// Only these classes (and those passed in `extra`) load: a file names types, it never supplies code.
// This module imports every class; code that wants a smaller bundle calls the class's own fromJSON
// with just the revivers it needs.
import {
  CategoricalEmbedding, CountVectorizer, FeatureCross, FeatureHasher, FunctionTransformer, HashingVectorizer, KBinsDiscretizer, KNNImputer, LogTransformer,
  MedianLogTransformer, MinMaxScaler, OneHotEncoder, OrdinalEncoder, RobustScaler, SimpleImputer, StandardScaler, TfidfTransformer, TfidfVectorizer,
} from '@neurite/features';
import { ArgumentError } from '@neurite/tensor';
import type { EstimatorJSON } from '../base/estimator.ts';
import { AgglomerativeClustering, KMeans, MiniBatchKMeans } from '../cluster/index.ts';
import { PCA, TSNE } from '../decomposition/index.ts';
import {
  AdaBoostClassifier, AdaBoostRegressor, BaggingClassifier, BaggingRegressor, ExtraTreesClassifier, ExtraTreesRegressor, GradientBoostingClassifier,
  GradientBoostingRegressor, RandomForestClassifier, RandomForestRegressor, StackingClassifier, StackingRegressor, VotingClassifier, VotingRegressor,
} from '../ensemble/index.ts';
import { ElasticNet, Lasso, LinearRegression, LogisticRegression, Ridge } from '../linear/index.ts';
import { BernoulliNB, GaussianNB, MultinomialNB } from '../naive-bayes/index.ts';
import { KNeighborsClassifier, KNeighborsRegressor } from '../neighbors/index.ts';
import { LabelPropagation, LabelSpreading, SelfTrainingClassifier } from '../semi-supervised/index.ts';
import { NuSVC, NuSVR, SVC, SVR } from '../svm/index.ts';
import { DecisionTreeClassifier, DecisionTreeRegressor } from '../tree/index.ts';
import { ColumnTransformer } from './column-transformer.ts';
import { Pipeline } from './pipeline.ts';
import type { JSONRevivers } from './step-json.ts';

const KNOWN: JSONRevivers = {
  Pipeline, ColumnTransformer,
  LinearRegression, Ridge, Lasso, ElasticNet, LogisticRegression,
  GaussianNB, MultinomialNB, BernoulliNB,
  KNeighborsClassifier, KNeighborsRegressor,
  DecisionTreeClassifier, DecisionTreeRegressor,
  RandomForestClassifier, RandomForestRegressor, ExtraTreesClassifier, ExtraTreesRegressor,
  GradientBoostingClassifier, GradientBoostingRegressor, AdaBoostClassifier, AdaBoostRegressor,
  BaggingClassifier, BaggingRegressor, VotingClassifier, VotingRegressor, StackingClassifier, StackingRegressor,
  SVC, NuSVC, SVR, NuSVR,
  KMeans, MiniBatchKMeans, AgglomerativeClustering, PCA, TSNE,
  LabelPropagation, LabelSpreading, SelfTrainingClassifier,
  StandardScaler, MinMaxScaler, RobustScaler, LogTransformer, MedianLogTransformer, FunctionTransformer,
  OneHotEncoder, OrdinalEncoder, KBinsDiscretizer, FeatureCross, FeatureHasher, HashingVectorizer,
  CountVectorizer, TfidfTransformer, TfidfVectorizer, SimpleImputer, KNNImputer, CategoricalEmbedding,
} as unknown as JSONRevivers;

/** The type names estimatorFromJSON loads. */
export const loadableEstimatorTypes: readonly string[] = Object.freeze(Object.keys(KNOWN).sort());

/**
 * The estimator a toJSON() wrote (parsed JSON), fitted if it was: any class of @neurite/ml or
 * @neurite/features, nested ones included. `extra` adds classes of your own (by type name, each
 * with a static fromJSON), e.g. a custom transformer inside a Pipeline.
 */
export function estimatorFromJSON<T = unknown>(json: unknown, extra: JSONRevivers = {}): T {
  if (extra === null || typeof extra !== 'object') throw new ArgumentError('estimatorFromJSON: extra must be an object of classes by type name');
  const type = (json as { type?: unknown } | null)?.type;
  if (json === null || typeof json !== 'object' || typeof type !== 'string') throw new ArgumentError("estimatorFromJSON: expected an estimator's { type, params, state } (the parsed output of toJSON)");
  const revivers: JSONRevivers = { ...KNOWN, ...extra };
  const Class = Object.hasOwn(revivers, type) ? revivers[type] : undefined;
  if (Class === undefined) throw new ArgumentError(`estimatorFromJSON: unknown type "${type}"; known: ${loadableEstimatorTypes.join(', ')} (pass your own classes in extra)`);
  return Class.fromJSON(json as EstimatorJSON, revivers) as T;
}
