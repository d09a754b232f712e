/**
 * Web mode end to end: build the renderer if needed, start the engine under a supervisor, serve
 * the page and the WebSocket, print the URL and open a browser.
 */
import { EngineSupervisor } from '../engine-client/supervisor.js';
import { forkEngine } from '../engine-client/fork.js';
import { openBrowser } from './open-browser.js';
import { ensureRenderer } from './renderer-build.js';
import { startWebServer, type WebServer } from './server.js';

export interface WebModeOptions {
  port?: number;
  open?: boolean;
  backend?: string;
  /** Rebuild the renderer when its sources are newer than the build (npm start). */
  rebuildStale?: boolean;
  log?: (line: string) => void;
}

export interface WebMode {
  server: WebServer;
  supervisor: EngineSupervisor;
  close(): Promise<void>;
}

export async function startWebMode(opts: WebModeOptions = {}): Promise<WebMode> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const supervisor = new EngineSupervisor(forkEngine({ shell: 'web', backend: opts.backend }), { log });
  // The engine loads TensorFlow.js while the renderer builds.
  supervisor.start();
  let lastRestarts = 0;
  supervisor.onState((s) => {
    if (s.status === 'ready') {
      log(
        `Engine ready (pid ${s.pid}${s.restarts > lastRestarts ? `, restart ${s.restarts}` : ''}).${s.message ? ' ' + s.message : ''}`,
      );
      lastRestarts = s.restarts;
    } else if (s.status === 'restarting' || s.status === 'failed') log(s.message ?? `Engine ${s.status}.`);
  });
  let server: WebServer;
  try {
    const root = await ensureRenderer({ rebuildStale: opts.rebuildStale, log });
    server = await startWebServer({ supervisor, root, port: opts.port });
  } catch (e) {
    await supervisor.stop();
    throw e;
  }
  log('');
  log('Inception Explorer is running in web mode. Open this address in a browser:');
  log('');
  log(`  ${server.url}`);
  log('');
  if (opts.open !== false) {
    // A one-time link: the token itself stays off command lines and out of the browser history.
    const r = await openBrowser(server.launchUrl());
    log(r.opened ? `Opened it with ${r.command}.` : `Not opening a browser: ${r.reason}.`);
  }
  log('Press Ctrl+C to stop.');
  return {
    server,
    supervisor,
    close: async () => {
      await server.close();
      await supervisor.stop();
    },
  };
}
