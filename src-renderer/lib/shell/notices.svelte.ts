/**
 * Toasts for the whole app. Views report failed requests with `notifyError(e)`: a ProtocolError
 * shows its code, message and (folded) detail; cancellations are not errors and are ignored.
 */
import { toApiError, type ApiError } from '../../../src-main/shared/protocol/index.js';

export type NoticeKind = 'error' | 'warn' | 'info';

export interface Notice {
  id: number;
  kind: NoticeKind;
  title: string;
  message: string;
  code?: string;
  detail?: string;
  /** A structured engine error: Notices.svelte words it in the current language (error-text.ts). */
  error?: ApiError;
}

const items = $state<Notice[]>([]);
let nextId = 1;

export const notices = {
  get items(): readonly Notice[] {
    return items;
  },
};

/** Shows a notice; info and warnings fade after `timeoutMs` (default 10 s), errors stay until dismissed. */
export function notify(n: Omit<Notice, 'id'>, opts: { timeoutMs?: number } = {}): number {
  const id = nextId++;
  items.push({ ...n, id });
  const timeout = opts.timeoutMs ?? (n.kind === 'error' ? 0 : 10_000);
  if (timeout > 0) setTimeout(() => dismiss(id), timeout);
  return id;
}

export function dismiss(id: number): void {
  const i = items.findIndex((n) => n.id === id);
  if (i >= 0) items.splice(i, 1);
}

/** Shows a failed request as an error notice. Returns the notice id, or null for a cancellation. */
export function notifyError(e: unknown, title?: string): number | null {
  const err = toApiError(e);
  if (err.code === 'cancelled') return null;
  // An empty title means the generic one, in whatever language is on when it renders.
  return notify({
    kind: 'error',
    title: title ?? '',
    message: err.message,
    code: err.code,
    detail: err.detail,
    error: err,
  });
}
