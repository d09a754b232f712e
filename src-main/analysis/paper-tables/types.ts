/** Paper tables reproduced from a spec: printed cells beside computed ones. JSON-serialisable. */
import type { FigureRef, FlavourId, NetworkId } from '../../shared/spec.js';

export type PaperTableId = 'googlenet' | 'inception_v2' | 'inception_v4';

export interface PaperTableColumn {
  key: string;
  label: string;
  /** 'paper': as the paper prints it; 'computed': from the spec's analysis; 'spec': read off the spec. */
  source: 'paper' | 'computed' | 'spec';
}

export type Cell = string | number | null;

export interface PaperTableRow {
  /** Cells by column key; null where the paper (or the spec) leaves the cell blank. */
  cells: Record<string, Cell>;
  /** Ids of the analysis groups (modules) this row covers. */
  groups: string[];
  /** One line, present where the printed and computed values differ. */
  note?: string;
  /** A row the paper does not print, added so the computed totals add up. */
  added?: boolean;
}

export interface PaperTable {
  id: PaperTableId;
  /** The network and flavour whose spec produced the computed columns. */
  network: NetworkId;
  flavour: FlavourId;
  title: string;
  source: FigureRef;
  columns: PaperTableColumn[];
  rows: PaperTableRow[];
  /** Table-wide notes: conventions used for the computed columns. */
  notes: string[];
}
