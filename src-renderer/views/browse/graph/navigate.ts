/** Arrow-key movement between drawn boxes: the nearest box in the pressed direction. */

export interface Box {
  id: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

export type Direction = 'up' | 'down' | 'left' | 'right';

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
