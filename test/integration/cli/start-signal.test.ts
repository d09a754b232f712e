/**
 * `npm start` runs bin/start.mjs under `sh -c`, which does not pass a SIGTERM sent to npm on to node.
 * This starts the app as a user does (web mode, no browser), sends SIGTERM to npm's process only, and
 * checks that the server stops answering and no process of the app is left behind.
 */
import { spawn, execFileSync } from 'node:child_process';
import { expect, test } from 'vitest';

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Pids of every process in a process group (the group npm leads). */
function groupPids(pgid: number): number[] {
  const out = execFileSync('ps', ['-eo', 'pid=,pgid='], { encoding: 'utf8' });
  return out
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/).map(Number))
    .filter(([, g]) => g === pgid)
    .map(([p]) => p!);
}

async function until(check: () => boolean | Promise<boolean>, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return check();
}

test('SIGTERM to `npm start` stops the server and leaves no process behind', async () => {
  const npm = spawn('npm', ['start', '--', '--web', '--no-open', '--port', '0'], {
    cwd: process.cwd(),
    detached: true, // its own process group, so the test can list what it leaves
    env: { ...process.env, INCEPTION_NO_ELECTRON_DOWNLOAD: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  npm.stdout.on('data', (d: Buffer) => (out += d.toString()));
  npm.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const pgid = npm.pid!;
  try {
    const started = await until(() => /http:\/\/127\.0\.0\.1:\d+\//.test(out), 90_000);
    expect(started, out).toBe(true);
    const url = out.match(/http:\/\/127\.0\.0\.1:\d+\//)![0];
    expect((await fetch(url)).status).toBeLessThan(500);
    expect(groupPids(pgid).length).toBeGreaterThan(2); // npm, sh, node start.mjs, the engine

    process.kill(pgid, 'SIGTERM'); // npm's pid only, as `kill -TERM <pid of npm start>` does
    const refused = await until(async () => {
      try {
        await fetch(url, { signal: AbortSignal.timeout(1000) });
        return false;
      } catch {
        return true;
      }
    }, 15_000);
    expect(refused, 'the server still answers after SIGTERM').toBe(true);
    const gone = await until(() => groupPids(pgid).length === 0, 15_000);
    expect(groupPids(pgid), 'processes left behind').toEqual([]);
    expect(gone).toBe(true);
  } finally {
    for (const pid of groupPids(pgid)) if (alive(pid)) process.kill(pid, 'SIGKILL');
  }
}, 150_000);
