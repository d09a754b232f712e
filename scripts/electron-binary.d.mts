/** Path of Electron's binary if this machine has one, else undefined. */
export function electronBinary(root?: string): string | undefined;
