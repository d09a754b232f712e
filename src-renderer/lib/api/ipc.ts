/**
 * Electron's transport: the preload asks the main process for a MessagePort and hands it to this
 * page with window.postMessage; messages are structured clones, so ArrayBuffers stay binary.
 */
import { ENGINE_PORT_MESSAGE, type ShellBridge } from '../../../src-main/shared/bridge-types.js';
import type { Transport, TransportEvents } from './types.js';

declare global {
  interface Window {
    inceptionShell?: ShellBridge;
  }
}

export function electronBridge(): ShellBridge | undefined {
  return typeof window !== 'undefined' && window.inceptionShell?.shell === 'electron'
    ? window.inceptionShell
    : undefined;
}

export function ipcTransport(bridge: ShellBridge): Transport {
  let port: MessagePort | null = null;
  let queue: unknown[] = [];
  return {
    shell: 'electron',
    start(events: TransportEvents) {
      events.status('connecting');
      const onPort = (e: MessageEvent) => {
        // Only the preload, posting from this very window, hands over the port.
        if (
          e.source !== window ||
          (e.data as { type?: unknown })?.type !== ENGINE_PORT_MESSAGE ||
          !e.ports[0]
        )
          return;
        window.removeEventListener('message', onPort);
        port = e.ports[0];
        port.onmessage = (m) => events.message(m.data);
        port.start();
        events.status('open');
        for (const m of queue) port.postMessage(m);
        queue = [];
      };
      // Listen before asking, so the reply cannot arrive unheard.
      window.addEventListener('message', onPort);
      bridge.connect();
    },
    send(m) {
      if (port) port.postMessage(m);
      else queue.push(m);
    },
  };
}
