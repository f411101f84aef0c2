export { EDGE_STRINGS } from './encodings/edge-strings.ts';
