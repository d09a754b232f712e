/** IPC channel names shared by main.ts and preload.ts. */
export const IPC_CONNECT = 'engine:connect';
export const IPC_PORT = 'engine:port';
