/**
 * `getApi()`: the app's engine connection (created on first use, IPC in Electron, WebSocket in
 * web mode). Tests and stories can install their own with `setApi`.
 */
import { createApi } from './create.js';
import { electronBridge, ipcTransport } from './ipc.js';
import type { Api } from './types.js';
import { websocketTransport } from './websocket.js';

export type { Api, ApiStatus, ConnectionStatus, RequestOptions, Transport } from './types.js';
export { createApi } from './create.js';
export { ProtocolError } from '../../../src-main/shared/protocol/index.js';

let instance: Api | null = null;

export function getApi(): Api {
  if (!instance) {
    const bridge = electronBridge();
    instance = createApi(bridge ? ipcTransport(bridge) : websocketTransport());
  }
  return instance;
}

export function setApi(api: Api | null): void {
  instance = api;
}
