/**
 * Runs before the practice runner (`npm run practice`): the runner is TypeScript run by Node's own
 * type stripping (`--experimental-strip-types`), which Node 22.12 and later have. An older Node
 * would stop at that flag with "bad option"; this file is plain JavaScript that any Node can
 * read, so it can say what to do instead, in one line.
 */
const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  console.error(
    `The practice runner needs Node 22.12 or later (this is Node ${process.versions.node}): install Node 22 or 24 (https://nodejs.org, or \`nvm install 22\` with the .nvmrc here), then run it again.`,
  );
  process.exit(1);
}
