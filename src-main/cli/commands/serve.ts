/** `inception-explorer serve`: web mode (the app in a browser, the engine in a child process). */
import type { Command } from 'commander';
import { startWebMode } from '../../server/web-mode.js';
import { BACKEND_NAMES } from '../../shared/protocol/index.js';
import { parseBackend, parsePort } from '../options.js';

export function register(program: Command): void {
  program
    .command('serve')
    .description('Run the app in web mode: serve it on 127.0.0.1 and bridge the engine over a WebSocket')
    .option('-p, --port <port>', 'port to listen on (0 picks a free one)', parsePort, 0)
    .option('--no-open', 'do not open a browser (also: INCEPTION_NO_OPEN=1 or BROWSER=none)')
    .option(
      '-b, --backend <name>',
      `force a TensorFlow.js backend: ${BACKEND_NAMES.join(', ')}`,
      parseBackend,
    )
    .option('--rebuild', 'rebuild the renderer when its sources changed since the last build')
    .action(async (opts: { port: number; open: boolean; backend?: string; rebuild?: boolean }) => {
      const app = await startWebMode({
        port: opts.port,
        open: opts.open,
        backend: opts.backend,
        rebuildStale: opts.rebuild,
      });
      let closing = false;
      const shutdown = () => {
        if (closing) return;
        closing = true;
        app.close().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.on('SIGINT', shutdown);
      process.on('SIGTERM', shutdown);
    });
}
