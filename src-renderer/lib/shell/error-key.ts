/** Which dictionary key words an engine error; pure (no runes), so unit tests and tsc can import it. */
import type { ApiError } from '../../../src-main/shared/protocol/index.js';
import { placeholders } from '../../i18n/core.js';
import { en, type MessageKey } from '../../i18n/en/index.js';

const hasKey = (key: string): key is MessageKey => Object.prototype.hasOwnProperty.call(en, key);

/**
 * The dictionary key for an error, or null when there is none whose placeholders the params fill:
 * `error.<code>.<params.kind>` first, then `error.<code>`.
 */
export function errorKey(err: Pick<ApiError, 'code' | 'params'>): MessageKey | null {
  const kind = err.params?.kind;
  const candidates =
    kind === undefined ? [`error.${err.code}`] : [`error.${err.code}.${kind}`, `error.${err.code}`];
  for (const key of candidates) {
    if (!hasKey(key)) continue;
    // A sentence whose values are missing would show `{name}`: fall back to a plainer one.
    if (placeholders(en[key]).every((p) => err.params?.[p] !== undefined)) return key;
  }
  return null;
}
