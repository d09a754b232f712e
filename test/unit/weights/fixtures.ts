/**
 * The reduced-network weight fixtures in test/fixtures/weights (written by make-fixtures.py): each
 * <name>.json names its network variant, its weight files, an input tensor file and PyTorch's logits.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyse } from '../../../src-main/analysis/analyse.js';
import type { Analysis } from '../../../src-main/shared/analysis-types.js';
import { buildNetwork } from '../../../src-main/zoo/index.js';
import type { FlavourId, NetworkId } from '../../../src-main/shared/spec.js';

export const WEIGHTS_DIR = fileURLToPath(new URL('../../fixtures/weights/', import.meta.url));

export interface WeightsFixture {
  network: NetworkId;
  flavour: FlavourId;
  width: number;
  input: number;
  classes: number;
  /** Weight files holding the same weights (e.g. Keras .h5 and TF.js model.json). */
  weights: string[];
  /** Float32 NHWC input, [1, input, input, 3]. */
  input_file: string;
  logits: number[];
  /** The node whose output `logits` is, when not the last dense layer. */
  logits_node?: string;
  /** Aux-head node id → its logits. */
  aux_logits?: Record<string, number[]>;
}

export const readFixture = (name: string, dir = WEIGHTS_DIR): WeightsFixture =>
  JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')) as WeightsFixture;

/** The fixture's input tensor data. */
export function fixtureInput(f: WeightsFixture, dir = WEIGHTS_DIR): Float32Array {
  const b = readFileSync(join(dir, f.input_file));
  return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
}

/** The analysis of the network variant the fixture's weights are for. */
export const fixtureAnalysis = (f: WeightsFixture): Analysis =>
  analyse(
    buildNetwork(f.network, { flavour: f.flavour, width: f.width, input: f.input, classes: f.classes }),
  );
