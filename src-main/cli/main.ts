/** Entry of the `inception-explorer` CLI (bin/inception-explorer.mjs runs it under tsx). */
import { runCli } from './program.js';

runCli().then((code) => {
  if (code !== 0) process.exitCode = code;
});
