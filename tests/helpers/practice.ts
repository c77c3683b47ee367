/**
 * A fixture practice track for task-api (tests/fixtures/templates/task-api/practice): two small
 * exercises, so the generator's practice side is tested whether or not a real track exists.
 */
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, tempDir } from './cli.js';

export const FIXTURE_TEMPLATES = join(ROOT, 'tests/fixtures/templates');

/**
 * A copy of the built package (bin, dist, templates) whose task-api has the fixture track in
 * place of any real one; returns its bin script. Run `npm run build` first (npm test does).
 */
export function packageWithFixtureTrack(): string {
  const dir = tempDir('cbp-fixture-package-');
  for (const entry of ['bin', 'dist', 'templates', 'package.json']) cpSync(join(ROOT, entry), join(dir, entry), { recursive: true });
  const practice = join(dir, 'templates/task-api/practice');
  rmSync(practice, { recursive: true, force: true });
  mkdirSync(practice, { recursive: true });
  cpSync(join(FIXTURE_TEMPLATES, 'task-api/practice'), practice, { recursive: true });
  return join(dir, 'bin/create-backend-practice.js');
}

/** The built package with `template`'s practice track removed: a template without a track, whatever templates/ holds. */
export function packageWithoutTrack(template: string): string {
  const dir = tempDir('cbp-no-track-package-');
  for (const entry of ['bin', 'dist', 'templates', 'package.json']) cpSync(join(ROOT, entry), join(dir, entry), { recursive: true });
  rmSync(join(dir, 'templates', template, 'practice'), { recursive: true, force: true });
  return join(dir, 'bin/create-backend-practice.js');
}
