/**
 * Electron main process: one window on the built renderer (served from app://renderer with a
 * strict CSP), the engine in a utilityProcess under the supervisor, and one MessagePort per page
 * bridging the two. Security: contextIsolation, sandbox, no nodeIntegration, a two-function
 * preload, sender checks on IPC, no navigation, no new windows, no webviews, no permissions but
 * fullscreen and clipboard writing for the app's own page, no devices (policy.ts). The packaged
 * binary's fuses (electron.config.ts) turn off ELECTRON_RUN_AS_NODE, NODE_OPTIONS and --inspect.
 */
import { app, BrowserWindow, MessageChannelMain, ipcMain, net, protocol, session, shell } from 'electron';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { EngineSupervisor } from '../engine-client/supervisor.js';
import { rendererDir } from '../server/renderer-build.js';
import { contentSecurityPolicy } from '../server/security.js';
import { resolveStaticPath } from '../server/static.js';
import { utilityEngine } from './engine-process.js';
import { IPC_CONNECT, IPC_PORT } from './ipc-channels.js';
import {
  APP_ORIGIN,
  APP_SCHEME,
  backendArgs,
  devicePermissionAllowed,
  ipcMessageAcceptable,
  navigationAllowed,
  opensExternally,
  permissionAllowed,
  trustedSender,
} from './policy.js';

const here = (rel: string) => fileURLToPath(new URL(rel, import.meta.url));

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

function serveRenderer(): void {
  const root = rendererDir();
  const headers = { 'Content-Security-Policy': contentSecurityPolicy(), 'X-Content-Type-Options': 'nosniff' };
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const file = url.host === 'renderer' ? resolveStaticPath(root, url.pathname) : null;
    if (!file) return new Response('Not Found', { status: 404, headers });
    const res = await net.fetch(pathToFileURL(file).href);
    return new Response(res.body, {
      status: res.status,
      headers: { ...headers, 'Content-Type': res.headers.get('Content-Type') ?? 'application/octet-stream' },
    });
  });
}

function lockDown(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_wc, permission, callback, details) =>
    callback(permissionAllowed(permission, { url: details.requestingUrl, isMainFrame: details.isMainFrame })),
  );
  ses.setPermissionCheckHandler((_wc, permission, requestingOrigin, details) =>
    permissionAllowed(permission, {
      url: details.requestingUrl ?? requestingOrigin,
      isMainFrame: details.isMainFrame,
    }),
  );
  ses.setDevicePermissionHandler(() => devicePermissionAllowed());
  ses.setDisplayMediaRequestHandler((_request, callback) => callback(null));
  app.on('web-contents-created', (_e, contents) => {
    contents.setWindowOpenHandler(({ url }) => {
      // Links to papers and docs open in the user's browser, never in the app.
      if (opensExternally(url)) void shell.openExternal(url);
      return { action: 'deny' };
    });
    contents.on('will-navigate', (e, url) => {
      if (!navigationAllowed(url)) e.preventDefault();
    });
    contents.on('will-attach-webview', (e) => e.preventDefault());
  });
}

async function main(): Promise<void> {
  if (!app.requestSingleInstanceLock()) return app.quit();
  lockDown();
  await app.whenReady();
  serveRenderer();

  const supervisor = new EngineSupervisor(
    utilityEngine(here('../host/main.cjs'), backendArgs(process.argv)),
    {
      log: (line) => console.log(line),
    },
  );
  supervisor.start();

  ipcMain.on(IPC_CONNECT, (event) => {
    if (!trustedSender(event.senderFrame)) return;
    const { port1, port2 } = new MessageChannelMain();
    const engineSession = supervisor.connect((m) => port1.postMessage(m));
    port1.on('message', (e) => {
      if (ipcMessageAcceptable(e.data)) engineSession.handle(e.data);
      else {
        const id = (e.data as { id?: unknown } | null)?.id;
        if (typeof id === 'number')
          port1.postMessage({
            t: 'err',
            id,
            error: { code: 'bad_request', message: 'The message nests too deeply.' },
          });
      }
    });
    port1.on('close', () => engineSession.close());
    port1.start();
    event.sender.postMessage(IPC_PORT, null, [port2]);
  });

  const win = new BrowserWindow({
    width: 1400,
    height: 900,
    title: 'Inception Explorer',
    webPreferences: {
      preload: here('./preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  void win.loadURL(`${APP_ORIGIN}/index.html`);

  app.on('window-all-closed', () => {
    void supervisor.stop().finally(() => app.quit());
  });
}

void main();
