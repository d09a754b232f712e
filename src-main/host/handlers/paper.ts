/** 'paper.table': the papers' tables reproduced from the specs (analysis/paper-tables.ts), for the Browse view. */
import { isPaperTableId, paperTable, PAPER_TABLE_IDS } from '../../analysis/paper-tables.js';
import { ProtocolError } from '../../shared/protocol/index.js';
import { paramsOf } from '../params.js';
import type { Handlers } from '../registry.js';

export function paperHandlers(): Handlers<'paper.table'> {
  return {
    'paper.table': (raw) => {
      const { id } = paramsOf('paper.table', raw);
      if (!isPaperTableId(id)) {
        throw new ProtocolError(
          'not_found',
          `No paper table for ${JSON.stringify(id)}. Tables exist for: ${PAPER_TABLE_IDS.join(', ')}.`,
        );
      }
      return paperTable(id);
    },
  };
}
