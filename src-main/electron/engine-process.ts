/** The engine as an Electron utilityProcess (the desktop app's SpawnEngine). */
import { app, utilityProcess } from 'electron';
import type { EngineProcess, SpawnEngine } from '../engine-client/supervisor.js';

export function utilityEngine(entry: string, args: string[]): SpawnEngine {
  return (restarts) => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      INCEPTION_SHELL: 'electron',
      INCEPTION_ENGINE_RESTARTS: String(restarts),
    };
    // The installed app never serves the test-only debug.* methods, whatever its environment says.
    if (app.isPackaged) delete env.INCEPTION_TEST_HOOKS;
    const child = utilityProcess.fork(entry, args, {
      serviceName: 'Inception Explorer engine',
      stdio: 'inherit',
      env,
    });
    let exited: { code: number | null; signal: string | null } | null = null;
    const exitListeners: ((e: { code: number | null; signal: string | null }) => void)[] = [];
    child.once('exit', (code) => {
      // utilityProcess reports no signal: a kill shows as a non-zero code.
      exited = { code, signal: null };
      for (const l of exitListeners) l(exited);
    });
    const proc: EngineProcess = {
      get pid() {
        return child.pid;
      },
      send: (m) => child.postMessage(m),
      onMessage: (l) => child.on('message', l),
      onExit: (l) => (exited ? l(exited) : exitListeners.push(l)),
      kill: () => {
        child.kill();
      },
    };
    return proc;
  };
}
