/** A training engine text in the user's language, or the engine's English when there is no sentence for it. */
import type { TextMsg } from '../../../src-main/shared/protocol/index.js';
import { t } from '../../i18n/i18n.svelte.js';
import { engineKey } from './engine-key.js';

export function engineText(msg: TextMsg | null | undefined, english: string): string {
  const key = engineKey(msg);
  return key && msg ? t(key, msg.params) : english;
}
