/** Which dictionary key words an engine text; pure (no runes), so unit tests and tsc can import it. */
import type { TextMsg } from '../../../src-main/shared/protocol/index.js';
import { placeholders } from '../../i18n/core.js';
import { en, type MessageKey } from '../../i18n/en/index.js';

/**
 * The key of a training engine text, or null when the dictionary does not have it or the values do
 * not fill its placeholders (a newer engine, or a run stored before the key existed).
 */
export function engineKey(msg: TextMsg | null | undefined): MessageKey | null {
  if (!msg || !Object.prototype.hasOwnProperty.call(en, msg.key)) return null;
  const key = msg.key as MessageKey;
  return placeholders(en[key]).every((p) => msg.params?.[p] !== undefined) ? key : null;
}
