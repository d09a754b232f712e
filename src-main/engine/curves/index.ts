/** Imported curves (tfevents, CSV) and curve export: the engine side of the Training view's files. */
export * from './types.js';
export { importCurves, detectFormat } from './import.js';
export { ImportStore, importsDir, summarise } from './store.js';
export { appRunCurves, importedRunCurves, curvesToCsv } from './export.js';
export { crc32c, maskedCrc32c } from './crc32c.js';
