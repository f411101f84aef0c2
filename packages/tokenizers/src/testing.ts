export { EDGE_STRINGS } from './encodings/edge-strings.ts';
export { ADVERSARIAL_INPUTS } from './adversarial-inputs.ts';
export { countWork } from './work-counter.ts';
export type { WorkCounter } from './work-counter.ts';
