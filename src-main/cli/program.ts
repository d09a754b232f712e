/**
 * The `inception-explorer` command line. Each command lives in commands/<name>.ts and exports
 * `register(program)`; add it to COMMANDS below.
 */
import { Command, CommanderError } from 'commander';
import { appVersion } from '../app-info.js';
import { ProtocolError } from '../shared/protocol/index.js';
import * as backends from './commands/backends.js';
import * as exportOnnx from './commands/export-onnx.js';
import * as exportTraining from './commands/export-training.js';
import * as infer from './commands/infer.js';
import * as open from './commands/open.js';
import * as paperTable from './commands/paper-table.js';
import * as serve from './commands/serve.js';
import * as summary from './commands/summary.js';
import * as train from './commands/train.js';
import * as weights from './commands/weights.js';
import * as zoo from './commands/zoo.js';

/** In the order `--help` lists them. */
const COMMANDS: { register(program: Command): void }[] = [
  zoo,
  summary,
  paperTable,
  exportOnnx,
  infer,
  weights,
  train,
  exportTraining,
  backends,
  serve,
  open,
];

export function buildProgram(): Command {
  const program = new Command('inception-explorer')
    .description('Browse, run, train and teach the Inception family of CNNs')
    .version(appVersion())
    .showHelpAfterError()
    .exitOverride();
  for (const c of COMMANDS) c.register(program);
  return program;
}

/** Runs the CLI; resolves to an exit code. Long-running commands (serve) keep the process alive. */
export async function runCli(argv = process.argv): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode; // commander has printed the message
    if (e instanceof ProtocolError)
      console.error(`error (${e.code}): ${e.message}${e.detail ? `\n${e.detail}` : ''}`);
    else console.error(`error: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}
