// Saving and loading the fitted pipeline: Pipeline.toJSON() writes every step's { type, params,
// state }, and @neurite/ml's estimatorFromJSON revives it (only classes of @neurite/ml and
// @neurite/features load: a file names types, it never supplies code). The threshold chosen on
// validation travels in the same file.
import { readFileSync, writeFileSync } from 'node:fs';
import { estimatorFromJSON, Pipeline } from '@neurite/ml';

const FORMAT = 'neurite-spam-pipeline';

export function savePipeline(pipeline, path, extra = {}) {
  writeFileSync(path, JSON.stringify({ format: FORMAT, version: 2, pipeline: pipeline.toJSON(), ...extra }));
}

export function loadPipeline(path) {
  const json = JSON.parse(readFileSync(path, 'utf8'));
  if (json?.format !== FORMAT || json.version !== 2) throw new Error(`${path}: not a saved spam pipeline (format ${FORMAT}, version 2)`);
  const pipeline = estimatorFromJSON(json.pipeline);
  if (!(pipeline instanceof Pipeline)) throw new Error(`${path}: holds a ${json.pipeline?.type}, not a Pipeline`);
  return { pipeline, json };
}
