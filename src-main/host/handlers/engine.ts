import type { BackendUnavailableError } from '../../engine/backends.js';
import { ProtocolError, type BackendReport } from '../../shared/protocol/index.js';
import type { EngineEnv } from '../env.js';
import type { Handlers } from '../registry.js';
import { testHooksEnabled } from './debug.js';

/** The backend report, or the reason there is no backend as a structured error. */
export async function backendOrError(env: EngineEnv): Promise<BackendReport> {
  try {
    return await env.backend;
  } catch (e) {
    // By name, not instanceof: a type import keeps tfjs out of this module.
    const b =
      e instanceof Error && e.name === 'BackendUnavailableError' ? (e as BackendUnavailableError) : null;
    const params = b ? { kind: 'named', backend: b.backend, reason: b.reason } : undefined;
    throw new ProtocolError(
      'backend_unavailable',
      e instanceof Error ? e.message : String(e),
      undefined,
      params,
    );
  }
}

export function engineHandlers(env: EngineEnv): Handlers<'engine.info'> {
  return {
    'engine.info': async () => ({
      backend: await backendOrError(env),
      inference: (await env.inference()).report,
      shell: env.shell,
      pid: process.pid,
      startedAt: env.startedAt,
      version: env.version,
      restarts: env.restarts,
      testHooks: testHooksEnabled(),
    }),
  };
}
