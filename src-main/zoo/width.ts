/**
 * The width multiplier, applied generically to a built spec: every conv's filters and every dense
 * layer's units are scaled, except 'classes' (the classifier) and 'match-input' (residual up-projections,
 * which follow the block input). Pass-through branches (pools) follow automatically.
 */
import type { AuxHead, Block, Module, NetworkSpec, Seq } from '../shared/spec.js';

/** Rounded, never below 1, so tiny multipliers (0.125) still build. */
export const scaleCount = (n: number, width: number): number => Math.max(1, Math.round(n * width));

function scaleBlock(b: Block, w: number): Block {
  if ('op' in b) {
    if (b.op === 'conv' && typeof b.filters === 'number') return { ...b, filters: scaleCount(b.filters, w) };
    if (b.op === 'dense' && typeof b.units === 'number') return { ...b, units: scaleCount(b.units, w) };
    return { ...b };
  }
  switch (b.kind) {
    case 'seq':
      return scaleSeq(b, w);
    case 'concat':
      return { ...b, branches: b.branches.map((s) => scaleSeq(s, w)) };
    case 'residual':
      return { ...b, body: scaleSeq(b.body, w) };
  }
}

const scaleSeq = (s: Seq, w: number): Seq => ({ ...s, items: s.items.map((i) => scaleBlock(i, w)) });

export function applyWidth(spec: NetworkSpec, width: number): NetworkSpec {
  if (!(width > 0)) throw new Error(`width multiplier must be positive, got ${width}`);
  const mod = (m: Module): Module => ({ ...m, body: scaleBlock(m.body, width) });
  const aux = (a: AuxHead): AuxHead => ({ ...a, body: scaleSeq(a.body, width) });
  return {
    ...spec,
    variant: { ...spec.variant, width },
    stages: spec.stages.map((s) => ({ ...s, modules: s.modules.map(mod) })),
    aux: spec.aux.map(aux),
  };
}
