/** A translator without runes, for pure modules and their tests: English unless one is passed in. */
import { interpolate, type Params } from './core.js';
import { en, type MessageKey } from './en/index.js';

export type Tr = (key: MessageKey, params?: Params) => string;

export const enTr: Tr = (key, params) => interpolate(en[key], params);
