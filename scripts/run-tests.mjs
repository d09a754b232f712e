#!/usr/bin/env node
// `npm test`: runs every suite, then prints one line `N passed, N failed` summing them all.
// Browser tests need Chromium: without it they are reported as not run, and with CI=true that fails.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { findChromium } from './chromium-path.mjs';
import { electronBinary } from './electron-binary.mjs';

const root = new URL('..', import.meta.url).pathname;
const outDir = join(root, 'test-results');
rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
const ci = process.env.CI === 'true' || process.env.CI === '1';

let passed = 0;
let failed = 0;
const notes = [];

function vitestSuite(name, args, env = {}) {
  const json = join(outDir, `${name}.json`);
  console.log(`\n=== ${name} ===`);
  const r = spawnSync(
    'npx',
    ['vitest', 'run', ...args, '--reporter=default', '--reporter=json', `--outputFile.json=${json}`],
    { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } },
  );
  if (!existsSync(json)) {
    failed += 1;
    notes.push(`${name}: vitest produced no report (exit ${r.status}); counted as 1 failure`);
    return;
  }
  const report = JSON.parse(readFileSync(json, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  // A suite file that fails to load has no tests but is a failure.
  const brokenFiles = report.testResults.filter(
    (f) => f.status === 'failed' && f.assertionResults.length === 0,
  );
  failed += brokenFiles.length;
  if (report.numPendingTests + report.numTodoTests > 0) {
    notes.push(
      `${name}: ${report.numPendingTests + report.numTodoTests} skipped/todo tests (not counted as passed)`,
    );
  }
  notes.push(
    `${name}: ${report.numPassedTests} passed, ${report.numFailedTests + brokenFiles.length} failed`,
  );
  if (r.status !== 0 && report.numFailedTests + brokenFiles.length === 0) {
    failed += 1;
    notes.push(`${name}: vitest exited ${r.status} without a failing test; counted as 1 failure`);
  }
}

// Static checks count as tests: each is one pass or one failure.
const checks = [
  ['typescript (src-main, test)', 'npx', ['tsc', '-p', 'tsconfig.json']],
  ['typescript noUncheckedIndexedAccess (zoo, analysis)', 'npx', ['tsc', '-p', 'tsconfig.strict.json']],
  ['typescript (test/e2e)', 'npx', ['tsc', '-p', 'tsconfig.e2e.json']],
  [
    'svelte-check (renderer)',
    'npx',
    ['svelte-check', '--tsconfig', './tsconfig.renderer.json', '--fail-on-warnings'],
  ],
  ['eslint', 'npx', ['eslint', '.']],
  ['prettier', 'npx', ['prettier', '--check', '.', '--log-level', 'warn']],
];
console.log('\n=== static checks ===');
for (const [name, cmd, args] of checks) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status === 0) passed += 1;
  else failed += 1;
  console.log(`${r.status === 0 ? '✓' : '✗'} ${name}`);
  notes.push(`static check ${name}: ${r.status === 0 ? 'passed' : 'FAILED'}`);
}

// With CI=true (or INCEPTION_COVERAGE=1) the unit and integration run also reports line coverage.
const coverage = ci || process.env.INCEPTION_COVERAGE === '1' ? ['--coverage'] : [];
vitestSuite('unit+integration', ['--config', 'vite.config.ts', ...coverage]);

const chromium = findChromium();
if (chromium) {
  // The e2e suites drive web mode, which serves the built renderer.
  const build = spawnSync('npm', ['run', 'build:renderer', '--silent'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) {
    failed += 1;
    notes.push('renderer build failed; browser tests could not run (counted as 1 failure)');
  } else {
    vitestSuite('browser e2e', ['--config', 'vitest.e2e.config.ts'], { CHROMIUM_PATH: chromium });
  }
} else if (ci) {
  failed += 1;
  notes.push(
    'browser e2e: NO CHROMIUM FOUND and CI=true, so this is a failure (apt-get install -y chromium)',
  );
} else {
  notes.push(
    'browser e2e: DID NOT RUN, no Chromium found (apt-get install -y chromium, or set CHROMIUM_PATH)',
  );
}

if (electronBinary()) {
  vitestSuite('electron e2e', ['--config', 'vitest.electron.config.ts']);
} else {
  notes.push('electron e2e: not run, no Electron binary on this machine (not counted as passed)');
}

console.log('\n=== summary ===');
for (const n of notes) console.log(`- ${n}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
