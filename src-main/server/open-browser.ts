/** Opens a URL in the system browser when there is one; never fails, never blocks. */
import { spawn } from 'node:child_process';

export type OpenResult = { opened: true; command: string } | { opened: false; reason: string };

export function browserDisabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.INCEPTION_NO_OPEN === '1' || env.BROWSER === 'none' || env.CI === 'true';
}

function command(
  url: string,
  platform: NodeJS.Platform,
  env: NodeJS.ProcessEnv,
): [string, string[]] | string {
  if (platform === 'darwin') return ['open', [url]];
  if (platform === 'win32') return ['cmd', ['/c', 'start', '""', url]];
  // Without a display, xdg-open would fall back to a terminal browser and take over this terminal.
  if (!env.DISPLAY && !env.WAYLAND_DISPLAY) return 'no graphical display (DISPLAY is not set)';
  return ['xdg-open', [url]];
}

export function openBrowser(
  url: string,
  env: NodeJS.ProcessEnv = process.env,
  platform = process.platform,
): Promise<OpenResult> {
  if (browserDisabled(env)) return Promise.resolve({ opened: false, reason: 'disabled' });
  const cmd = command(url, platform, env);
  if (typeof cmd === 'string') return Promise.resolve({ opened: false, reason: cmd });
  return new Promise((resolve) => {
    try {
      const child = spawn(cmd[0], cmd[1], { stdio: 'ignore', detached: true, env });
      child.once('error', (e) => resolve({ opened: false, reason: `${cmd[0]}: ${e.message}` }));
      child.once('spawn', () => {
        child.unref();
        resolve({ opened: true, command: cmd[0] });
      });
    } catch (e) {
      resolve({ opened: false, reason: e instanceof Error ? e.message : String(e) });
    }
  });
}
