/**
 * The unit last clicked in the enlarged channel (ChannelZoom), for the Receptive-field tab: the
 * channel and its (row, col) on the map of the Activations view's current node.
 */
export interface ClickedUnit {
  channel: number;
  y: number;
  x: number;
  /** The map's size when clicked: a unit outside the current node's map is stale. */
  h: number;
  w: number;
}

export const receptiveUnit = $state<{ unit: ClickedUnit | undefined }>({ unit: undefined });

export function pickUnit(u: ClickedUnit): void {
  receptiveUnit.unit = u;
}
