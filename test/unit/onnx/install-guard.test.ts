/**
 * `npm install` must pass offline: onnxruntime-node's postinstall would download the CUDA provider
 * from api.nuget.org. package.json's allowScripts denies it (npm ≥ 11.16, which the engines field
 * asks for) and covers every other install script, so npm has nothing to warn about; the README's CUDA
 * command depends on the package still reading ONNXRUNTIME_NODE_INSTALL.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { expect, test } from 'vitest';

const root = join(import.meta.dirname, '..', '..', '..');

test('package.json denies onnxruntime-node its install script (npm ≥ 11 allowScripts)', () => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  expect(pkg.allowScripts?.['onnxruntime-node']).toBe(false);
});

test('every installed package with an install script is allowed or denied, and the engines ask for an npm that reads the list', () => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  expect(pkg.engines?.npm).toMatch(/^>=\s*11\.(1[6-9]|[2-9]\d)/);
  const out = execFileSync('npm', ['install-scripts', 'ls'], { cwd: root, encoding: 'utf8' });
  expect(out).not.toMatch(/not yet covered/);
  // No project config npm does not know (it warns on every command about those).
  if (existsSync(join(root, '.npmrc')))
    expect(readFileSync(join(root, '.npmrc'), 'utf8')).not.toMatch(/onnxruntime-node-install/);
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
