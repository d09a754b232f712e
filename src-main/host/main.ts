/**
 * The engine process: owns TensorFlow.js and all heavy work. The main side starts this file as an
 * Electron utilityProcess or as a Node child process (web mode, CLI, tests) and talks to it with
 * the messages of shared/protocol. Environment: INCEPTION_SHELL ('electron' | 'web'),
 * INCEPTION_ENGINE_RESTARTS (a count); argv/env may force a backend (see engine/backends.ts).
 */
import { appVersion } from '../app-info.js';
import { initBackend, requestedBackend } from '../engine/backends.js';
import { isPingMessage, toApiError, type ShellKind } from '../shared/protocol/index.js';
import { parentChannel } from './channel.js';
import { createHandlers } from './handlers/index.js';
import { lazyInference } from './env.js';
import { redactPaths } from './client-error.js';
import { engineLog } from './error-log.js';
import { Dispatcher } from './registry.js';

const startedAt = Date.now();
const channel = parentChannel();
const shell: ShellKind = process.env.INCEPTION_SHELL === 'electron' ? 'electron' : 'web';
const restarts = Number.parseInt(process.env.INCEPTION_ENGINE_RESTARTS ?? '0', 10) || 0;

// A bad --backend name must not crash the engine (it would only be restarted): report it instead.
const backend = (async () => {
  const force = requestedBackend(process.argv.slice(2), process.env);
  return initBackend(force ? { force } : undefined);
})();
// Handlers await `backend` themselves; this keeps an early failure from being unhandled.
backend.catch(() => {});

const log = engineLog();
const dispatcher = new Dispatcher(
  createHandlers({
    backend,
    inference: lazyInference(backend),
    shell,
    startedAt,
    restarts,
    version: appVersion(),
  }),
  (m) => channel.send(m),
  log,
);
// Heartbeats are answered here, on the event loop, so a blocked loop goes silent and gets restarted.
channel.onMessage((m) => (isPingMessage(m) ? channel.send({ t: 'pong', n: m.n }) : dispatcher.handle(m)));
channel.onClose(() => {
  dispatcher.abortAll();
  process.exit(0);
});

backend.then(
  (report) => channel.send({ t: 'ready', pid: process.pid, backend: report.active }),
  // The state message reaches every client: the sentence without paths, the stack only in the log.
  (e: unknown) => {
    const error = toApiError(e);
    if (error.detail) log.write(`[${new Date().toISOString()}] backend start failed:\n${error.detail}`);
    channel.send({
      t: 'ready',
      pid: process.pid,
      error: {
        code: error.code,
        message: redactPaths(error.message),
        ...(error.params ? { params: error.params } : {}),
      },
    });
  },
);
