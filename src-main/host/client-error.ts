/**
 * What a thrown value may tell the client. Errors the app means (ProtocolError, and the engine's own
 * error types that slipped through a handler) keep their sentence; anything else is a bug, and the
 * client gets only "internal error #a1b2c3" while the stack goes to the engine log under that number.
 * No absolute path of the machine leaves the engine: in every message, detail and param, a path
 * becomes its last part (a stack or an ENOENT would otherwise name the user's folders).
 */
import { randomBytes } from 'node:crypto';
import { FileAccessError } from '../engine/fs/safe-file.js';
import { isRecord } from '../shared/protocol/errors.js';
import { ProtocolError, type ApiError, type ErrorCode } from '../shared/protocol/index.js';
import type { ErrorLog } from './error-log.js';

/** A short reference the user can quote and find in the log. */
export function errorRef(): string {
  return randomBytes(3).toString('hex');
}

// An absolute POSIX path (/a/b, at least two parts) or a Windows drive path (C:\a\b, C:/a/b), when it
// starts a word or follows a quote, bracket or '='. URLs (https://x/y) are left alone: ':' precedes them.
const POSIX_PATH = /(^|[\s'"`(<[=])(\/(?:[^\s'"`()<>[\]/]+\/)+)([^\s'"`()<>[\],;]*)/g;
const WINDOWS_PATH = /(^|[\s'"`(<[=])([A-Za-z]:[\\/](?:[^\s'"`()<>[\]\\/]+[\\/])*)([^\s'"`()<>[\],;\\/]*)/g;

/** Replaces each absolute path in a text by its last part ('/home/u/w/x.h5' → 'x.h5'). */
export function redactPaths(text: string): string {
  return text
    .replace(POSIX_PATH, (_m, pre: string, _dir: string, last: string) => `${pre}${last || '…'}`)
    .replace(WINDOWS_PATH, (_m, pre: string, _dir: string, last: string) => `${pre}${last || '…'}`);
}

/** Stack traces name the engine's own files and the user's; they go to the log, never to the client. */
function looksLikeStack(text: string): boolean {
  return /\n\s+at\s/.test(text);
}

const FILE_ACCESS_CODE: Record<FileAccessError['code'], ErrorCode> = {
  outside: 'bad_request',
  not_regular: 'bad_request',
  unreadable: 'bad_request',
  not_found: 'not_found',
  too_large: 'too_large',
};

function redactApiError(e: ApiError): ApiError {
  const params = e.params
    ? Object.fromEntries(
        Object.entries(e.params).map(([k, v]) => [k, typeof v === 'string' ? redactPaths(v) : v]),
      )
    : undefined;
  return {
    code: e.code,
    message: redactPaths(e.message),
    ...(e.detail === undefined ? {} : { detail: redactPaths(e.detail) }),
    ...(params === undefined ? {} : { params }),
  };
}

export interface ErrorContext {
  method: string;
  id: number;
}

/** The ApiError sent to the client for a value a handler threw; logs what the client must not see. */
export function clientError(e: unknown, ctx: ErrorContext, log: ErrorLog): ApiError {
  if (e instanceof ProtocolError) {
    const out = e.toJSON();
    if (out.detail !== undefined && looksLikeStack(out.detail)) {
      const ref = errorRef();
      log.write(`[${new Date().toISOString()}] #${ref} ${ctx.method} (request ${ctx.id}): ${out.detail}`);
      out.detail = `The engine log has the details under #${ref}.`;
    }
    return redactApiError(out);
  }
  if (isRecord(e) && e.name === 'AbortError')
    return { code: 'cancelled', message: 'The request was cancelled.' };
  if (e instanceof FileAccessError)
    return redactApiError({ code: FILE_ACCESS_CODE[e.code], message: e.message });
  const ref = errorRef();
  const text = e instanceof Error ? (e.stack ?? `${e.name}: ${e.message}`) : String(e);
  log.write(
    `[${new Date().toISOString()}] internal error #${ref} in ${ctx.method} (request ${ctx.id}):\n${text}`,
  );
  return {
    code: 'internal',
    message: `Internal error #${ref} in ${ctx.method}; the details are in ${log.where}. Please report it with this number.`,
    params: { kind: 'ref', ref, method: ctx.method },
  };
}
