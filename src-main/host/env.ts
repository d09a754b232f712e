/** What every handler may need to know about the engine process it runs in. */
import type { BackendReport } from '../engine/backends.js';
import type { ShellKind } from '../protocol.js';

export interface EngineEnv {
  /** Resolves once TensorFlow.js has its backend; rejects if no backend could start. */
  backend: Promise<BackendReport>;
  shell: ShellKind;
  startedAt: number;
  /** How many times the main side restarted the engine before this process. */
  restarts: number;
  version: string;
}
