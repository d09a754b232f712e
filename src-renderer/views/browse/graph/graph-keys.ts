/**
 * What a key pressed on the Browse graph does, as data (pure; GraphView applies it): the arrows move
 * the selection (navigate.ts), Enter opens the selected module, Escape closes it (or the module it is
 * in), '/' goes to the search box, 'f' fits, '+' and '-' zoom.
 */
import type { GraphLayout } from '../../../lib/layout/layout';
import { flowNeighbour, neighbour, type Direction } from './navigate';

export type GraphKeyAction =
  | { do: 'select'; id: string }
  | { do: 'expand'; id: string }
  | { do: 'collapse'; id: string }
  | { do: 'search' }
  | { do: 'fit' }
  | { do: 'zoom'; factor: number };

const DIRS: Record<string, Direction> = {
  ArrowUp: 'up',
  ArrowDown: 'down',
  ArrowLeft: 'left',
  ArrowRight: 'right',
};

/** Zoom step of one key press. */
export const ZOOM_STEP = 1.4;

/**
 * The action for `key` with `current` selected in `layout`; undefined when the key does nothing
 * (and the browser may have it). `handled` says whether to prevent the browser's default.
 */
export function graphKeyAction(
  key: string,
  layout: GraphLayout | undefined,
  current: string | undefined,
): { action?: GraphKeyAction; handled: boolean } {
  const nodes = layout?.nodes ?? [];
  const d = DIRS[key];
  if (d) {
    // Open modules are frames around their contents, not stops of their own.
    const boxes = nodes.filter((n) => n.kind !== 'anchor' && !n.open);
    const next =
      (current && (d === 'down' || d === 'up')
        ? flowNeighbour(boxes, layout?.edges ?? [], current, d)
        : undefined) ?? neighbour(boxes, current ?? '', d);
    return { action: next ? { do: 'select', id: next } : undefined, handled: true };
  }
  if (key === 'Enter' && current) {
    const n = nodes.find((x) => x.id === current);
    return { action: n?.expandable && !n.open ? { do: 'expand', id: current } : undefined, handled: true };
  }
  if (key === 'Escape' && current) {
    const n = nodes.find((x) => x.id === current);
    return { action: { do: 'collapse', id: n?.open ? current : (n?.parent ?? current) }, handled: true };
  }
  if (key === '/') return { action: { do: 'search' }, handled: true };
  if (key === 'f') return { action: { do: 'fit' }, handled: false };
  if (key === '+' || key === '=') return { action: { do: 'zoom', factor: ZOOM_STEP }, handled: false };
  if (key === '-') return { action: { do: 'zoom', factor: 1 / ZOOM_STEP }, handled: false };
  return { handled: false };
}
