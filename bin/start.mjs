#!/usr/bin/env node
// `npm start`: the Electron window where Electron's binary is present (or can be fetched quickly),
// otherwise web mode, saying so. Never hangs on a download: the network check is time-boxed.
//   npm start -- --web          force web mode        (or INCEPTION_SHELL=web)
//   npm start -- --electron     insist on Electron    (or INCEPTION_SHELL=electron)
//   other arguments go to the app (e.g. --backend wasm, --port 8080, --no-open)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { electronBinary } from '../scripts/electron-binary.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const wants = args.includes('--web')
  ? 'web'
  : args.includes('--electron')
    ? 'electron'
    : process.env.INCEPTION_SHELL;
const appArgs = args.filter((a) => a !== '--web' && a !== '--electron');

/** Can GitHub (where Electron's binary lives) be reached at all? Answers within `ms`. */
async function githubReachable(ms) {
  try {
    await fetch('https://github.com', { method: 'HEAD', signal: AbortSignal.timeout(ms) });
    return true;
  } catch {
    return false;
  }
}

/** Electron's own installer, bounded in time; true if the binary is there afterwards. */
function fetchElectron(ms) {
  const installer = `${root}node_modules/electron/install.js`;
  if (!existsSync(installer)) return false;
  console.log('Downloading Electron (one time)…');
  const r = spawnSync(process.execPath, [installer], { cwd: root, stdio: 'inherit', timeout: ms });
  return r.status === 0 && Boolean(electronBinary(root));
}

async function findElectron() {
  let bin = electronBinary(root);
  if (bin) return { bin };
  if (!existsSync(`${root}node_modules/electron/package.json`))
    return { why: 'the electron package is not installed' };
  if (process.env.INCEPTION_NO_ELECTRON_DOWNLOAD === '1') return { why: 'its binary is not downloaded' };
  if (!(await githubReachable(3000)))
    return { why: 'its binary is not downloaded and GitHub cannot be reached to fetch it' };
  bin = fetchElectron(180_000) ? electronBinary(root) : undefined;
  return bin ? { bin } : { why: 'downloading its binary failed' };
}

/** Newest modification time under a path (0 if absent). */
function newest(path) {
  if (!existsSync(path)) return 0;
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(s.mtimeMs, ...readdirSync(path).map((e) => newest(`${path}/${e}`)));
}

function startElectron(bin) {
  // Electron runs JS, so the main side is bundled first (scripts/build-main.mjs) when out of date.
  const mainOut = `${root}dist-main/electron/main.cjs`;
  if (newest(`${root}src-main`) > newest(mainOut)) {
    const b = spawnSync(process.execPath, [`${root}scripts/build-main.mjs`], { cwd: root, stdio: 'inherit' });
    if (b.status !== 0) process.exit(b.status ?? 1);
  }
  if (!existsSync(`${root}dist/renderer/index.html`)) {
    const b = spawnSync(
      process.execPath,
      [`${root}node_modules/vite/bin/vite.js`, 'build', '--logLevel', 'warn'],
      { cwd: root, stdio: 'inherit' },
    );
    if (b.status !== 0) process.exit(b.status ?? 1);
  }
  const child = spawn(bin, [root, ...appArgs], { cwd: root, stdio: 'inherit' });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code) => process.exit(code ?? 0));
}

async function startWeb(why) {
  if (why) console.log(`Electron is not available here (${why}), so the app starts in web mode instead.`);
  const { register } = await import('tsx/esm/api');
  register();
  const { runCli } = await import(new URL('../src-main/cli/program.ts', import.meta.url).href);
  const code = await runCli([process.argv[0], 'inception-explorer', 'serve', '--rebuild', ...appArgs]);
  if (code !== 0) process.exit(code);
}

// `npm start` runs this under `sh -c`, which does not pass npm's SIGTERM on: `kill -TERM <npm>` would
// leave this process (and the server) running with no parent. When the parent goes, stop as for SIGTERM.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) process.kill(process.pid, 'SIGTERM');
}, 500).unref();

if (wants === 'web') {
  await startWeb();
} else {
  const found = await findElectron();
  if (found.bin) startElectron(found.bin);
  else if (wants === 'electron') {
    console.error(`Cannot start Electron: ${found.why}.`);
    process.exit(1);
  } else await startWeb(found.why);
}
