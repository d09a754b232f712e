/**
 * What the Browse view needs from the engine, as a small interface: the app passes an adapter over
 * the shared `api`; tests and the benchmark pass fixtures. Answers are cached by their parameters.
 */
import type { Analysis } from '../../../src-main/shared/analysis-types';
import type { AnalyseParams, OnnxExportResult, PaperTable } from '../../../src-main/shared/protocol/index';
import type { FlavourId, NetworkId } from '../../../src-main/shared/spec';

/** network.analyse's parameters. */
export type AnalyseRequest = AnalyseParams;

export interface ZooItem {
  id: NetworkId;
  title: string;
  flavours: FlavourId[];
  defaultFlavour: FlavourId;
  defaultInput: number;
  defaultClasses: number;
  notes?: string;
}

/** A paper table (GoogLeNet Table 1 and friends): printed and computed cells side by side. */
export type PaperTableData = PaperTable;

/** Networks with a paper table ('paper.table' ids). */
export const PAPER_TABLE_NETWORKS: NetworkId[] = ['googlenet', 'inception_v2', 'inception_v4'];

/** What the graph toolbar's "ONNX" button asks for: the variant on screen, with or without aux heads. */
export interface OnnxExportRequest {
  network: AnalyseRequest;
  includeAux: boolean;
}

export interface BrowseData {
  zoo(): Promise<ZooItem[]>;
  analyse(req: AnalyseRequest): Promise<Analysis>;
  /** Absent when the engine has no paper tables for this network. */
  paperTable?(id: NetworkId): Promise<PaperTableData | undefined>;
  /** The network with its current weights as an .onnx file; absent where there is no engine (fixtures). */
  exportOnnx?(req: OnnxExportRequest): Promise<OnnxExportResult>;
}

/** Wraps a BrowseData so identical requests share one answer. */
export function cached(d: BrowseData): BrowseData {
  const analyses = new Map<string, Promise<Analysis>>();
  const tables = new Map<string, Promise<PaperTableData | undefined>>();
  let zoo: Promise<ZooItem[]> | undefined;
  const out: BrowseData = {
    zoo: () => (zoo ??= d.zoo().catch((e) => ((zoo = undefined), Promise.reject(e)))),
    analyse: (req) => {
      const key = JSON.stringify([
        req.id,
        req.flavour ?? '',
        req.width ?? 1,
        req.input ?? 0,
        req.classes ?? 0,
        !!req.extraAux,
      ]);
      let p = analyses.get(key);
      if (!p) {
        p = d.analyse(req);
        analyses.set(key, p);
        p.catch(() => analyses.delete(key));
      }
      return p;
    },
  };
  // Exports are not cached: the weights behind the same variant change (loaded, trained).
  if (d.exportOnnx) out.exportOnnx = d.exportOnnx.bind(d);
  const pt = d.paperTable?.bind(d);
  if (pt) {
    out.paperTable = (id) => {
      let p = tables.get(id);
      if (!p) {
        p = pt(id);
        tables.set(id, p);
        p.catch(() => tables.delete(id));
      }
      return p;
    };
  }
  return out;
}
