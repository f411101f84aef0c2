// Classifies one email with a pipeline saved by run.mjs: reads the email from a file (or stdin),
// prints P(spam) and the decision at the saved threshold as JSON.
//   node examples/spam/run.mjs --out ./spam-models
//   node examples/spam/classify.mjs --model ./spam-models/logistic-regression.json email.txt
import { readFileSync } from 'node:fs';
import { loadPipeline } from './persist.mjs';

function fail(message) {
  console.error(message);
  process.exit(2);
}

const args = process.argv.slice(2);
const m = args.indexOf('--model');
if (m < 0 || m + 1 >= args.length) fail('usage: classify.mjs --model SAVED.json [EMAIL_FILE] (the email is read from stdin without a file)');
const modelPath = args[m + 1];
const rest = args.filter((_, i) => i !== m && i !== m + 1);
const text = readFileSync(rest.length > 0 ? rest[0] : 0, 'utf8');
const { pipeline, json } = loadPipeline(modelPath);
const proba = pipeline.predictProba([text]);
const spam = proba.data[pipeline.classes.indexOf(1)];
console.log(JSON.stringify({ probability: spam, threshold: json.threshold, spam: spam >= json.threshold }));
