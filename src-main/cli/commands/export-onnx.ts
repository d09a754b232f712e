/**
 * `inception-explorer export-onnx <network> --out model.onnx`: the spec's network with its weights
 * (a weights file, or seeded random weights) as an ONNX model, checked by loading it in onnxruntime.
 */
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { analyse } from '../../analysis/analyse.js';
import { exportOnnx } from '../../engine/onnx/export.js';
import { openOnnxModel } from '../../engine/onnx/model-file.js';
import { ortStatus } from '../../engine/onnx/ort.js';
import { loadWeights } from '../../engine/weights/load.js';
import { isNetworkId, zooEntry, buildNetwork } from '../../zoo/index.js';
import type { FlavourId } from '../../shared/spec.js';
import { parsePositiveInt, variantOptions } from '../options.js';

interface Opts {
  out: string;
  flavour?: FlavourId;
  width?: number;
  input?: number;
  classes?: number;
  weights?: string;
  seed: number;
  aux?: boolean;
  check: boolean;
}

export function register(program: Command): void {
  variantOptions(program.command('export-onnx'))
    .description(
      'Export a network with its weights to ONNX (opset 17), named like the app, and check it in onnxruntime',
    )
    .argument('<network>', 'network id (see `inception-explorer zoo`)')
    .requiredOption('-o, --out <file>', 'the .onnx file to write')
    .option('--classes <n>', 'number of classes', parsePositiveInt)
    .option(
      '-w, --weights <file>',
      'Keras .h5, TF.js model.json or .safetensors (default: seeded random weights)',
    )
    .option('--seed <n>', 'seed for random weights', parsePositiveInt, 1)
    .option('--aux', 'also export the training-only auxiliary heads as extra outputs')
    .option('--no-check', 'skip loading the written model in onnxruntime')
    .addHelpText(
      'after',
      "\nThe model takes the app's NHWC input [N, H, W, 3] (one Transpose to NCHW inside) and names every\n" +
        'node and value by its spec node id, so Netron reads like the app.',
    )
    .action(async (network: string, opts: Opts) => {
      if (!isNetworkId(network)) throw new Error(`unknown network '${network}'`);
      const entry = zooEntry(network);
      const spec = buildNetwork(network, {
        flavour: opts.flavour,
        width: opts.width,
        input: opts.input,
        classes: opts.classes,
        extraAux: opts.aux,
      });
      const analysis = analyse(spec);
      const src = opts.weights ? { file: opts.weights } : { random: opts.seed };
      const { weights, info } = await loadWeights(analysis, src, { seed: opts.seed });
      const label = info.label;
      const bytes = exportOnnx(analysis, weights, { includeAux: Boolean(opts.aux), weightsLabel: label });
      await writeFile(opts.out, bytes);
      const v = spec.variant;
      console.log(
        `wrote ${opts.out}: ${entry.title} (${spec.flavour}), input ${v.input.join('×')}, width ${v.width}, ` +
          `${v.classes} classes, ${label}; ${(bytes.length / 2 ** 20).toFixed(1)} MiB`,
      );
      if (!opts.check) return;
      const status = await ortStatus();
      if (!status.loaded) {
        console.log(`not checked: ${status.summary}`);
        return;
      }
      const { session, model } = await openOnnxModel(opts.out);
      console.log(
        `checked: onnxruntime ${status.version} loads it (${model.graph.node.length} ONNX nodes, ` +
          `input ${session.inputNames.join(', ')}, outputs ${session.outputNames.join(', ')})`,
      );
      await session.release();
    });
}
