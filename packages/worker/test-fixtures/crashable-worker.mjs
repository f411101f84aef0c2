// Test fixture: the package's built worker plus hooks that make it die the ways real workers do.
import { parentPort } from 'node:worker_threads';
import { exposeNeuriteWorker } from '../dist/expose.js';

exposeNeuriteWorker();
parentPort.on('message', (message) => {
  const how = message?.fixture;
  if (how === 'throw') {
    setTimeout(() => {
      throw new Error('fixture: uncaught error');
    });
  } else if (how === 'exit') {
    process.exit(3);
  } else if (how === 'oom') {
    const hog = [];
    for (;;) hog.push(new Array(1 << 20).fill(hog.length));
  }
});
