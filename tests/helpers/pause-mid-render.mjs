/**
 * Preloaded into the CLI by tests/safety.test.ts (`node --import <this file> bin/…`), so a test
 * can press Ctrl-C at a known moment while the project is being written, with no hook in the
 * CLI itself. It wraps `fs.writeFileSync`: at the tenth file written into the CLI's staging
 * directory it prints `paused mid-render` on stderr and blocks until the file named by
 * `PAUSE_MID_RENDER_UNTIL` exists. The test sends SIGINT, then creates that file: the signal is
 * already pending when the write resumes, exactly as if the user had pressed Ctrl-C mid-write.
 */
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';

const until = process.env.PAUSE_MID_RENDER_UNTIL;
const writeFileSync = fs.writeFileSync;
const tick = new Int32Array(new SharedArrayBuffer(4));
let staged = 0;

fs.writeFileSync = function pausingWriteFileSync(path, ...rest) {
  if (until && String(path).includes('.create-backend-practice-') && ++staged === 10) {
    process.stderr.write('[test] paused mid-render\n');
    while (!fs.existsSync(until)) Atomics.wait(tick, 0, 0, 20);
  }
  return writeFileSync.call(this, path, ...rest);
};
// ES module imports of node:fs (the CLI's `import { writeFileSync } from 'node:fs'`) see the change.
syncBuiltinESMExports();
