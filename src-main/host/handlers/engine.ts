import type { BackendReport as EngineBackendReport } from '../../engine/backends.js';
import type { BackendReport } from '../../protocol.js';
import type { EngineEnv } from '../env.js';
import type { Handlers } from '../registry.js';

// The protocol mirrors the engine's report type (the renderer cannot import engine code); this
// line stops the build if the two drift apart.
const asWire = (r: EngineBackendReport): BackendReport => r;

export function engineHandlers(env: EngineEnv): Handlers<'engine.info'> {
  return {
    'engine.info': async () => ({
      backend: asWire(await env.backend),
      shell: env.shell,
      pid: process.pid,
      startedAt: env.startedAt,
      version: env.version,
      restarts: env.restarts,
    }),
  };
}
