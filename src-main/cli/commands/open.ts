/**
 * `inception-explorer open <link>`: opens a deep link (a view state: network, module, node, lesson
 * step…). A link into a web-mode app that is still running is opened there; otherwise the app is
 * started in web mode and the browser is pointed at the link.
 */
import type { Command } from 'commander';
import { openBrowser } from '../../server/open-browser.js';
import { startWebMode } from '../../server/web-mode.js';
import { parsePort } from '../options.js';
import { planOpen, targetUrl } from './open-target.js';

async function reachable(url: string): Promise<boolean> {
  try {
    const r = await fetch(url, { signal: AbortSignal.timeout(1500) });
    return r.ok;
  } catch {
    return false;
  }
}

export function register(program: Command): void {
  program
    .command('open')
    .description('Open a deep link (e.g. "#/lessons?lesson=7&step=1" or a copied app address) in the app')
    .argument(
      '<link>',
      'a link from "Copy link": #/view?…, an http://127.0.0.1 address, or inception-explorer://view?…',
    )
    .option('-p, --port <port>', 'port for a newly started app (0 picks a free one)', parsePort, 0)
    .option('--no-open', 'do not open a browser, only print the address')
    .option('--print', 'only print the parsed state and its canonical link, then exit')
    .action(async (link: string, opts: { port: number; open: boolean; print?: boolean }) => {
      const plan = planOpen(link);
      if (opts.print) {
        console.log(JSON.stringify({ state: plan.state, hash: plan.hash }, null, 2));
        return;
      }
      if (plan.running && (await reachable(plan.running))) {
        const url = targetUrl(plan.running, plan.state);
        console.log(`The app is running; opening ${url}`);
        if (opts.open !== false) {
          const r = await openBrowser(url);
          if (!r.opened)
            console.log(`Could not open a browser (${r.reason}). Open the address above yourself.`);
        }
        return;
      }
      const app = await startWebMode({ port: opts.port, open: false });
      const url = targetUrl(app.server.url, plan.state);
      console.log(`Opening the link: ${url}`);
      if (opts.open !== false) {
        // The browser gets a one-time launch link to the same view, never the token itself.
        const r = await openBrowser(targetUrl(app.server.launchUrl(), plan.state));
        if (!r.opened) console.log(`Not opening a browser: ${r.reason}.`);
      }
      const shutdown = () =>
        app.close().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      process.once('SIGINT', shutdown);
      process.once('SIGTERM', shutdown);
    });
}
