/**
 * Generator speed and size against create-vite (pinned in .ci/tools), both run as `node <bin>`,
 * alternating runs so background load hits both alike. Prints figures; asserts nothing.
 *   npm run bench:cli [-- --runs 15]
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { execa } from 'execa';
import { REPO } from '../verify/environment.js';
import { median, printTable } from './figures.js';

const TOOLS = join(REPO, '.ci/tools/node_modules');
const { values } = parseArgs({ options: { runs: { type: 'string', default: '15' } } });
const runs = Number(values.runs);

const contenders = {
  'create-backend-practice': (dir: string) => [
    join(REPO, 'bin/create-backend-practice.js'),
    join(dir, 'demo'),
    '--template',
    'task-api',
    '--mode',
    'complete',
    '--yes',
    '--no-install',
    '--no-git',
  ],
  'create-vite': (dir: string) => [join(TOOLS, 'create-vite/index.js'), 'demo', '--template', 'vanilla-ts', '--no-interactive'],
};

await execa('npm', ['run', 'build'], { cwd: REPO });
const times: Record<string, number[]> = { 'create-backend-practice': [], 'create-vite': [] };
for (let i = 0; i < runs; i++) {
  for (const [name, args] of Object.entries(contenders)) {
    const dir = await mkdtemp(join(tmpdir(), 'bench-cli-'));
    const started = process.hrtime.bigint();
    await execa('node', args(dir), { cwd: dir, env: { npm_config_user_agent: 'npm/11 node/v20' } });
    times[name]?.push(Number(process.hrtime.bigint() - started) / 1e6);
    await rm(dir, { recursive: true, force: true });
  }
}

const oursMs = median(times['create-backend-practice'] ?? []);
const theirsMs = median(times['create-vite'] ?? []);
console.log(`\nGenerate one project (${runs} alternating runs each, median wall time)`);
printTable(
  ['tool', 'median ms', 'min ms', 'max ms'],
  Object.entries(times).map(([name, list]) => [
    name,
    median(list).toFixed(0),
    Math.min(...list).toFixed(0),
    Math.max(...list).toFixed(0),
  ]),
);
console.log(`ratio create-backend-practice / create-vite: ${(oursMs / theirsMs).toFixed(2)} (target ≤ 0.80)`);

// Both sizes from `npm pack --dry-run`: ours from this repository, create-vite's from the registry.
const WORK_DIR = await mkdtemp(join(tmpdir(), 'bench-pack-'));
const { stdout: packJson } = await execa('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: REPO });
const [ours] = JSON.parse(packJson) as { size: number; unpackedSize: number; entryCount: number }[];
const viteVersion = JSON.parse(await readFile(join(TOOLS, 'create-vite/package.json'), 'utf8')).version as string;
const { stdout: viteJson } = await execa('npm', ['pack', `create-vite@${viteVersion}`, '--dry-run', '--json'], { cwd: WORK_DIR });
const [vite] = JSON.parse(viteJson) as { size: number; unpackedSize: number; entryCount: number }[];
const runtimeDeps = async (dir: string) =>
  Object.keys(JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')).dependencies ?? {}).length;
if (!ours || !vite) throw new Error('npm pack printed nothing');
console.log('\nPackage size');
printTable(
  ['package', 'packed kB', 'unpacked kB', 'files', 'runtime deps'],
  [
    ['create-backend-practice', (ours.size / 1024).toFixed(1), (ours.unpackedSize / 1024).toFixed(1), String(ours.entryCount), String(await runtimeDeps(REPO))],
    [`create-vite ${viteVersion}`, (vite.size / 1024).toFixed(1), (vite.unpackedSize / 1024).toFixed(1), String(vite.entryCount), String(await runtimeDeps(join(TOOLS, 'create-vite')))],
  ],
);
