/** Option parsers shared by CLI commands; they throw commander's InvalidArgumentError with a clear message. */
import { InvalidArgumentError, type Command } from 'commander';
import { BACKEND_NAMES, type BackendName } from '../shared/protocol/index.js';

export function parseBackend(raw: string): BackendName {
  if ((BACKEND_NAMES as readonly string[]).includes(raw)) return raw as BackendName;
  throw new InvalidArgumentError(`must be one of ${BACKEND_NAMES.join(', ')}.`);
}

export function parsePort(raw: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new InvalidArgumentError('must be a whole number from 0 to 65535.');
  return n;
}

export function parsePositiveInt(raw: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('must be a positive whole number.');
  return n;
}

export function parsePositiveNumber(raw: string): number {
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('must be a positive number.');
  return n;
}

/** The reduced-variant options every command that builds a network takes: --flavour, --width, --input. */
export function variantOptions(cmd: Command): Command {
  return cmd
    .option('-f, --flavour <flavour>', "paper, released or torchvision (default: the network's default)")
    .option('--width <w>', 'width multiplier, e.g. 0.125', parsePositiveNumber)
    .option('--input <size>', 'square input size in pixels', parsePositiveInt);
}
