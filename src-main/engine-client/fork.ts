/**
 * Starts the engine as a Node child process (web mode, CLI, tests). From source it runs
 * src-main/host/main.ts under tsx; from a build it runs the built host/main.cjs (scripts/build-main.mjs).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ShellKind } from '../shared/protocol/index.js';
import type { EngineProcess, SpawnEngine } from './supervisor.js';

export interface ForkOptions {
  shell?: ShellKind;
  /** Forces a backend (passed to the engine as `--backend NAME`). */
  backend?: string;
  /** 'inherit' (default) shows the engine's logs; tests use 'ignore' or 'pipe'. */
  stdio?: 'inherit' | 'ignore' | 'pipe';
  /** Overrides the entry file (tests). */
  entry?: string;
  env?: NodeJS.ProcessEnv;
}

/** The engine entry beside this module: host/main.ts in the source tree, host/main.cjs in a build. */
export function engineEntry(): string {
  for (const rel of ['../host/main.ts', '../host/main.cjs', '../host/main.mjs', '../host/main.js']) {
    const p = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(p)) return p;
  }
  throw new Error('Cannot find the engine entry (host/main.ts or host/main.cjs).');
}

export function wrapChild(child: ChildProcess): EngineProcess {
  return {
    get pid() {
      return child.pid;
    },
    send: (m) => {
      if (!child.connected) throw new Error('engine IPC channel is closed');
      child.send(m);
    },
    onMessage: (l) => child.on('message', l),
    onExit: (l) => {
      // 'exit' can come before the IPC channel closes; 'close' comes after both.
      if (child.exitCode !== null || child.signalCode !== null)
        l({ code: child.exitCode, signal: child.signalCode });
      else child.once('exit', (code, signal) => l({ code, signal }));
    },
    kill: (force) => {
      child.kill(force ? 'SIGKILL' : 'SIGTERM');
    },
  };
}

export function forkEngine(opts: ForkOptions = {}): SpawnEngine {
  const entry = opts.entry ?? engineEntry();
  // tsx is resolved from here, so the engine starts whatever the working directory is.
  const execArgv = entry.endsWith('.ts')
    ? ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href]
    : [];
  return (restarts) => {
    const child = fork(entry, opts.backend ? ['--backend', opts.backend] : [], {
      execArgv,
      serialization: 'advanced',
      stdio: ['ignore', opts.stdio ?? 'inherit', opts.stdio ?? 'inherit', 'ipc'],
      env: {
        ...process.env,
        ...opts.env,
        INCEPTION_SHELL: opts.shell ?? 'web',
        INCEPTION_ENGINE_RESTARTS: String(restarts),
      },
    });
    // An 'error' event (spawn failure) would otherwise throw; the exit that follows restarts it.
    child.on('error', () => {});
    return wrapChild(child);
  };
}
