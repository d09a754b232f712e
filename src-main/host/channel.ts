/**
 * The engine's line to the main side: Electron's `process.parentPort` in a utilityProcess, or
 * Node's IPC channel (child_process.fork with serialization 'advanced') in web mode and tests.
 * Both carry structured clones, so ArrayBuffers in messages arrive as binary.
 */
import type { EngineMessage } from '../shared/protocol/index.js';

export interface ParentChannel {
  kind: 'electron' | 'node-ipc';
  send(message: EngineMessage): void;
  onMessage(listener: (message: unknown) => void): void;
  /** Called when the main side goes away. */
  onClose(listener: () => void): void;
}

/** The subset of Electron's ParentPort we use; declared here so the engine never imports electron. */
interface ElectronParentPort {
  on(event: 'message', listener: (e: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

export function parentChannel(): ParentChannel {
  const parentPort = (process as unknown as { parentPort?: ElectronParentPort }).parentPort;
  if (parentPort) {
    return {
      kind: 'electron',
      send: (m) => parentPort.postMessage(m),
      onMessage: (l) => parentPort.on('message', (e) => l(e.data)),
      // A utility process dies with its parent; nothing to watch.
      onClose: () => {},
    };
  }
  const send = process.send?.bind(process);
  if (!send) throw new Error('The engine must be started by the app (no IPC channel to a parent process).');
  return {
    kind: 'node-ipc',
    send: (m) => {
      if (process.connected) send(m);
    },
    onMessage: (l) => process.on('message', l),
    onClose: (l) => process.on('disconnect', l),
  };
}
