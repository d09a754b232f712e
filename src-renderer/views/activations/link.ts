/**
 * The Activations view's part of the deep link: the network and flavour (shared keys) and, as
 * view-specific keys, a reduced variant's `width`, `input` and `classes` (e.g. for demos on slow machines).
 */
import type { LinkState } from '../../../src-main/shared/deeplink/deeplink';
import type { Variant } from './state.svelte';

export const DEFAULT_NETWORK = 'inception_v3';

export function variantFromLink(l: LinkState): Variant {
  const v: Variant = { id: l.network ?? DEFAULT_NETWORK };
  if (l.flavour) v.flavour = l.flavour;
  const width = Number(l.extra?.width);
  if (l.extra?.width !== undefined && Number.isFinite(width) && width > 0 && width <= 4) v.width = width;
  const input = Number(l.extra?.input);
  if (l.extra?.input !== undefined && Number.isInteger(input) && input >= 32 && input <= 1024)
    v.input = input;
  const classes = Number(l.extra?.classes);
  if (l.extra?.classes !== undefined && Number.isInteger(classes) && classes >= 1 && classes <= 100_000)
    v.classes = classes;
  return v;
}

/** The link keys that pin a variant exactly (width, input and classes always written). */
export function linkForVariant(v: Variant, current: LinkState): Partial<LinkState> {
  const extra = { ...(current.extra ?? {}) };
  extra.width = String(v.width ?? 1);
  if (v.input !== undefined) extra.input = String(v.input);
  else delete extra.input;
  if (v.classes !== undefined) extra.classes = String(v.classes);
  else delete extra.classes;
  return { network: v.id, flavour: v.flavour, module: undefined, node: undefined, extra };
}

/**
 * Feature visualisation's settings in the link (the node and channel are the view's own `node` and
 * `channel` keys): `fvsteps` (1–4096, written when not the default 512) and `fvdiv=1` (diversity on),
 * so a shared link asks for the same picture, which the engine then serves from its cache.
 */
export const FEATVIS_KEYS = ['fvsteps', 'fvdiv'] as const;

/** The Explain panel's open tab: `explain=<tab id>`, written when it is not the first tab. */
export const EXPLAIN_KEYS = ['explain'] as const;

export function explainTabFromLink(
  extra: Record<string, string> | undefined,
  ids: readonly string[],
): string | undefined {
  const id = extra?.explain;
  return id !== undefined && ids.includes(id) ? id : undefined;
}
export const FEATVIS_DEFAULT_STEPS = 512;

export function featvisFromLink(extra: Record<string, string> | undefined): {
  steps?: number;
  diversity?: boolean;
} {
  const out: { steps?: number; diversity?: boolean } = {};
  const steps = Number(extra?.fvsteps);
  if (extra?.fvsteps !== undefined && Number.isInteger(steps) && steps >= 1 && steps <= 4096)
    out.steps = steps;
  if (extra?.fvdiv === '1') out.diversity = true;
  return out;
}

export function featvisToExtra(s: { steps: number; diversity: boolean }): Record<string, string> {
  const out: Record<string, string> = {};
  if (s.steps !== FEATVIS_DEFAULT_STEPS) out.fvsteps = String(s.steps);
  if (s.diversity) out.fvdiv = '1';
  return out;
}
