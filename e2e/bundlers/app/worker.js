// Entry of the app's worker (Vite, webpack 5, Rollup).
import { serveWorker } from './work.js';

serveWorker();
