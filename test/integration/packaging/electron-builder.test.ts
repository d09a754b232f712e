/**
 * Packaging cannot download Electron here, so this tests what can be tested: electron.config.ts loads
 * and validates against electron-builder's schema, and `electron-builder --dir` against a stand-in
 * Electron folder (-c.electronDist) produces an app folder with the wasm files unpacked from the asar.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { DebugLogger } from 'builder-util';
import { listPackage } from '@electron/asar';

const root = join(import.meta.dirname, '..', '..', '..');
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';

describe('electron-builder configuration', () => {
  it('loads from electron.config.ts and passes the schema', async () => {
    const cfg = await getConfig(root, 'electron.config.ts', null);
    await expect(validateConfiguration(cfg, new DebugLogger(false))).resolves.toBeUndefined();
    expect(cfg.linux?.target).toEqual(['AppImage', 'deb']);
    expect(cfg.win?.target).toBe('nsis');
    expect(cfg.mac?.target).toBe('dmg');
    expect(cfg.asarUnpack).toContain('**/*.wasm');
  });

  it('packs an app folder with a stand-in Electron, wasm files outside the asar', () => {
    execFileSync(process.execPath, ['scripts/build-main.mjs'], { cwd: root, stdio: 'pipe' });
    if (!existsSync(join(root, 'dist', 'renderer', 'index.html'))) {
      execFileSync('npx', ['vite', 'build', '--logLevel', 'error'], { cwd: root, stdio: 'pipe' });
    }
    // A stand-in Electron: electron-builder only copies this folder and renames the binary.
    const fake = mkdtempSync(join(tmpdir(), 'fake-electron-'));
    // It carries a fuse wire as Electron's binary does (sentinel, version 1, length, one byte per fuse,
    // Electron's defaults; https://www.electronjs.org/docs/latest/tutorial/fuses), so the flip is tested.
    writeFileSync(
      join(fake, 'electron'),
      Buffer.concat([
        Buffer.from('#!/bin/sh\necho stand-in electron\nexit 0\n'),
        Buffer.from(FUSE_SENTINEL),
        Buffer.from([1, 8]),
        Buffer.from('10110001'),
        Buffer.from('\n'),
      ]),
    );
    chmodSync(join(fake, 'electron'), 0o755);
    writeFileSync(join(fake, 'version'), '45.5.0');
    const out = mkdtempSync(join(tmpdir(), 'pack-'));
    execFileSync(
      'npx',
      [
        'electron-builder',
        '--dir',
        '--linux',
        '--config',
        'electron.config.ts',
        `-c.electronDist=${fake}`,
        `-c.directories.output=${out}`,
      ],
      {
        cwd: root,
        stdio: 'pipe',
        // Without VITEST: under it electron-builder hides its log and hard-links the Electron folder, and
        // with the fuse flip that run exits 1 without a word (a plain run packs and flips fine).
        env: { ...process.env, VITEST: undefined, CSC_IDENTITY_AUTO_DISCOVERY: 'false' },
      },
    );
    const app = join(out, 'linux-unpacked');
    expect(existsSync(join(app, 'inception-explorer'))).toBe(true);
    expect(existsSync(join(app, 'resources', 'app.asar'))).toBe(true);
    // Only the app goes in: no sources, tests, caches or test results from the repo.
    const top = new Set(
      listPackage(join(app, 'resources', 'app.asar'), { isPack: false }).map((p) => p.split(/[\\/]/)[1]),
    );
    expect([...top].sort()).toEqual(['assets', 'dist', 'dist-main', 'node_modules', 'package.json']);
    const wasmDir = join(
      app,
      'resources',
      'app.asar.unpacked',
      'node_modules',
      '@tensorflow',
      'tfjs-backend-wasm',
      'dist',
    );
    const wasm = readdirSync(wasmDir).filter((f) => f.endsWith('.wasm'));
    expect(wasm).toEqual(expect.arrayContaining(['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm']));
    // Only the Linux onnxruntime binaries are shipped in a Linux build.
    const ortBin = join(
      app,
      'resources',
      'app.asar.unpacked',
      'node_modules',
      'onnxruntime-node',
      'bin',
      'napi-v6',
    );
    expect(readdirSync(ortBin)).toEqual(['linux']);
    // The fuses were flipped (0 off, 1 on), in @electron/fuses' order: RunAsNode, cookie encryption,
    // NODE_OPTIONS, --inspect, asar integrity, only app.asar; the last two keep Electron's defaults.
    const bin = readFileSync(join(app, 'inception-explorer'));
    const at = bin.indexOf(FUSE_SENTINEL) + FUSE_SENTINEL.length;
    expect([bin[at], bin[at + 1]]).toEqual([1, 8]);
    expect(bin.subarray(at + 2, at + 10).toString('latin1')).toBe('01001101');
  }, 300_000);
});
