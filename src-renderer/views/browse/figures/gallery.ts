/** The figure gallery: every distinct module figure of the networks, in paper order, plus the derived ones. */
import type { Analysis } from '../../../../src-main/shared/analysis-types';
import type { FlavourId, NetworkId } from '../../../../src-main/shared/spec';
import type { FigureVariant } from '../state.svelte';
import { figureRefOf, isGridReduction, isNaiveable, refText } from './figure-model';
import { enTr, type Tr } from '../../../i18n/plain';

/** Which form of each network the gallery draws: the papers' forms, plus the released v3 and IR-v2. */
export const GALLERY_SOURCES: { id: NetworkId; flavour: FlavourId }[] = [
  { id: 'googlenet', flavour: 'paper' },
  { id: 'bn_inception', flavour: 'paper' },
  { id: 'inception_v2', flavour: 'paper' },
  { id: 'inception_v3', flavour: 'released' },
  { id: 'inception_v4', flavour: 'paper' },
  { id: 'inception_resnet_v1', flavour: 'paper' },
  { id: 'inception_resnet_v2', flavour: 'paper' },
  { id: 'inception_resnet_v2', flavour: 'released' },
];

export interface GalleryEntry {
  key: string;
  network: NetworkId;
  flavour: FlavourId;
  networkTitle: string;
  module: string;
  variant: FigureVariant;
  title: string;
  ref: string;
}

export function galleryEntries(analyses: Analysis[], tr: Tr = enTr): GalleryEntry[] {
  const out: GalleryEntry[] = [];
  const done = new Set<string>();
  for (const a of analyses) {
    // The same form twice (the picked network is also a gallery source) is listed once.
    if (done.has(`${a.spec.id}.${a.spec.flavour}`)) continue;
    done.add(`${a.spec.id}.${a.spec.flavour}`);
    const seen = new Set<string>();
    let fig9 = false;
    const push = (module: string, variant: FigureVariant, title: string, ref: string) =>
      out.push({
        key: `${a.spec.id}.${a.spec.flavour}.${module}.${variant}`,
        network: a.spec.id,
        flavour: a.spec.flavour,
        networkTitle: a.spec.title,
        module,
        variant,
        title,
        ref,
      });
    for (const g of a.groups) {
      if ((g.kind !== 'module' && g.kind !== 'aux') || g.nodes.length < 2) continue;
      const ref = figureRefOf(a, g);
      // One entry per printed figure (Inception-ResNet-C's last, linear block is Figure 19 too);
      // modules without a figure are told apart by their type.
      const key = ref ? `${g.kind}|${ref.paper}|${ref.figure}` : `${g.kind}|${g.type ?? g.name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (isNaiveable(a, g.id)) push(g.id, 'naive', tr('gallery.naive'), tr('gallery.naiveRef'));
      const name =
        g.kind === 'aux' ? tr('gallery.aux', { name: g.paperName ?? g.name }) : (g.paperName ?? g.name);
      push(g.id, 'module', name, refText(ref, tr));
      if (!fig9 && isGridReduction(a, g.id) && (fig9 = true))
        push(g.id, 'fig9', tr('gallery.fig9'), tr('gallery.fig9Ref'));
    }
  }
  return out;
}
