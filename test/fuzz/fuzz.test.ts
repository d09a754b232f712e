/**
 * The fuzz suite in CI (issue 12, "Done when"): a few hundred seeded mutations of real fixtures of
 * every loader, each in a child process with a 10 s and 1.5 GB bound. Every case must end in the
 * app's own error or a correct load; a hang, crash, raw exception (TypeError, RangeError, ENOENT…),
 * silent acceptance of corrupt input, or a read outside the input's folder fails the test, listed
 * with what replays it: `npm run fuzz -- --seed 20261201 --target <name> --case <index>`.
 * `npm run fuzz` runs thousands and writes bench/results/fuzz.json.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runFuzz, runtimeFixtures, type FuzzReport } from './harness.js';
import { TARGETS } from './targets.js';

/** Cases per target in CI: the weights loaders cost 50–200 ms a case, the others a few ms. */
const CI_CASES: Record<string, number> = {
  'keras-h5': 100,
  'tfjs-layers': 100,
  safetensors: 200,
  pytorch: 100,
  'tf-checkpoint': 100,
  'image:cat.png': 200,
  'image:cat.jpg': 200,
  'image:cat.webp': 200,
  'curves:tfevents': 200,
  'curves:csv': 200,
  'dataset-folder': 100,
};

/** Every target but ONNX, whose fixture takes minutes to export (it runs under `npm run fuzz`). */
const CI_TARGETS = TARGETS.map((t) => t.name).filter((t) => t !== 'onnx');

const dir = mkdtempSync(join(tmpdir(), 'ie-fuzz-fixtures-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('fuzz: mutated real fixtures end in the app’s own error or a correct load', () => {
  let report: FuzzReport;
  it('runs every loader', async () => {
    expect(Object.keys(CI_CASES).sort()).toEqual([...CI_TARGETS].sort());
    report = await runFuzz({
      targets: CI_TARGETS,
      cases: CI_CASES,
      seed: 20261201,
      workers: 2,
      extra: runtimeFixtures(dir),
    });
    expect(report.totals.cases).toBe(Object.values(CI_CASES).reduce((a, b) => a + b, 0));
  }, 900_000);

  for (const t of CI_TARGETS) {
    it(`${t}: no hang, crash, raw exception, silent acceptance or outside read`, () => {
      const c = report.perTarget[t]!;
      expect(report.failures.filter((f) => f.target === t)).toEqual([]);
      expect(c.ok + c.refused).toBe(c.cases);
      // The mutations reach the loader's refusals (not only harmless bytes).
      expect(c.refused).toBeGreaterThan(0);
    });
  }
});
