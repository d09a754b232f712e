/** Which dictionary key words an engine error; pure (no runes), so unit tests and tsc can import it. */
import {
  isErrorCode,
  isErrorKind,
  type ApiError,
  type ErrorMessageKey,
} from '../../../src-main/shared/protocol/index.js';
import { placeholders } from '../../i18n/core.js';
import { en, type MessageKey } from '../../i18n/en/index.js';

/**
 * Compile-time check that the dictionary words every code and kind of the closed list
 * (shared/protocol/errors.ts): a code added there without its sentence names itself here.
 */
type Unworded = Exclude<ErrorMessageKey, MessageKey>;
const everyErrorIsWorded: [Unworded] extends [never] ? true : Unworded = true;
void everyErrorIsWorded;

/**
 * The dictionary key for an error, or null when there is none whose placeholders the params fill:
 * `error.<code>.<params.kind>` when the list gives that kind a sentence, then `error.<code>`.
 * A code outside the list (an engine of another version) has none: the caller shows its message.
 */
export function errorKey(err: Pick<ApiError, 'code' | 'params'>): MessageKey | null {
  const { code } = err;
  if (!isErrorCode(code)) return null;
  const kind = err.params?.kind;
  const candidates: ErrorMessageKey[] = isErrorKind(code, kind)
    ? [`error.${code}.${kind}` as ErrorMessageKey, `error.${code}`]
    : [`error.${code}`];
  for (const key of candidates) {
    // A sentence whose values are missing would show `{name}`: fall back to a plainer one.
    if (placeholders(en[key]).every((p) => err.params?.[p] !== undefined)) return key;
  }
  return null;
}
