// Reinforcement learning: a Gymnasium-shaped environment interface, GridWorld and CartPole
// (CartPole-v1 dynamics), tabular Q-learning and REINFORCE with a baseline on @neurite/nn.
export { type BoxSpace, type DiscreteSpace, type Environment, type Policy, runEpisode, type Space, type StepResult } from './environment.ts';
export { CartPole } from './cart-pole.ts';
export { GridWorld, type GridWorldOptions } from './grid-world.ts';
export { QLearningAgent, type QLearningOptions } from './q-learning.ts';
export { ReinforceAgent, type ReinforceOptions, type ReinforceTrainOptions } from './reinforce.ts';
export { type TransitionBatch, ReplayBuffer } from './replay-buffer.ts';
export { DqnAgent, type DqnEvaluation, type DqnOptions, type DqnTrainOptions } from './dqn.ts';
