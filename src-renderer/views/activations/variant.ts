/**
 * The network variant the Activations view runs (network, flavour and reduced knobs) and the weights
 * sources it offers; pure, shared by the state, the link and the panels.
 */
import type { FlavourId, NetworkId } from '../../../src-main/shared/spec';

export interface Variant {
  id: NetworkId;
  flavour?: FlavourId;
  width?: number;
  input?: number;
  classes?: number;
}

/** One key per distinct variant: weights and runs belong to exactly one. */
export const variantKey = (v: Variant): string =>
  JSON.stringify([v.id, v.flavour ?? '', v.width ?? 1, v.input ?? 0, v.classes ?? 0]);

export type WeightsChoice = 'random' | 'published' | 'file' | 'path' | 'url' | 'trained';

/** The variant as the engine's network selection: defaults (width 1, the network's input) left out. */
export function networkOf(v: Variant) {
  return {
    id: v.id,
    ...(v.flavour ? { flavour: v.flavour } : {}),
    ...(v.width && v.width !== 1 ? { width: v.width } : {}),
    ...(v.input ? { input: v.input } : {}),
    ...(v.classes ? { classes: v.classes } : {}),
  };
}
