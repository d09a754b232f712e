/**
 * Opens a URL in the system browser when there is one; never fails, never blocks.
 *
 * The URL never goes on the opener's command line: any local user can read command lines (`ps`), and
 * the app's links carry secrets (a launch nonce, a token). Instead the URL goes into a small HTML file
 * only the user can read (mode 0600, in a fresh 0700 folder under $XDG_RUNTIME_DIR or the temp
 * folder), which sends the browser on; the opener gets that file's path. The file is removed after a
 * minute, by when the browser has read it (and the launch nonce in it has expired or been used).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export type OpenResult = { opened: true; command: string } | { opened: false; reason: string };

export function browserDisabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.INCEPTION_NO_OPEN === '1' || env.BROWSER === 'none' || env.CI === 'true';
}

function command(
  target: string,
  platform: NodeJS.Platform,
  env: NodeJS.ProcessEnv,
): [string, string[]] | string {
  if (platform === 'darwin') return ['open', [target]];
  if (platform === 'win32') return ['cmd', ['/c', 'start', '""', target]];
  // Without a display, xdg-open would fall back to a terminal browser and take over this terminal.
  if (!env.DISPLAY && !env.WAYLAND_DISPLAY) return 'no graphical display (DISPLAY is not set)';
  return ['xdg-open', [target]];
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The page that sends the browser on to `url` (no script needed: a meta refresh). */
export function redirectPage(url: string): string {
  const u = escapeHtml(url);
  return [
    '<!doctype html>',
    '<html><head><meta charset="utf-8">',
    `<meta http-equiv="refresh" content="0;url=${u}">`,
    '<meta name="referrer" content="no-referrer">',
    '<title>Inception Explorer</title></head>',
    `<body><p>Opening Inception Explorer… If nothing happens, <a href="${u}">open it</a>.</p></body></html>`,
    '',
  ].join('\n');
}

/** A folder of the user's own for the launch file: the runtime dir when it is usable, else the temp folder. */
function privateParent(env: NodeJS.ProcessEnv): string {
  const runtime = env.XDG_RUNTIME_DIR;
  if (runtime) {
    try {
      if (statSync(runtime).isDirectory()) return runtime;
    } catch {
      // not there: fall back
    }
  }
  return tmpdir();
}

export interface LaunchFile {
  path: string;
  remove(): void;
}

/** Writes the redirect page for `url` into a fresh private folder (0700, the file 0600). */
export function writeLaunchFile(url: string, env: NodeJS.ProcessEnv = process.env): LaunchFile {
  const dir = mkdtempSync(join(privateParent(env), 'inception-explorer-'));
  const path = join(dir, 'open.html');
  writeFileSync(path, redirectPage(url), { mode: 0o600, flag: 'wx' });
  return { path, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface OpenOptions {
  /** How long the launch file stays (ms). */
  keepMs?: number;
}

export function openBrowser(
  url: string,
  env: NodeJS.ProcessEnv = process.env,
  platform = process.platform,
  opts: OpenOptions = {},
): Promise<OpenResult> {
  if (browserDisabled(env)) return Promise.resolve({ opened: false, reason: 'disabled' });
  const probe = command('', platform, env);
  if (typeof probe === 'string') return Promise.resolve({ opened: false, reason: probe });
  let file: LaunchFile;
  try {
    file = writeLaunchFile(url, env);
  } catch (e) {
    return Promise.resolve({
      opened: false,
      reason: `cannot write the launch file (${(e as NodeJS.ErrnoException).code ?? 'error'})`,
    });
  }
  const cleanup = setTimeout(() => file.remove(), opts.keepMs ?? 60_000);
  cleanup.unref();
  process.once('exit', () => file.remove());
  const cmd = command(pathToFileURL(file.path).href, platform, env) as [string, string[]];
  return new Promise((resolve) => {
    const fail = (reason: string) => {
      clearTimeout(cleanup);
      file.remove();
      resolve({ opened: false, reason });
    };
    try {
      const child = spawn(cmd[0], cmd[1], { stdio: 'ignore', detached: true, env });
      child.once('error', (e) => fail(`${cmd[0]}: ${e.message}`));
      child.once('spawn', () => {
        child.unref();
        resolve({ opened: true, command: cmd[0] });
      });
    } catch (e) {
      fail(e instanceof Error ? e.message : String(e));
    }
  });
}
