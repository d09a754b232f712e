import type { BackendReport as EngineBackendReport } from '../../engine/backends.js';
import { ProtocolError, type BackendReport } from '../../protocol.js';
import type { EngineEnv } from '../env.js';
import type { Handlers } from '../registry.js';

// The protocol mirrors the engine's report type (the renderer cannot import engine code); this
// line stops the build if the two drift apart.
const asWire = (r: EngineBackendReport): BackendReport => r;

/** The backend report, or the reason there is no backend as a structured error. */
export async function backendOrError(env: EngineEnv): Promise<EngineBackendReport> {
  try {
    return await env.backend;
  } catch (e) {
    throw new ProtocolError('backend_unavailable', e instanceof Error ? e.message : String(e));
  }
}

export function engineHandlers(env: EngineEnv): Handlers<'engine.info'> {
  return {
    'engine.info': async () => ({
      backend: asWire(await backendOrError(env)),
      shell: env.shell,
      pid: process.pid,
      startedAt: env.startedAt,
      version: env.version,
      restarts: env.restarts,
    }),
  };
}
