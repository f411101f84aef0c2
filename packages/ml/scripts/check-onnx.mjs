// Exports sample fitted estimators (linear and logistic models, naive Bayes, trees, forests,
// gradient boosting, SVMs, scalers, an imputer, one-hot and ordinal encoders on numbers and strings,
// AdaBoost, voting, stacking, k-means, k-nearest neighbours, PCA, a robust scaler, multi-output
// regressors, a discretizer, a log transform, self-training, label spreading, a ColumnTransformer, Pipelines and ZipMap outputs) to DIR as .onnx
// files, for ONNX's own checker (the script of @neurite/nn):
//   npx tsc -b packages/ml && node packages/ml/scripts/check-onnx.mjs DIR && python3 packages/nn/scripts/check-onnx.py DIR
// (python3-onnx from Debian, or `pip install --no-index onnx` from the local wheel index).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KBinsDiscretizer, KNNImputer, MedianLogTransformer, MinMaxScaler, OneHotEncoder, OrdinalEncoder, RobustScaler, SimpleImputer, StandardScaler } from '@neurite/features';
import {
  AdaBoostClassifier, AdaBoostRegressor, BaggingClassifier, BaggingRegressor, KMeans, StackingClassifier, StackingRegressor, VotingClassifier, VotingRegressor,
  BernoulliNB, ColumnTransformer, DecisionTreeClassifier, DecisionTreeRegressor, exportEstimatorOnnx, GaussianNB, GradientBoostingClassifier, GradientBoostingRegressor,
  KNeighborsClassifier, KNeighborsRegressor, Lasso, LinearRegression, LogisticRegression, MultiOutputClassifier, MultiOutputRegressor, MultinomialNB, PCA, Pipeline, RandomForestClassifier,
  LabelSpreading, RandomForestRegressor, Ridge, SelfTrainingClassifier, SVC, SVR,
} from '@neurite/ml';
import { init } from '@neurite/tensor';

const dir = process.argv[2];
if (!dir) {
  process.stderr.write('usage: node scripts/check-onnx.mjs DIR\n');
  process.exit(2);
}
await init();
mkdirSync(dir, { recursive: true });

// Deterministic data: 60 rows, 4 features, 3 classes around shifted centres.
const X = Array.from({ length: 60 }, (_, i) => Array.from({ length: 4 }, (_, j) => (i % 3) * (j - 1.5) + Math.sin(i * 7.1 + j * 3.3)));
const y3 = X.map((_, i) => i % 3), y2 = y3.map((c) => (c === 2 ? 1 : 0)), names = y3.map((c) => ['a', 'b', 'c'][c]);
const target = X.map((r) => r[0] - 2 * r[1] + Math.cos(r[2]));
const counts = X.map((r) => r.map((v) => Math.max(0, Math.round(v + 2))));
const holes = X.map((r, i) => r.map((v, j) => ((i + j) % 5 === 0 ? NaN : v)));
const categories = X.map((r) => r.map((v) => Math.round(v)));

const samples = {
  linear_regression: new LinearRegression().fit(X, target),
  lasso: new Lasso({ alpha: 0.05 }).fit(X, target),
  logistic_binary: new LogisticRegression().fit(X, y2),
  logistic_multinomial_strings: new LogisticRegression().fit(X, names),
  gaussian_nb: new GaussianNB().fit(X, y3),
  multinomial_nb: new MultinomialNB().fit(counts, y3),
  bernoulli_nb: new BernoulliNB({ binarize: 0 }).fit(X, names),
  tree_classifier: new DecisionTreeClassifier({ maxDepth: 4 }).fit(X, y3),
  tree_regressor: new DecisionTreeRegressor({ maxDepth: 4 }).fit(X, target),
  forest_binary: new RandomForestClassifier({ nEstimators: 5, maxDepth: 3, randomState: 0 }).fit(X, y2),
  forest_regressor: new RandomForestRegressor({ nEstimators: 5, maxDepth: 3, randomState: 0 }).fit(X, target),
  boosting_binary: new GradientBoostingClassifier({ nEstimators: 5, randomState: 0 }).fit(X, y2),
  boosting_multiclass: new GradientBoostingClassifier({ nEstimators: 5, randomState: 0 }).fit(X, names),
  boosting_regressor: new GradientBoostingRegressor({ nEstimators: 5, randomState: 0 }).fit(X, target),
  svc_rbf: new SVC().fit(X, y3),
  svr_linear: new SVR({ kernel: 'linear' }).fit(X, target),
  standard_scaler: new StandardScaler().fit(X),
  min_max_scaler: new MinMaxScaler({ clip: true }).fit(X),
  simple_imputer: new SimpleImputer().fit(holes),
  knn_imputer: new KNNImputer({ weights: 'distance' }).fit(holes),
  one_hot_encoder: new OneHotEncoder({ handleUnknown: 'ignore', drop: 'first' }).fit(categories),
  one_hot_infrequent: new OneHotEncoder({ minFrequency: 8, handleUnknown: 'infrequentIfExist' }).fit(categories),
  svc_probability: new SVC({ probability: true, randomState: 0 }).fit(X, names),
  column_transformer: new ColumnTransformer([['codes', new OneHotEncoder({ handleUnknown: 'ignore' }), 0], ['scaled', new StandardScaler(), [1, 2]]], { remainder: 'passthrough' }).fit(categories),
  pipeline: new Pipeline([['impute', new SimpleImputer()], ['scale', new StandardScaler()], ['model', new LogisticRegression()]]).fit(holes, names),
  k_neighbors_classifier: new KNeighborsClassifier({ weights: 'distance' }).fit(X, names),
  k_neighbors_regressor: new KNeighborsRegressor({ metric: 'cosine' }).fit(X, X.map((r, i) => [target[i], r[3]])),
  pca_pipeline: new Pipeline([['scale', new RobustScaler()], ['pca', new PCA({ nComponents: 2, whiten: true })], ['model', new LogisticRegression()]]).fit(X, y3),
  multi_output: new MultiOutputRegressor({ estimator: new Ridge() }).fit(X, X.map((r, i) => [target[i], r[3]])),
  multi_output_classifier: new MultiOutputClassifier({ estimator: new LogisticRegression() }).fit(X, y3.map((c, i) => [c, i % 2])),
  k_bins: new Pipeline([['bins', new KBinsDiscretizer({ nBins: 4 })], ['model', new LogisticRegression()]]).fit(X, y3),
  median_log: new Pipeline([['log', new MedianLogTransformer()], ['model', new GaussianNB()]]).fit(counts, y3),
  self_training: new SelfTrainingClassifier({ estimator: new GaussianNB() }).fit(X, y3.map((c, i) => (i % 3 === 0 ? c : -1))),
  label_spreading: new LabelSpreading({ kernel: 'knn' }).fit(X, y3.map((c, i) => (i % 3 === 0 ? c : -1))),
};
for (const [name, model] of Object.entries(samples)) writeFileSync(join(dir, `${name}.onnx`), exportEstimatorOnnx(model, { nFeatures: 4 }));
// String columns (a tensor(string) input) and ZipMap outputs.
const strings = X.map((r) => r.map((v) => (v > 0 ? 'up' : v > -1 ? 'flat' : 'down')));
const withOptions = {
  ordinal_numbers: [new OrdinalEncoder().fit(categories), { nFeatures: 4 }],
  ordinal_strings: [new OrdinalEncoder({ handleUnknown: 'useEncodedValue' }).fit(strings), { nFeatures: 4, inputType: 'string' }],
  one_hot_strings_pipeline: [new Pipeline([['encode', new OneHotEncoder({ handleUnknown: 'ignore' })], ['model', new LogisticRegression()]]).fit(strings, names), { nFeatures: 4, inputType: 'string' }],
  adaboost_classifier: [new AdaBoostClassifier({ nEstimators: 5, randomState: 0 }).fit(X, names), { nFeatures: 4 }],
  adaboost_regressor: [new AdaBoostRegressor({ nEstimators: 5, randomState: 0 }).fit(X, target), { nFeatures: 4 }],
  bagging_classifier: [new BaggingClassifier({ nEstimators: 4, maxFeatures: 0.5, randomState: 0 }).fit(X, names), { nFeatures: 4 }],
  bagging_regressor: [new BaggingRegressor({ nEstimators: 4, maxFeatures: 0.75, randomState: 0 }).fit(X, target), { nFeatures: 4 }],
  voting_soft: [new VotingClassifier({ estimators: [['lr', new LogisticRegression()], ['nb', new GaussianNB()]], voting: 'soft' }).fit(X, names), { nFeatures: 4 }],
  voting_hard: [new VotingClassifier({ estimators: [['lr', new LogisticRegression()], ['svc', new SVC()], ['nb', new GaussianNB()]] }).fit(X, y3), { nFeatures: 4 }],
  voting_regressor: [new VotingRegressor({ estimators: [['lr', new LinearRegression()], ['tree', new DecisionTreeRegressor({ maxDepth: 3 })]] }).fit(X, target), { nFeatures: 4 }],
  stacking_classifier: [new StackingClassifier({ estimators: [['tree', new DecisionTreeClassifier({ maxDepth: 3 })], ['nb', new GaussianNB()]], passthrough: true }).fit(X, names), { nFeatures: 4 }],
  stacking_regressor: [new StackingRegressor({ estimators: [['lasso', new Lasso({ alpha: 0.05 })], ['tree', new DecisionTreeRegressor({ maxDepth: 3 })]] }).fit(X, target), { nFeatures: 4 }],
  kmeans: [new KMeans({ nClusters: 3, randomState: 0 }).fit(X), { nFeatures: 4 }],
  mixed_table: [new Pipeline([['columns', new ColumnTransformer([['text', new OneHotEncoder({ handleUnknown: 'ignore' }), ['trend']], ['numbers', new StandardScaler(), ['a', 'b']]])], ['model', new LogisticRegression()]])
    .fit({ columns: [X.map((r) => r[0]), strings.map((r) => r[1]), X.map((r) => r[2])], names: ['a', 'trend', 'b'] }, names), { nFeatures: 3, inputType: 'columns' }],
  logistic_zipmap: [new LogisticRegression().fit(X, y3), { nFeatures: 4, zipMap: true }],
  forest_strings_zipmap: [new RandomForestClassifier({ nEstimators: 3, maxDepth: 3, randomState: 0 }).fit(X, names), { nFeatures: 4, zipMap: true }],
};
for (const [name, [model, options]] of Object.entries(withOptions)) writeFileSync(join(dir, `${name}.onnx`), exportEstimatorOnnx(model, options));
console.log(`wrote ${Object.keys(samples).length + Object.keys(withOptions).length} models to ${dir}`);
