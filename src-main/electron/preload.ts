/**
 * The preload (sandboxed, context-isolated): exposes only `window.inceptionShell.connect()`, and
 * hands the engine MessagePort that the main process sends back to the page. No Node or
 * Electron object ever reaches the page.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { ENGINE_PORT_MESSAGE, type ShellBridge } from '../shared/bridge-types.js';
import { IPC_CONNECT, IPC_PORT } from './ipc-channels.js';

const bridge: ShellBridge = {
  shell: 'electron',
  connect: () => ipcRenderer.send(IPC_CONNECT),
};
contextBridge.exposeInMainWorld('inceptionShell', bridge);

ipcRenderer.on(IPC_PORT, (event) => {
  // MessagePorts cannot cross the context bridge; window.postMessage can transfer them. The
  // receiver is this same window (the page checks event.source), so '*' reaches no one else.
  window.postMessage({ type: ENGINE_PORT_MESSAGE }, '*', event.ports);
});
