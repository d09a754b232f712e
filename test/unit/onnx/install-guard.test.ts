/**
 * `npm install` must pass offline: onnxruntime-node's postinstall would download the CUDA provider
 * from api.nuget.org. Two guards keep it off, and the README's CUDA command depends on the package
 * still reading ONNXRUNTIME_NODE_INSTALL.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { expect, test } from 'vitest';

const root = join(import.meta.dirname, '..', '..', '..');

test('package.json denies onnxruntime-node its install script (npm ≥ 11 allowScripts)', () => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  expect(pkg.allowScripts?.['onnxruntime-node']).toBe(false);
});

test('.npmrc skips the download for npm versions without allowScripts', () => {
  expect(readFileSync(join(root, '.npmrc'), 'utf8')).toMatch(/^onnxruntime-node-install=skip$/m);
});

test('the documented CUDA 12 install command matches the installed package', () => {
  const main = createRequire(import.meta.url).resolve('onnxruntime-node');
  const scriptDir = join(dirname(main), '..', 'script');
  const utils = readFileSync(join(scriptDir, 'install-utils.js'), 'utf8');
  const meta = readFileSync(join(scriptDir, 'install-metadata.js'), 'utf8');
  expect(utils).toContain('process.env.ONNXRUNTIME_NODE_INSTALL');
  expect(meta).toMatch(/'linux\/x64': \['cuda12'\]/);
  expect(readFileSync(join(scriptDir, 'install.js'), 'utf8')).toContain('installPackages');
});
