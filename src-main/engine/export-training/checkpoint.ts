/**
 * Checkpoints of an exported project back into the app: train.py writes safetensors with the app's own
 * names and the variant in the header's __metadata__ (format 'inception-explorer', network, flavour,
 * width, input, classes), so the file alone says which network it holds. The weights themselves go
 * through the app's usual loader (engine/weights/load.ts), with its checks.
 */
import { basename } from 'node:path';
import { analyse } from '../../analysis/analyse.js';
import type { Analysis } from '../../shared/analysis-types.js';
import { FileAccessError, openRegularFile } from '../fs/safe-file.js';
import { isNetworkId, zooEntry, buildNetwork } from '../../zoo/index.js';
import type { FlavourId, VariantOptions } from '../../shared/spec.js';
import { withResidualScale } from '../train/net.js';
import { loadWeightsFile } from '../weights/load.js';
import { WeightsError, type LoadedWeights } from '../weights/types.js';

export interface CheckpointVariant extends VariantOptions {
  network: ReturnType<typeof zooEntry>['id'];
  flavour: FlavourId;
  /** The recipe's residual scale the run trained with, when it replaced the spec's. */
  residualScale?: number;
}

/** safetensors headers are small; a header claiming more than this is not one of ours. */
const MAX_HEADER = 100 * 1024 * 1024;

/** The variant an exported project's checkpoint names, or null for another safetensors file. */
export async function checkpointVariant(path: string): Promise<CheckpointVariant | null> {
  let meta: Record<string, string> | undefined;
  try {
    const { handle, size } = await openRegularFile(path, { maxBytes: 2 ** 31 - 1 });
    try {
      const head = Buffer.alloc(8);
      await handle.read(head, 0, 8, 0);
      const n = Number(head.readBigUInt64LE(0));
      if (n < 2 || n > MAX_HEADER || 8 + n > size) return null;
      const json = Buffer.alloc(n);
      await handle.read(json, 0, n, 8);
      meta = (JSON.parse(json.toString('utf8')) as { __metadata__?: Record<string, string> }).__metadata__;
    } finally {
      await handle.close();
    }
  } catch (e) {
    if (e instanceof FileAccessError)
      throw new WeightsError('not_found', `Cannot open ${basename(path)}: ${e.message}`);
    if (e instanceof SyntaxError) return null;
    throw e;
  }
  if (!meta || meta.format !== 'inception-explorer') return null;
  const network = meta.network ?? '';
  if (!isNetworkId(network))
    throw new WeightsError(
      'format',
      `${basename(path)} names network '${network}', which this version of the app does not know.`,
    );
  const num = (k: string) => (meta![k] !== undefined ? Number(meta![k]) : undefined);
  return {
    network,
    flavour: (meta.flavour ?? zooEntry(network).defaultFlavour) as FlavourId,
    width: num('width'),
    input: num('input'),
    classes: num('classes'),
    ...(meta.residualScale !== undefined ? { residualScale: Number(meta.residualScale) } : {}),
  };
}

/** Open an exported project's checkpoint: the network and flavour from the file, the weights checked. */
export async function loadProjectCheckpoint(
  path: string,
): Promise<{ variant: CheckpointVariant; analysis: Analysis; loaded: LoadedWeights }> {
  const variant = await checkpointVariant(path);
  if (!variant)
    throw new WeightsError(
      'format',
      `${basename(path)} was not written by an exported training project (its header names no network); open it with a network chosen.`,
    );
  const { network, residualScale, ...opts } = variant;
  let spec = buildNetwork(network, opts);
  if (residualScale !== undefined && Number.isFinite(residualScale))
    spec = withResidualScale(spec, residualScale);
  const analysis = analyse(spec);
  const loaded = await loadWeightsFile(analysis, path);
  loaded.info.kind = 'trained';
  loaded.info.notes.push(
    `${zooEntry(network).title} (${variant.flavour}), width ${variant.width}, input ${variant.input}, ${variant.classes} classes, recognised from the checkpoint's metadata.`,
  );
  return { variant, analysis, loaded };
}
