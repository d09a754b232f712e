/**
 * The paper tables the app and the CLI reproduce from the specs: P1 (GoogLeNet) Table 1,
 * P3 (Rethinking) Table 1 and P4 Table 1, each with printed and computed columns side by side.
 */
import { googlenetTable } from './paper-tables/googlenet.js';
import { rethinkingTable } from './paper-tables/rethinking.js';
import type { PaperTable, PaperTableId } from './paper-tables/types.js';
import { v4Table } from './paper-tables/v4.js';

export type {
  Cell,
  PaperTable,
  PaperTableColumn,
  PaperTableId,
  PaperTableRow,
} from './paper-tables/types.js';
export { GOOGLENET_PRINTED } from './paper-tables/googlenet.js';
export { RETHINKING_PRINTED } from './paper-tables/rethinking.js';
export { V4_TABLE1_PRINTED } from './paper-tables/v4.js';

export const PAPER_TABLE_IDS: PaperTableId[] = ['googlenet', 'inception_v2', 'inception_v4'];

export const isPaperTableId = (s: string): s is PaperTableId => (PAPER_TABLE_IDS as string[]).includes(s);

export function paperTable(id: PaperTableId): PaperTable {
  switch (id) {
    case 'googlenet':
      return googlenetTable();
    case 'inception_v2':
      return rethinkingTable();
    case 'inception_v4':
      return v4Table();
  }
}
