// Naive Bayes classifiers in log space: Gaussian, multinomial and Bernoulli.
export { GaussianNB, type GaussianNBParams } from './gaussian-nb.ts';
export { MultinomialNB, type MultinomialNBParams } from './multinomial-nb.ts';
export { BernoulliNB, type BernoulliNBParams } from './bernoulli-nb.ts';
export type { DiscreteNBParams } from './discrete-nb.ts';
