/**
 * The Browse view's knobs in its deep link: which tab, the figure shown, the compared network, width,
 * classes, inference/training graph, parameter convention and the optional heads. Only values that
 * differ from the defaults are written, so a plain link stays short.
 */
import type { FlavourId, NetworkId } from '../../../src-main/shared/spec';
import { FLAVOURS, NETWORKS, replaceExtra } from '../../../src-main/shared/deeplink/deeplink.js';
import type { Convention, FigureTarget, FigureVariant, Tab } from './state.svelte';

export interface BrowseKnobs {
  tab: Tab;
  width: number;
  classes: number;
  extraAux: boolean;
  training: boolean;
  convention: Convention;
  figure: FigureTarget | undefined;
  compareWith: NetworkId;
}

export const BROWSE_DEFAULTS: BrowseKnobs = {
  tab: 'network',
  width: 1,
  classes: 1000,
  extraAux: false,
  training: false,
  convention: 'pytorch',
  figure: undefined,
  compareWith: 'inception_resnet_v2',
};

/** The extra link keys Browse owns (besides network, flavour, module and node). */
export const BROWSE_KEYS = ['tab', 'figure', 'variant', 'with', 'width', 'classes', 'heads', 'graph', 'conv'];

const TABS: readonly Tab[] = ['network', 'figures', 'compare'];
const VARIANTS: readonly FigureVariant[] = ['module', 'naive', 'fig9'];
const isNetwork = (s: string | undefined): s is NetworkId =>
  (NETWORKS as readonly string[]).includes(s ?? '');
const isFlavour = (s: string | undefined): s is FlavourId =>
  (FLAVOURS as readonly string[]).includes(s ?? '');

export function knobsToExtra(k: BrowseKnobs): Record<string, string> {
  const x: Record<string, string> = {};
  if (k.tab !== 'network') x.tab = k.tab;
  if (k.tab === 'figures' && k.figure) {
    const f = k.figure;
    x.figure = [f.network, f.flavour ?? '', f.module].join(':');
    if (f.variant !== 'module') x.variant = f.variant;
  }
  if (k.tab === 'compare') x.with = k.compareWith;
  if (k.width !== 1) x.width = String(k.width);
  if (k.classes !== 1000) x.classes = String(k.classes);
  if (k.training) x.graph = 'training';
  if (k.training && k.extraAux) x.heads = 'all';
  if (k.convention !== 'pytorch') x.conv = k.convention;
  return x;
}

/** The knobs a link names; anything missing or malformed takes its default. */
export function knobsFromExtra(x: Record<string, string> | undefined): BrowseKnobs {
  const e = x ?? {};
  const k: BrowseKnobs = { ...BROWSE_DEFAULTS };
  if ((TABS as readonly string[]).includes(e.tab ?? '')) k.tab = e.tab as Tab;
  if (e.figure) {
    const [network, flavour, module] = e.figure.split(':');
    if (isNetwork(network) && module) {
      k.figure = {
        network,
        ...(isFlavour(flavour) ? { flavour } : {}),
        module,
        variant: (VARIANTS as readonly string[]).includes(e.variant ?? '')
          ? (e.variant as FigureVariant)
          : 'module',
      };
    }
  }
  if (isNetwork(e.with)) k.compareWith = e.with;
  const width = Number(e.width);
  if (e.width !== undefined && Number.isFinite(width) && width > 0 && width <= 4) k.width = width;
  const classes = Number(e.classes);
  if (e.classes !== undefined && Number.isInteger(classes) && classes >= 1 && classes <= 100_000)
    k.classes = classes;
  k.training = e.graph === 'training';
  k.extraAux = k.training && e.heads === 'all';
  if (e.conv === 'keras') k.convention = 'keras';
  return k;
}

/** The link's extras with Browse's own keys replaced by `knobs` (other keys, e.g. expand, kept). */
export const mergeExtra = (current: Record<string, string> | undefined, knobs: BrowseKnobs) =>
  replaceExtra(current, BROWSE_KEYS, knobsToExtra(knobs));
