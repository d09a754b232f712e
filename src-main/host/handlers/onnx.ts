/**
 * onnx.export: the network the caller is looking at, with its current weights, as ONNX bytes (a
 * binary payload). A weightsId exports exactly the weights the Activations view runs (random, a
 * file, or trained in the app); without one, the Browse view's variant with seeded random weights.
 */
import { analyse } from '../../analysis/analyse.js';
import type { ActivationSession } from '../../engine/activations/session.js';
import { buildOnnxGraph } from '../../engine/onnx/export.js';
import { OPSET, encodeModel } from '../../engine/onnx/proto.js';
import { randomWeightsFor } from '../../engine/weights/load.js';
import type { WeightsInfo } from '../../engine/weights/types.js';
import { ProtocolError, type OnnxExportResult } from '../../shared/protocol/index.js';
import { buildNetwork } from '../../zoo/index.js';
import type { NetworkSpec } from '../../shared/spec.js';
import { paramsOf } from '../params.js';
import type { Handlers } from '../registry.js';
import { network, wrap } from './activations.js';

/** "googlenet-torchvision-w0.25-75px-c10-random1.onnx": the variant's non-default knobs, then the weights. */
export function onnxFileName(spec: NetworkSpec, info: Pick<WeightsInfo, 'kind' | 'label'>): string {
  const v = spec.variant;
  const parts: string[] = [spec.id, spec.flavour];
  if (v.width !== 1) parts.push(`w${v.width}`);
  parts.push(`${v.input[0]}px`);
  if (v.classes !== 1000) parts.push(`c${v.classes}`);
  const seed = /seed (\d+)/.exec(info.label)?.[1];
  parts.push(info.kind === 'random' && seed ? `random${seed}` : info.kind);
  return `${parts.join('-').replace(/[^A-Za-z0-9._-]+/g, '_')}.onnx`;
}

export function onnxHandlers(session: ActivationSession): Handlers<'onnx.export'> {
  return {
    'onnx.export': (raw) =>
      wrap(async () => {
        const m = 'onnx.export';
        const p = paramsOf(m, raw);
        const weightsId = p.weightsId;
        const includeAux = p.includeAux ?? false;
        let target;
        if (weightsId) {
          const n = session.network(weightsId);
          target = { analysis: n.analysis, loaded: n.loaded };
        } else {
          if (p.network === undefined)
            throw new ProtocolError('bad_request', `${m}: give weightsId, or network for random weights.`);
          const { id, ...opts } = network(p.network, m);
          const seed = p.seed ?? 1;
          const analysis = analyse(buildNetwork(id, opts));
          target = { analysis, loaded: randomWeightsFor(analysis, seed) };
        }
        const { analysis, loaded } = target;
        if (includeAux && analysis.spec.aux.length === 0)
          throw new ProtocolError('bad_request', `${m}: ${analysis.spec.id} has no auxiliary heads.`);
        const label = loaded.info.label;
        const { model, input, inputShape, outputs } = buildOnnxGraph(analysis, loaded.weights, {
          includeAux,
          weightsLabel: label,
        });
        const result: OnnxExportResult = {
          filename: onnxFileName(analysis.spec, loaded.info),
          bytes: encodeModel(model),
          weightsLabel: label,
          opset: OPSET,
          input,
          inputShape,
          outputs,
        };
        return result;
      }),
  };
}
