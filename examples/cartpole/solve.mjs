#!/usr/bin/env node
// Solves CartPole-v1 with REINFORCE and a learned baseline (@neurite/ml on @neurite/nn):
//   node examples/cartpole/solve.mjs [--episodes N] [--seed S] [--evaluate N]
// Trains until the mean return of the last 100 episodes reaches 475 (Gymnasium's "solved"
// threshold for CartPole-v1) or the budget of --episodes (default 1000) runs out, then plays
// --evaluate (default 100) fresh episodes with the trained policy and prints their mean return.
// Prints one JSON line: { solved, episodes, steps, trainSeconds, evaluationMean, curve (means of 50) }.
import { parseArgs } from 'node:util';
import { CartPole, ReinforceAgent, runEpisode } from '@neurite/ml';
import { init } from '@neurite/tensor';

const { values } = parseArgs({ options: { episodes: { type: 'string', default: '1000' }, seed: { type: 'string', default: '0' }, evaluate: { type: 'string', default: '100' } } });
const episodes = Number(values.episodes), seed = Number(values.seed), evaluations = Number(values.evaluate);
for (const [name, v] of [['episodes', episodes], ['seed', seed], ['evaluate', evaluations]]) {
  if (!Number.isInteger(v) || v < 0) {
    process.stderr.write(`solve: --${name} must be a non-negative integer\n`);
    process.exit(2);
  }
}

await init();
const agent = new ReinforceAgent(4, 2, { seed });
const start = process.hrtime.bigint();
const curve = agent.train(new CartPole({ seed: seed + 1 }), Math.max(episodes, 1), { solved: { window: 100, threshold: 475 } });
const trainSeconds = Number(process.hrtime.bigint() - start) / 1e9;
const last = curve.slice(-100);
const solved = curve.length >= 100 && last.reduce((s, v) => s + v, 0) / last.length >= 475;
const test = new CartPole({ seed: seed + 1000 });
let total = 0;
for (let e = 0; e < evaluations; e++) total += runEpisode(test, (o) => agent.act(o)).return;
const means = [];
for (let i = 0; i < curve.length; i += 50) means.push(Math.round(curve.slice(i, i + 50).reduce((s, v) => s + v, 0) / Math.min(50, curve.length - i)));
agent.dispose();
process.stdout.write(`${JSON.stringify({
  solved, episodes: curve.length, steps: curve.reduce((s, v) => s + v, 0), trainSeconds: Number(trainSeconds.toFixed(2)),
  evaluationMean: evaluations > 0 ? total / evaluations : null, curve: means,
})}\n`);
