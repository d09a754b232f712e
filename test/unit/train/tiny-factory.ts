/** A NetFactory for tests: the tiny net at the run's input and classes, seeded like a real run. */
import type { RunMeta } from '../../../src-main/engine/train/types.js';
import { applyTfjsFixes } from '../../../src-main/engine/tfjs/fixes/index.js';
import { tinyNet } from './tiny-net.js';

export async function createNet(meta: RunMeta) {
  applyTfjsFixes();
  return tinyNet(
    [meta.input, meta.input, 3],
    meta.classes,
    meta.seed,
    meta.auxHeads[0]?.weight ?? 0.3,
    meta.auxHeads[0]?.name ?? 'aux',
  );
}
