// The demo's one worker: every heavy job (kernels, tokenizers, training) runs here.
import { exposeNeuriteWorker } from '@neurite/worker/expose';

exposeNeuriteWorker();
