/**
 * Arrow-key movement between drawn boxes. Down and Up follow the data flow when a box has exactly one
 * successor (or predecessor) drawn, so the keys walk the chain in a wrapped layout too; otherwise, and
 * for Left and Right, the nearest box in the pressed direction.
 */

export interface Box {
  id: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

export type Direction = 'up' | 'down' | 'left' | 'right';

export interface Link {
  source: string;
  target: string;
}

/** The one drawn box that follows (down) or precedes (up) `fromId`, if there is exactly one. */
export function flowNeighbour(
  boxes: readonly Box[],
  links: readonly Link[],
  fromId: string,
  dir: 'up' | 'down',
): string | undefined {
  const drawn = new Set(boxes.map((b) => b.id));
  const next = new Set(
    links
      .filter((l) => (dir === 'down' ? l.source === fromId : l.target === fromId))
      .map((l) => (dir === 'down' ? l.target : l.source))
      .filter((id) => drawn.has(id)),
  );
  return next.size === 1 ? [...next][0] : undefined;
}

/**
 * The box whose centre lies in a 90° cone around the direction and is closest, with sideways
 * distance weighted 3× so "down" follows the chain rather than jumping to a far branch.
 */
export function neighbour(boxes: readonly Box[], fromId: string, dir: Direction): string | undefined {
  const from = boxes.find((b) => b.id === fromId);
  if (!from) return boxes[0]?.id;
  const fx = from.x + from.w / 2;
  const fy = from.y + from.h / 2;
  let best: string | undefined;
  let bestScore = Infinity;
  for (const b of boxes) {
    if (b.id === fromId) continue;
    const dx = b.x + b.w / 2 - fx;
    const dy = b.y + b.h / 2 - fy;
    const along = dir === 'down' ? dy : dir === 'up' ? -dy : dir === 'right' ? dx : -dx;
    const side = dir === 'down' || dir === 'up' ? Math.abs(dx) : Math.abs(dy);
    if (along <= 0 || side > along) continue;
    const score = along + 3 * side;
    if (score < bestScore) {
      bestScore = score;
      best = b.id;
    }
  }
  return best;
}
