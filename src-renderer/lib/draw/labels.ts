/**
 * Paper-style labels for layers and nodes: "1×7 conv, 192", "3×3 max pool, stride 2 V".
 * "V" marks VALID (unpadded) convolutions and pools, as the Inception-v4 figures do.
 */
import type { Layer, Padding, Pair } from '../../../src-main/shared/spec';
import type { AnalysedNode } from '../../../src-main/shared/analysis-types';

const times = (p: Pair) => `${p[0]}×${p[1]}`;

function isValid(p: Padding): boolean {
  if (p === 'valid') return true;
  if (p === 'same') return false;
  return p.top === 0 && p.bottom === 0 && p.left === 0 && p.right === 0;
}

function strideText(s: Pair): string {
  if (s[0] === 1 && s[1] === 1) return '';
  return s[0] === s[1] ? `, stride ${s[0]}` : `, stride ${times(s)}`;
}

/** The paper-style label of a spec layer. A layer's own `label` wins. */
export function layerLabel(layer: Layer): string {
  if (layer.label) return layer.label;
  switch (layer.op) {
    case 'conv': {
      const f = layer.filters === 'match-input' ? 'input width' : String(layer.filters);
      const lin = layer.activation === 'linear' ? ', linear' : '';
      return `${times(layer.kernel)} conv, ${f}${strideText(layer.strides)}${lin}${isValid(layer.padding) ? ' V' : ''}`;
    }
    case 'maxpool':
    case 'avgpool': {
      const kind = layer.op === 'maxpool' ? 'max pool' : 'avg pool';
      return `${times(layer.pool)} ${kind}${strideText(layer.strides)}${isValid(layer.padding) ? ' V' : ''}`;
    }
    case 'lrn':
      return 'local response norm';
    case 'globalavgpool':
      return 'global avg pool';
    case 'dropout':
      return `dropout (${Math.round(layer.rate * 100)}%)`;
    case 'flatten':
      return 'flatten';
    case 'dense':
      return `FC, ${layer.units === 'classes' ? 'classes' : layer.units}`;
    case 'softmax':
      return 'softmax';
    case 'relu':
      return 'ReLU';
  }
}

/** Label of any analysed node (layers, the input, concatenations and residual adds). */
export function nodeLabel(node: AnalysedNode): string {
  if (node.kind === 'layer' && node.layer) return layerLabel(node.layer);
  if (node.kind === 'input') return 'input';
  if (node.kind === 'concat') return 'filter concat';
  if (node.kind === 'add')
    return node.scale !== undefined && node.scale !== 1 ? `+ (scale ${node.scale})` : '+';
  return node.id;
}

/** Last path segment of an id: 'Mixed_5b/branch1x1/conv' → 'conv'. */
export function shortName(id: string): string {
  const i = id.lastIndexOf('/');
  return i < 0 ? id : id.slice(i + 1);
}

/** The op and hyper-parameters of a layer as [key, value] rows for the side panel. */
/** The row names layerDetails uses; each is an i18n key `panel.k.<name>` (checked by the type). */
export type LayerRowName =
  | 'op'
  | 'filters'
  | 'kernel'
  | 'strides'
  | 'padding'
  | 'bias'
  | 'batch norm'
  | 'activation'
  | 'pool'
  | 'ceil mode'
  | 'count include pad'
  | 'size'
  | 'alpha'
  | 'beta'
  | 'k'
  | 'rate'
  | 'units';

export function layerDetails(layer: Layer): [LayerRowName, string][] {
  const rows: [LayerRowName, string][] = [['op', layer.op]];
  const pad = (p: Padding) =>
    typeof p === 'string' ? p : `explicit t${p.top} b${p.bottom} l${p.left} r${p.right}`;
  switch (layer.op) {
    case 'conv':
      rows.push(
        ['filters', String(layer.filters)],
        ['kernel', times(layer.kernel)],
        ['strides', times(layer.strides)],
        ['padding', pad(layer.padding)],
        ['bias', layer.bias ? 'yes' : 'no'],
        [
          'batch norm',
          layer.bn ? `eps ${layer.bn.eps}, γ ${layer.bn.scale ? 'yes' : 'no (β only)'}` : 'none',
        ],
        ['activation', layer.activation],
      );
      break;
    case 'maxpool':
    case 'avgpool':
      rows.push(
        ['pool', times(layer.pool)],
        ['strides', times(layer.strides)],
        ['padding', pad(layer.padding)],
      );
      if (layer.ceil) rows.push(['ceil mode', 'yes']);
      if (layer.countIncludePad !== undefined)
        rows.push(['count include pad', layer.countIncludePad ? 'yes' : 'no']);
      break;
    case 'lrn':
      rows.push(
        ['size', String(layer.size)],
        ['alpha', String(layer.alpha)],
        ['beta', String(layer.beta)],
        ['k', String(layer.k)],
      );
      break;
    case 'dropout':
      rows.push(['rate', String(layer.rate)]);
      break;
    case 'dense':
      rows.push(
        ['units', String(layer.units)],
        ['bias', layer.bias ? 'yes' : 'no'],
        ['activation', layer.activation],
      );
      if (layer.bn) rows.push(['batch norm', `eps ${layer.bn.eps}`]);
      break;
    default:
      break;
  }
  return rows;
}
