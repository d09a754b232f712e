/**
 * Where the engine writes what the client must not see: the stack of an unexpected error, with the
 * reference number the client got. The file lives in the app's data folder (logs/engine.log, only the
 * user may read it) and also goes to the engine's stderr (the terminal in web mode). Writing the log
 * must never fail a request, so a read-only disk only loses the file copy.
 */
import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { dataDir } from '../engine/train/store.js';

export interface ErrorLog {
  write(text: string): void;
  /** Where to look, in words that reveal no path of the machine. */
  readonly where: string;
}

/** Keeps one old file beside the current one, so the log cannot fill the disk. */
const MAX_LOG_BYTES = 4 * 1024 * 1024;

export function stderrLog(): ErrorLog {
  return {
    where: "the engine's error output",
    write: (text) => process.stderr.write(text.endsWith('\n') ? text : text + '\n'),
  };
}

export function engineLog(dir = join(dataDir(), 'logs'), echo = stderrLog()): ErrorLog {
  const file = join(dir, 'engine.log');
  return {
    where: 'the engine log (logs/engine.log in the app’s data folder)',
    write(text) {
      const line = text.endsWith('\n') ? text : text + '\n';
      echo.write(line);
      try {
        mkdirSync(dir, { recursive: true, mode: 0o700 });
        try {
          if (statSync(file).size > MAX_LOG_BYTES) renameSync(file, file + '.1');
        } catch {
          // no log yet
        }
        appendFileSync(file, line, { mode: 0o600 });
      } catch {
        // A read-only or full disk: the stderr copy is all we can keep.
      }
    },
  };
}
