/**
 * Moving between views: the network (and its flavour) is the shell's and travels along; every other
 * key belongs to the view that wrote it. A view comes back as it was left (its own last link),
 * except that a different network drops the selections made in the old one.
 */
import type { LinkState } from '../../../src-main/shared/deeplink/deeplink.js';

/** Keys that name something inside one network, meaningless in another. */
const NETWORK_BOUND = new Set(['module', 'node', 'figure']);

export function switchView(current: LinkState, to: string, last?: LinkState): LinkState {
  const shared: LinkState = {
    view: to,
    ...(current.network ? { network: current.network } : {}),
    ...(current.network && current.flavour ? { flavour: current.flavour } : {}),
  };
  if (!last) return shared;
  const sameNetwork = !current.network || last.network === current.network;
  const next: LinkState = { ...last, ...shared };
  if (!current.flavour || !sameNetwork) delete next.flavour;
  if (current.network && !sameNetwork) {
    delete next.module;
    delete next.node;
    if (next.extra) {
      const extra = Object.fromEntries(Object.entries(next.extra).filter(([k]) => !NETWORK_BOUND.has(k)));
      if (Object.keys(extra).length) next.extra = extra;
      else delete next.extra;
    }
  }
  if (!shared.flavour && sameNetwork && last.flavour && current.network) next.flavour = last.flavour;
  return next;
}
