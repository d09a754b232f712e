/** Glossary term ids, in the order the glossary page lists them. Names and definitions live in i18n. */
export const TERMS = [
  'stem',
  'inception-module',
  'conv-1x1',
  'nin',
  'dimension-reduction',
  'pool-proj',
  'concat',
  'mac',
  'params',
  'receptive-field',
  'grid',
  'sparsity',
  'aux-classifier',
  'bn',
  'bn-auxiliary',
  'factorisation',
  'asymmetric-conv',
  'grid-reduction',
  'representational-bottleneck',
  'label-smoothing',
  'rmsprop',
  'valid-padding',
  'reduction-a',
  'reduction-b',
  'residual-connection',
  'filter-expansion',
  'residual-scaling',
  'top5',
] as const;
export type TermId = (typeof TERMS)[number];

export function isTerm(x: string): x is TermId {
  return (TERMS as readonly string[]).includes(x);
}

export function termKeys(id: TermId): { name: `term.${TermId}.name`; def: `term.${TermId}.def` } {
  return { name: `term.${id}.name`, def: `term.${id}.def` };
}
