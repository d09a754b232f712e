/** Worker thread: one training run (see manager.ts). Control arrives as messages; records go back. */
import { parentPort, workerData } from 'node:worker_threads';
import { initBackend, type BackendName } from '../backends.js';
import { executeRun, type NetFactory } from './execute.js';
import { startReplicas } from './parallel.js';
import { RunControl } from './session.js';
import { createNet } from './factory.js';

const init = workerData as {
  root: string;
  id: string;
  backend?: string;
  factoryModule?: string;
  share?: number;
};
const port = parentPort!;
const control = new RunControl();
port.on('message', (m: { cmd: 'pause' | 'resume' | 'stop' }) => control[m.cmd]());

async function main() {
  await initBackend(init.backend ? { force: init.backend as BackendName } : {});
  // The default factory is imported statically so the bundler includes it; tests may name another module.
  const mod = init.factoryModule
    ? ((await import(init.factoryModule)) as { createNet: NetFactory })
    : { createNet };
  const status = await executeRun(init.root, init.id, {
    factory: mod.createNet,
    control,
    onRecord: (record) => port.postMessage({ type: 'record', record }),
    share: init.share,
    replicas: (meta) => startReplicas(meta.replicas - 1, init),
  });
  port.postMessage({ type: 'ended', status });
}

main()
  .catch((e) => {
    throw e;
  })
  .finally(() => port.close());
