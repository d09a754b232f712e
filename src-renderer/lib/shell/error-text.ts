/**
 * An engine error in the user's language: `error.<code>.<params.kind>`, else `error.<code>`, with
 * the error's params filled in; the engine's English message for codes the dictionary does not know.
 */
import type { ApiError } from '../../../src-main/shared/protocol/index.js';
import { t } from '../../i18n/i18n.svelte.js';
import { errorKey } from './error-key.js';

/** The sentence to show for an error. */
export function errorText(err: Pick<ApiError, 'code' | 'message' | 'params'>): string {
  const key = errorKey(err);
  return key ? t(key, err.params) : err.message;
}

/**
 * The folded detail: the engine's English message when a translated sentence replaced it (it has
 * specifics the sentence may not), then the engine's own detail.
 */
export function errorDetail(err: ApiError): string | undefined {
  const shown = errorText(err);
  const parts = [
    shown !== err.message ? `${t('error.englishDetail')}: ${err.message}` : '',
    err.detail ?? '',
  ].filter((s) => s !== '');
  return parts.length ? parts.join('\n\n') : undefined;
}
