#!/usr/bin/env node
// Solves CartPole-v1 with a neural agent of @neurite/ml on @neurite/nn:
//   node examples/cartpole/solve.mjs [--agent reinforce|dqn] [--episodes N] [--steps N] [--seed S] [--evaluate N]
// --agent reinforce (default): REINFORCE with a learned baseline, trained until the mean return of
// its last 100 episodes reaches 475 (Gymnasium's "solved" threshold for CartPole-v1) or the budget
// of --episodes (default 1000) runs out.
// --agent dqn: a deep Q-network (replay buffer, target network) with the tuned CartPole-v1
// hyperparameters of RL Baselines3 Zoo, trained for at most --steps environment steps (default
// 50000, the zoo's budget); every 2500 steps its greedy policy plays 100 episodes on a separate
// environment, and training stops once their mean return reaches 475 (its training episodes
// explore, so their returns understate the policy).
// Then the trained policy plays --evaluate (default 100) fresh episodes and the mean return is printed.
// Prints one JSON line: { agent, solved, episodes, steps (environment steps), trainSeconds,
// evaluationMean, curve (means of 50 finished training episodes) } and, for dqn, updates (gradient
// steps) and evaluations ([{ step, meanReturn }]).
import { parseArgs } from 'node:util';
import { CartPole, DqnAgent, ReinforceAgent, runEpisode } from '@neurite/ml';
import { init } from '@neurite/tensor';

const { values } = parseArgs({
  options: {
    agent: { type: 'string', default: 'reinforce' }, episodes: { type: 'string', default: '1000' }, steps: { type: 'string', default: '50000' },
    seed: { type: 'string', default: '0' }, evaluate: { type: 'string', default: '100' },
  },
});
const episodes = Number(values.episodes), steps = Number(values.steps), seed = Number(values.seed), evaluations = Number(values.evaluate);
for (const [name, v] of [['episodes', episodes], ['steps', steps], ['seed', seed], ['evaluate', evaluations]]) {
  if (!Number.isInteger(v) || v < 0) {
    process.stderr.write(`solve: --${name} must be a non-negative integer\n`);
    process.exit(2);
  }
}
if (values.agent !== 'reinforce' && values.agent !== 'dqn') {
  process.stderr.write(`solve: --agent must be reinforce or dqn, got ${values.agent}\n`);
  process.exit(2);
}

await init();
const mean = (a) => a.reduce((s, v) => s + v, 0) / a.length;
const start = process.hrtime.bigint();
let agent, curve, solved, extra = {};
if (values.agent === 'reinforce') {
  agent = new ReinforceAgent(4, 2, { seed });
  curve = agent.train(new CartPole({ seed: seed + 1 }), Math.max(episodes, 1), { solved: { window: 100, threshold: 475 } });
  solved = curve.length >= 100 && mean(curve.slice(-100)) >= 475;
} else {
  agent = new DqnAgent(4, 2, {
    hidden: [256, 256], learningRate: 2.3e-3, batchSize: 64, bufferSize: 100_000, learningStarts: 1000, discount: 0.99,
    targetUpdateInterval: 10, trainFrequency: 256, gradientSteps: 128, explorationFraction: 0.16, epsilonEnd: 0.04, seed,
  });
  curve = agent.train(new CartPole({ seed: seed + 1 }), Math.max(steps, 1), {
    evaluate: { env: new CartPole({ seed: seed + 500 }), every: 2500, episodes: 100, threshold: 475 },
  });
  const last = agent.evaluations.at(-1);
  solved = last !== undefined && last.meanReturn >= 475;
  // Environment steps taken: up to the evaluation that met the threshold, else the whole budget.
  extra = { steps: solved ? last.step : Math.max(steps, 1), updates: agent.updates, evaluations: agent.evaluations };
}
const trainSeconds = Number(process.hrtime.bigint() - start) / 1e9;
const test = new CartPole({ seed: seed + 1000 });
let total = 0;
for (let e = 0; e < evaluations; e++) total += runEpisode(test, (o) => agent.act(o)).return;
const means = [];
for (let i = 0; i < curve.length; i += 50) means.push(Math.round(mean(curve.slice(i, i + 50))));
agent.dispose();
process.stdout.write(`${JSON.stringify({
  agent: values.agent, solved, episodes: curve.length, steps: curve.reduce((s, v) => s + v, 0), trainSeconds: Number(trainSeconds.toFixed(2)),
  evaluationMean: evaluations > 0 ? total / evaluations : null, curve: means, ...extra,
})}\n`);
