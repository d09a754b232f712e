/** What the preload exposes to the page as `window.inceptionShell` (kept tiny on purpose). */
export interface ShellBridge {
  readonly shell: 'electron';
  /** Asks the main process for a MessagePort to the engine; it arrives as a window message. */
  connect(): void;
}

/** The window message type carrying that port. */
export const ENGINE_PORT_MESSAGE = 'inception-engine-port';
