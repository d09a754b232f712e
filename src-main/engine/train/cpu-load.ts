/**
 * How busy the machine's CPU is while a run trains (issue #14.5): the one-minute load average
 * (runnable threads, os.loadavg) per core. Around 1 the cores are all in use, which a group training
 * one thread per core does by itself; well above 1 other work competes with training, and steps take
 * longer than the figures the lessons quote from a quiet machine. Windows has no load average
 * (os.loadavg() gives zeros there), so no figure is reported.
 */
import { availableParallelism, cpus, loadavg } from 'node:os';

export function cpuLoadPerCore(): number | undefined {
  if (process.platform === 'win32') return undefined;
  const [one] = loadavg();
  const cores = typeof availableParallelism === 'function' ? availableParallelism() : cpus().length;
  if (!one || cores < 1) return undefined;
  return Math.round((one / cores) * 100) / 100;
}
