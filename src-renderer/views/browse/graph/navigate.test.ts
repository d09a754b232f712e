import { describe, expect, it } from 'vitest';
import { neighbour, type Box } from './navigate';

// a chain a → b → d with a side branch c to the right of b
const boxes: Box[] = [
  { id: 'a', x: 100, y: 0, w: 40, h: 20 },
  { id: 'b', x: 100, y: 50, w: 40, h: 20 },
  { id: 'c', x: 200, y: 50, w: 40, h: 20 },
  { id: 'd', x: 100, y: 100, w: 40, h: 20 },
];

describe('arrow navigation', () => {
  it('moves along the chain and sideways between branches', () => {
    expect(neighbour(boxes, 'a', 'down')).toBe('b');
    expect(neighbour(boxes, 'b', 'down')).toBe('d');
    expect(neighbour(boxes, 'd', 'up')).toBe('b');
    expect(neighbour(boxes, 'b', 'right')).toBe('c');
    expect(neighbour(boxes, 'c', 'left')).toBe('b');
  });
  it('stays put at the ends and starts at the first box without a selection', () => {
    expect(neighbour(boxes, 'a', 'up')).toBeUndefined();
    expect(neighbour(boxes, 'c', 'right')).toBeUndefined();
    expect(neighbour(boxes, 'zz', 'down')).toBe('a');
  });
});
