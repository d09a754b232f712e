/**
 * The grid (H×W) a module outputs, followed along the main path of a spec while it is being built.
 * Builders use it to size pools and aux heads at non-default inputs. It reads the same layer shape
 * formulas as the analysis (shared/layer-shapes.ts) but only the spatial part, so the zoo never
 * imports the analysis (the zoo is data; the analysis reads it).
 */
import { layerOutShape, ShapeError } from '../shared/layer-shapes.js';
import type { Block, NetworkSpec, Pair } from '../shared/spec.js';

/** A module's grid could not be followed (unknown module, or the input is too small for a layer). */
export class GridError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GridError';
  }
}

/** The grid after one block. Concat branches share their grid (the analysis checks it); residuals keep the body's. */
function blockGrid(b: Block, grid: Pair): Pair {
  if ('op' in b) {
    // One channel stands in for the real count: only H and W are read back.
    const out = layerOutShape(b, [grid[0], grid[1], 1]);
    return out.length === 3 ? [out[0]!, out[1]!] : [1, 1];
  }
  switch (b.kind) {
    case 'seq':
      return b.items.reduce<Pair>((g, item) => blockGrid(item, g), grid);
    case 'concat': {
      const first = b.branches[0];
      return first ? blockGrid(first, grid) : grid;
    }
    case 'residual':
      return blockGrid(b.body, grid);
  }
}

/** [H, W] of the named module's output, walking the stages in order from the spec's input. */
export function moduleGrid(spec: NetworkSpec, module: string): Pair {
  let grid: Pair = [spec.variant.input[0], spec.variant.input[1]];
  for (const stage of spec.stages)
    for (const m of stage.modules) {
      try {
        grid = blockGrid(m.body, grid);
      } catch (e) {
        if (!(e instanceof ShapeError)) throw e;
        throw new GridError(`module '${m.name}': ${e.message}`);
      }
      if (m.name === module) return grid;
    }
  throw new GridError(`no module '${module}' in ${spec.id}`);
}
