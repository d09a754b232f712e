/**
 * P4 Table 1: Reduction-A's k, l, m, n for the three networks, printed beside what each network's
 * spec actually builds (read off the convs of its Reduction-A module).
 */
import { buildNetwork } from '../../zoo/index.js';
import type { Block } from '../../shared/spec.js';
import { analyse } from '../analyse.js';
import { fmtM } from './format.js';
import type { PaperTable, PaperTableRow } from './types.js';
import { V4_TABLE1_PRINTED } from '../../shared/paper-printed.js';

// P4 Table 1 as printed: shared/paper-printed.ts, which the lessons quote too.
export { V4_TABLE1_PRINTED };

/** Conv filter counts along a branch, in order. */
function convFilters(b: Block): number[] {
  if ('op' in b) return b.op === 'conv' && typeof b.filters === 'number' ? [b.filters] : [];
  if (b.kind === 'seq') return b.items.flatMap(convFilters);
  if (b.kind === 'concat') return b.branches.flatMap(convFilters);
  return convFilters(b.body);
}

export function v4Table(): PaperTable {
  const rows: PaperTableRow[] = V4_TABLE1_PRINTED.map((p) => {
    const a = analyse(buildNetwork(p.network));
    const mod = a.spec.stages.flatMap((s) => s.modules).find((m) => m.type === 'Reduction-A');
    if (!mod || !('kind' in mod.body) || mod.body.kind !== 'concat') {
      throw new Error(`${p.network} has no Reduction-A concat module`);
    }
    const branches = mod.body.branches.map(convFilters);
    const n = branches.find((f) => f.length === 1)?.[0] ?? null;
    const [k, l, m] = branches.find((f) => f.length === 3) ?? [null, null, null];
    const g = a.groups.find((x) => x.id === mod.name)!;
    const row: PaperTableRow = {
      cells: {
        network: p.label,
        flavour: a.spec.flavour,
        k: p.k,
        l: p.l,
        m: p.m,
        n: p.n,
        kSpec: k ?? null,
        lSpec: l ?? null,
        mSpec: m ?? null,
        nSpec: n,
        output: `${g.outShape.join('×')} (= ${g.inShape.at(-1)} + n + m)`,
        params: g.params.pytorch,
        macs: fmtM(g.macs),
      },
      groups: [mod.name],
    };
    const same = k === p.k && l === p.l && m === p.m && n === p.n;
    if (!same)
      row.note = `The spec builds k, l, m, n = ${k}, ${l}, ${m}, ${n}, not the printed ${p.k}, ${p.l}, ${p.m}, ${p.n}.`;
    return row;
  });
  return {
    id: 'inception_v4',
    network: 'inception_v4',
    flavour: 'released',
    title: 'The number of filters of the Reduction-A module for the three Inception variants',
    source: { paper: 'P4', figure: 'Table 1' },
    columns: [
      { key: 'network', label: 'Network', source: 'paper' },
      { key: 'flavour', label: 'flavour', source: 'spec' },
      { key: 'k', label: 'k', source: 'paper' },
      { key: 'l', label: 'l', source: 'paper' },
      { key: 'm', label: 'm', source: 'paper' },
      { key: 'n', label: 'n', source: 'paper' },
      { key: 'kSpec', label: 'k (spec)', source: 'spec' },
      { key: 'lSpec', label: 'l (spec)', source: 'spec' },
      { key: 'mSpec', label: 'm (spec)', source: 'spec' },
      { key: 'nSpec', label: 'n (spec)', source: 'spec' },
      { key: 'output', label: 'output (computed)', source: 'computed' },
      { key: 'params', label: 'params (computed)', source: 'computed' },
      { key: 'macs', label: 'MACs (computed)', source: 'computed' },
    ],
    rows,
    notes: [
      'Reduction-A (Figure 7): 3×3 max pool /2 · 3×3 conv n /2 · 1×1 k → 3×3 l → 3×3 m /2, all valid; output depth = input + n + m.',
      'Each network is built in its default flavour; k, l, m, n (spec) are read off the convs of its Reduction-A module.',
    ],
  };
}
