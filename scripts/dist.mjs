#!/usr/bin/env node
// `npm run dist`: builds the renderer and main bundles, then packages with electron-builder.
// electron-builder downloads Electron's zip (and AppImage/NSIS tools) from GitHub. Offline, that is a
// raw `getaddrinfo ENOTFOUND github.com`; so: with a local Electron (node_modules/electron/dist, or
// ELECTRON_PATH's folder) build the unpacked app from it, and when neither a local Electron nor GitHub is
// there, say what is needed and stop after the part that can be built offline.
import { spawnSync } from 'node:child_process';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronBinary } from './electron-binary.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);

function run(cmd, argv) {
  const r = spawnSync(cmd, argv, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  return r.status ?? 1;
}

async function reachable(url, ms) {
  try {
    await fetch(url, { method: 'HEAD', signal: AbortSignal.timeout(ms) });
    return true;
  } catch {
    return false;
  }
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
if (run(npm, ['run', '--silent', 'build']) !== 0) process.exit(1);

const builder = ['electron-builder', '--config', 'electron.config.ts', ...args];
const local = electronBinary(root);
const online = await reachable('https://github.com', 4000);
if (online) process.exit(run('npx', builder));
if (local) {
  // A local Electron makes the unpacked app; installers (AppImage, deb, NSIS, dmg) need tools from GitHub.
  console.log(
    `GitHub cannot be reached: building the unpacked app from the local Electron in ${dirname(local)}.`,
  );
  process.exit(run('npx', [...builder, '--dir', `--config.electronDist=${dirname(local)}`]));
}
console.error(
  [
    '',
    'npm run dist cannot package the app here: electron-builder needs Electron 45.5.0 for this platform and',
    'its packaging tools (AppImage, NSIS), which it downloads from github.com, and GitHub cannot be reached.',
    'The renderer (dist/renderer) and the bundled main side (dist-main) are built. To package: run it on a',
    'machine with internet access, or put an unpacked Electron 45.5.0 in node_modules/electron/dist (what',
    '`node node_modules/electron/install.js` fetches) or point ELECTRON_PATH at its binary, and run',
    '`npm run dist` again to get the unpacked app in dist-electron/.',
    '',
  ].join('\n'),
);
process.exit(2);
