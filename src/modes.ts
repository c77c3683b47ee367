/**
 * The two modes a project is generated in. `practice`: the learner builds the features, guided
 * by tests (`npm run practice`); `complete`: the finished reference project. A template has a
 * practice track when `templates/<template>/practice/track.json` exists; until then its only
 * mode is `complete`. Light on purpose (node:fs only): `--help` and `--list` load it.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { TEMPLATES_DIR } from './layers.js';

export type Mode = 'practice' | 'complete';

export interface ModeInfo {
  name: Mode;
  title: string;
  description: string;
}

/** In the order the prompt offers them: practice first. */
export const MODES: readonly ModeInfo[] = [
  {
    name: 'practice',
    title: 'Practice',
    description: 'you build the features, one exercise at a time, guided by tests, hints and solutions (npm run practice)',
  },
  {
    name: 'complete',
    title: 'Complete',
    description: 'the finished reference project, every feature written, to read, run and deploy',
  },
];

export const MODE_NAMES = MODES.map((mode) => mode.name);

export function findMode(name: string): Mode | undefined {
  return MODE_NAMES.find((mode) => mode === name);
}

/** The track file of a template, whether it exists or not. */
export function trackFile(template: string, templatesDir = TEMPLATES_DIR): string {
  return join(templatesDir, template, 'practice', 'track.json');
}

export function hasTrack(template: string, templatesDir = TEMPLATES_DIR): boolean {
  return existsSync(trackFile(template, templatesDir));
}

/** `practice` where the template has a track, `complete` otherwise. */
export function defaultMode(template: string, templatesDir = TEMPLATES_DIR): Mode {
  return hasTrack(template, templatesDir) ? 'practice' : 'complete';
}

/**
 * Practice mode's runner (`npm run practice`) is TypeScript run by Node's own type stripping,
 * which needs Node 22.12 or later; the generator itself runs on Node 20 too.
 */
export const PRACTICE_NODE = '22.12.0';

/** Whether a Node version (`process.versions.node`, e.g. `20.19.0`) can run practice mode. */
export function runsPractice(version: string): boolean {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  return major > 22 || (major === 22 && minor >= 12);
}
