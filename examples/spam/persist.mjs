// Saving and loading the fitted pipeline as JSON: each step's own toJSON() ({ type, params, state }),
// restored by the static fromJSON of the class its type names. Only the classes listed here load:
// a file names types, it never supplies code.
// @neurite/ml's Pipeline has no toJSON / fromJSON yet, and a Pipeline counts as fitted only after
// its fit ran. So the loaded steps are wrapped as already-fitted steps (fit does nothing) and the
// Pipeline's fit is run once on one empty email: the result is a fitted Pipeline, through public API only.
import { readFileSync, writeFileSync } from 'node:fs';
import { HashingVectorizer } from '@neurite/features';
import { LogisticRegression, MultinomialNB, Pipeline } from '@neurite/ml';

const CLASSES = { HashingVectorizer, LogisticRegression, MultinomialNB };

export function savePipeline(pipeline, path, extra = {}) {
  const steps = pipeline.getParams().steps.map(([name, step]) => [name, step.toJSON()]);
  writeFileSync(path, JSON.stringify({ format: 'neurite-spam-pipeline', version: 1, steps, ...extra }));
}

export function loadPipeline(path) {
  const json = JSON.parse(readFileSync(path, 'utf8'));
  if (json?.format !== 'neurite-spam-pipeline' || json.version !== 1 || !Array.isArray(json.steps)) throw new Error(`${path}: not a saved spam pipeline`);
  const steps = json.steps.map(([name, step]) => {
    const Class = Object.hasOwn(CLASSES, step?.type) ? CLASSES[step.type] : undefined;
    if (Class === undefined) throw new Error(`${path}: step "${name}" has unknown type ${JSON.stringify(step?.type)}`);
    return [name, Class.fromJSON(step)];
  });
  const pipeline = new Pipeline(steps.map(([name, step]) => [name, new FittedStep({ step })])).fit([''], [0]);
  return { pipeline, json };
}

/** A fitted transformer or estimator whose fit keeps what it learned; everything else is delegated. */
class FittedStep {
  constructor({ step }) {
    this.step = step;
  }
  getParams() {
    return { step: this.step };
  }
  setParams() {
    return this;
  }
  fit() {
    return this;
  }
  fitTransform(X) {
    return this.step.transform(X);
  }
  transform(X) {
    return this.step.transform(X);
  }
  predict(X) {
    return this.step.predict(X);
  }
  predictProba(X) {
    return this.step.predictProba(X);
  }
  score(X, y) {
    return this.step.score(X, y);
  }
  get classes() {
    return this.step.classes;
  }
  toJSON() {
    return this.step.toJSON();
  }
}
