import { describe, expect, it } from 'vitest';
import { flowNeighbour, neighbour, type Box } from './navigate';

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

describe('arrow keys follow the data flow', () => {
  // A wrapped chain: a → b at the bottom of column 1, c at the top of column 2.
  const boxes: Box[] = [
    { id: 'a', x: 0, y: 0, w: 10, h: 10 },
    { id: 'b', x: 0, y: 100, w: 10, h: 10 },
    { id: 'c', x: 200, y: 0, w: 10, h: 10 },
  ];
  const links = [
    { source: 'a', target: 'b' },
    { source: 'b', target: 'c' },
  ];
  it('down from the end of a column goes to the next box of the chain, up comes back', () => {
    expect(neighbour(boxes, 'b', 'down')).toBeUndefined();
    expect(flowNeighbour(boxes, links, 'b', 'down')).toBe('c');
    expect(flowNeighbour(boxes, links, 'c', 'up')).toBe('b');
  });
  it('leaves a fork to the geometry', () => {
    const fork = [...links, { source: 'a', target: 'c' }];
    expect(flowNeighbour(boxes, fork, 'a', 'down')).toBeUndefined();
  });
});
