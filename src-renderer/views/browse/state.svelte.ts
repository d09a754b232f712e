/**
 * The Browse view's state, shared by the graph, side panel, table, figures and compare tabs.
 * Analyses are kept raw (not deeply reactive): they are large and never mutated.
 */
import type { Analysis } from '../../../src-main/shared/analysis-types';
import type { FlavourId, NetworkId } from '../../../src-main/shared/spec';
import { membership, moduleRuns, runId } from '../../lib/layout/visible-graph';
import type { BrowseData, ZooItem } from './data';
import { setOf, without, withAdded } from './sets';
import { indexOf } from '../../../src-main/shared/analysis-index';

export type Convention = 'pytorch' | 'keras';
export type Tab = 'network' | 'figures' | 'compare';
export type FigureVariant = 'module' | 'naive' | 'fig9';

export interface FigureTarget {
  network: NetworkId;
  flavour?: FlavourId;
  module: string;
  variant: FigureVariant;
}

export class BrowseState {
  readonly data: BrowseData;
  zoo = $state.raw<ZooItem[]>([]);
  tab = $state<Tab>('network');
  network = $state<NetworkId>('inception_v3');
  flavour = $state<FlavourId | undefined>(undefined);
  width = $state(1);
  classes = $state(1000);
  extraAux = $state(false);
  /** Training graph: aux heads drawn, counted in the table. */
  training = $state(false);
  convention = $state<Convention>('pytorch');
  /** Lay a long graph out in side-by-side columns: the default overview, since a 400-layer chain fits as a hairline. */
  wrap = $state(true);
  /** Only the graph: no layer table, no side panel. */
  graphOnly = $state(false);
  analysis = $state.raw<Analysis | undefined>(undefined);
  loading = $state(false);
  error = $state<string | undefined>(undefined);
  expanded = $state.raw<ReadonlySet<string>>(setOf([]));
  unfolded = $state.raw<ReadonlySet<string>>(setOf([]));
  /** Selected analysis node id, module/aux group id, or run id. */
  selected = $state<string | undefined>(undefined);
  /** The box last expanded or collapsed, kept in place by the transition. */
  toggled = $state<string | undefined>(undefined);
  /** Bumped when the graph should scroll the selection into view. */
  focusTick = $state(0);
  /** Module shown in the figure tab: [network, flavour, module id]. */
  figure = $state.raw<FigureTarget | undefined>(undefined);
  compareWith = $state<NetworkId>('inception_resnet_v2');
  /** The graph's camera, kept (not reactive) so a re-mounted graph comes back where it was. */
  camera: { network: string; x: number; y: number; k: number; ox: number; oy: number } | undefined;
  private request = 0;

  constructor(data: BrowseData) {
    this.data = data;
  }

  entry(): ZooItem | undefined {
    return this.zoo.find((z) => z.id === this.network);
  }

  async loadZoo(): Promise<void> {
    this.zoo = await this.data.zoo();
  }

  /** (Re)analyses the current network with the current knobs; keeps the expand state when the network is the same. */
  async load(resetView = false): Promise<void> {
    const id = ++this.request;
    this.loading = true;
    this.error = undefined;
    try {
      const a = await this.data.analyse({
        id: this.network,
        ...(this.flavour ? { flavour: this.flavour } : {}),
        width: this.width,
        classes: this.classes,
        extraAux: this.extraAux,
      });
      if (id !== this.request) return;
      if (resetView || !this.analysis || this.analysis.spec.id !== a.spec.id) {
        this.expanded = setOf([]);
        this.unfolded = setOf([]);
        this.selected = undefined;
        this.toggled = undefined;
      }
      this.analysis = a;
    } catch (e) {
      if (id === this.request) this.error = e instanceof Error ? e.message : String(e);
    } finally {
      if (id === this.request) this.loading = false;
    }
  }

  setNetwork(id: NetworkId): void {
    this.network = id;
    this.flavour = undefined;
    void this.load(true);
  }

  /** Expands a module or aux head, or unfolds a run. */
  expand(id: string): void {
    const a = this.analysis;
    if (!a) return;
    if (id.startsWith('run:')) {
      this.unfolded = withAdded(this.unfolded, id);
    } else if (
      a.groups.some((g) => g.id === id && (g.kind === 'module' || g.kind === 'aux') && g.nodes.length > 1)
    ) {
      // A module inside a folded run cannot open in place: unfold the run too.
      const run = moduleRuns(a).find((r) => r.modules.length > 1 && r.modules.some((m) => m.id === id));
      if (run && !this.unfolded.has(run.id)) this.unfolded = withAdded(this.unfolded, run.id);
      this.expanded = withAdded(this.expanded, id);
    } else return;
    this.toggled = id;
  }

  /** Collapses an open module/head, or folds the run a module belongs to. Returns the box now shown. */
  collapse(id: string): string | undefined {
    const a = this.analysis;
    if (!a) return undefined;
    if (this.expanded.has(id)) {
      this.expanded = without(this.expanded, id);
      this.toggled = id;
      return id;
    }
    const run = moduleRuns(a).find((r) => r.modules.length > 1 && r.modules.some((m) => m.id === id));
    if (run && this.unfolded.has(run.id)) {
      this.unfolded = without(this.unfolded, run.id);
      this.expanded = without(this.expanded, ...run.modules.map((m) => m.id));
      this.toggled = id;
      return run.id;
    }
    return undefined;
  }

  expandAll(): void {
    const a = this.analysis;
    if (!a) return;
    this.unfolded = setOf(moduleRuns(a).map((r) => r.id));
    this.expanded = setOf(
      a.groups
        .filter((g) => (g.kind === 'module' || g.kind === 'aux') && g.nodes.length > 1)
        .map((g) => g.id),
    );
    this.toggled = this.selected;
  }

  collapseAll(): void {
    this.unfolded = setOf([]);
    this.expanded = setOf([]);
    this.toggled = undefined;
  }

  /** Makes an analysis node or group visible as its own box (unfold its run, open its module) and selects it. */
  reveal(id: string): void {
    const a = this.analysis;
    if (!a) return;
    const { moduleOf, auxOf } = membership(a);
    const group = a.groups.find((g) => g.id === id && (g.kind === 'module' || g.kind === 'aux'));
    const isNode = indexOf(a).byId.has(id);
    const mod = group?.kind === 'module' ? group.id : isNode ? moduleOf.get(id) : undefined;
    if (mod) {
      const run = moduleRuns(a).find((r) => r.modules.length > 1 && r.modules.some((m) => m.id === mod));
      if (run && !this.unfolded.has(run.id)) this.unfolded = withAdded(this.unfolded, run.id);
    }
    const aux = isNode ? auxOf.get(id) : undefined;
    if (aux && !this.training) this.training = true;
    // A node inside a multi-node module or head needs its container open.
    const container = isNode && !group ? (mod ?? aux) : undefined;
    if (container && container !== id) {
      const g = a.groups.find((x) => x.id === container);
      if (g && g.nodes.length > 1 && !this.expanded.has(container))
        this.expanded = withAdded(this.expanded, container);
    }
    this.selected = id;
    this.focusTick++;
  }

  showFigure(module: string, variant: FigureVariant = 'module'): void {
    const a = this.analysis;
    if (!a) return;
    this.figure = { network: a.spec.id, flavour: a.spec.flavour, module, variant };
    this.tab = 'figures';
  }
}

export { runId };
