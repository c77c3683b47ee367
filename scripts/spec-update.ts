/**
 * Regenerates the OpenAPI documents `spec` ships (templates/<template>/spec/openapi.json) from
 * what each generated project actually serves at /openapi.json:
 *   npm run spec:update                 (all templates)
 *   npm run spec:update -- task-api     (one)
 * It renders the template into .tmp/spec-update/<template> (keeping node_modules between runs),
 * builds it, boots it on a throwaway database on the local PostgreSQL (VERIFY_POSTGRES_URL) and
 * saves the served document. The pipeline (tier 8) fails when a committed copy differs from the
 * served one.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { loadLayers, loadVersions } from '../src/layers.js';
import { packageManagerCommands } from '../src/package-manager.js';
import { planProject } from '../src/plan.js';
import { findTemplate, pieceOf, TEMPLATE_NAMES } from '../src/templates.js';
import { run } from './verify/exec.js';
import { createDatabase, dropCreatedDatabases, REPO } from './verify/environment.js';
import { Log } from './verify/report.js';
import { startServer } from './verify/server.js';

const names = process.argv.slice(2).filter((arg) => arg !== '--');
const WORK = join(REPO, '.tmp/spec-update');
await mkdir(WORK, { recursive: true });

for (const name of names.length ? names : TEMPLATE_NAMES) {
  const template = findTemplate(name);
  if (!template) {
    console.error(`Unknown template "${name}". Use one of: ${TEMPLATE_NAMES.join(', ')}.`);
    process.exit(2);
  }
  const dir = join(WORK, name);
  const log = new Log(join(WORK, `${name}.log`));
  const files = planProject(
    { projectName: name, template, pm: packageManagerCommands('npm'), versions: await loadVersions(), newSecret: () => randomBytes(32).toString('base64url') },
    await loadLayers(template.layers),
  );
  await rm(join(dir, 'src'), { recursive: true, force: true }); // a file a layer dropped must not linger
  for (const file of files) {
    await mkdir(dirname(join(dir, file.path)), { recursive: true });
    await writeFile(join(dir, file.path), file.contents);
  }
  await run(log, 'npm', ['install', '--no-audit', '--no-fund'], { cwd: dir });
  await run(log, 'node', ['scripts/build.mjs'], { cwd: dir });
  // On the local PostgreSQL (a fresh database, dropped after): PGlite's first start (initdb) is slow.
  const databaseUrl = await createDatabase(`spec_update_${name}`);
  const server = await startServer(log, dir, { NODE_ENV: 'development', DATABASE_URL: databaseUrl });
  try {
    const document = (await (await fetch(`${server.baseUrl}/openapi.json`)).json()) as unknown;
    const target = join(REPO, pieceOf(name, 'spec'));
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, `${JSON.stringify(document, null, 2)}\n`);
    console.log(`${name}: wrote ${target}`);
  } finally {
    await server.stop();
    await dropCreatedDatabases();
  }
}
