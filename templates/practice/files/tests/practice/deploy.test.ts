/**
 * The deploy exercise's two states and what the runner writes about them (scripts/practice/
 * deploy.ts, deploy-check.ts, readme.ts): ready is not deployed; deployed is recorded, with the
 * URL and the date, only after the smoke test passed at a public URL; README.md's "What I built"
 * says what the runner has seen and nothing more, and keeps every line you reworded.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RUN } from '../../scripts/practice/commands.js';
import { deployState, publicUrlProblem, statusNote, takeDeploymentUrl } from '../../scripts/practice/deploy.js';
import { finishDeployment } from '../../scripts/practice/deploy-check.js';
import { rewriteBuilt, updateWhatIBuilt } from '../../scripts/practice/readme.js';
import type { Outcome } from '../../scripts/practice/tests.js';
import { type Exercise, type Progress, readProgress } from '../../scripts/practice/track.js';

const exercise = (id: string, built: string, more: Partial<Exercise> = {}): Exercise => ({
  id,
  title: `Title of ${id}`,
  skill: 'a skill',
  goal: `The goal text of ${id}.`,
  built,
  files: [`src/${id}.ts`],
  tests: [`tests/${id}.test.ts`],
  hints: ['one', 'two'],
  ...more,
});
const track = [
  exercise('hash', 'Hashed passwords with Argon2id.'),
  exercise('routes', 'Gave the routes their status codes.'),
  exercise('deploy', 'Wrote a smoke test.', { deploys: true }),
];
const progressOf = (done: string[], deployed?: Progress['deployed']): Progress => ({
  version: 1,
  done,
  hints: {},
  ...(deployed ? { deployed } : {}),
});
const README = (block: string) =>
  `# my api\n\n## What I built\n\n<!-- practice:built:start -->\n${block}\n<!-- practice:built:end -->\n\n## My decisions\n\nMine.\n`;
/** The visible lines between the markers, without the runner's trailing comments. */
const visible = (readme: string) =>
  /<!-- practice:built:start -->\n([\s\S]*?)\n<!-- practice:built:end -->/
    .exec(readme)?.[1]
    ?.split('\n')
    .map((line) => line.replace(/ <!-- built:.*-->$/, '')) ?? [];

const passed: Outcome = { passed: 3, failed: 0, skipped: {}, failures: [] };
const failedAt: Outcome = {
  passed: 0,
  failed: 1,
  skipped: {},
  failures: [
    {
      where: 'tests/cli/smoke.test.ts',
      file: 'tests/cli/smoke.test.ts',
      message: '✗ register: answered 500',
      loadError: false,
    },
  ],
};
const quiet = { failure: () => {}, ok: String, warn: String, bold: String };
const publicDns = async () => ['203.0.113.7'];

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'practice-deploy-'));
  await writeFile(join(dir, 'README.md'), README('_Nothing yet._'));
  await mkdir(join(dir, '.practice'));
  vi.spyOn(console, 'log').mockImplementation(() => {});
});
afterEach(async () => {
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

async function saved(): Promise<{ progress: Progress; readme: string }> {
  return {
    progress: readProgress(track, dir),
    readme: await readFile(join(dir, 'README.md'), 'utf8'),
  };
}

describe('which URL is a deployment', () => {
  it.each([
    ['http://localhost:3000', 'your machine'],
    ['http://api.localhost', 'your machine'],
    ['http://127.0.0.1:3000', 'your machine'],
    ['http://[::1]:3000', 'your machine'],
    ['http://10.1.2.3', 'your machine or your network'],
    ['http://172.20.0.5:8080', 'your machine or your network'],
    ['http://192.168.1.20', 'your machine or your network'],
    ['http://169.254.169.254', 'your machine or your network'],
    ['http://[fd12::1]', 'your machine or your network'],
    ['http://my-laptop:3000', 'a name without a dot'],
    ['ftp://example.com', 'not an http(s) URL'],
    ['my-tasks.fly.dev', 'not a URL'],
  ])('%s is refused (%s)', async (url, reason) => {
    expect(await publicUrlProblem(url, publicDns)).toContain(reason);
  });

  it('a name is judged by the addresses it resolves to', async () => {
    expect(await publicUrlProblem('https://tasks.example.com', async () => ['203.0.113.7', '192.168.0.2'])).toContain(
      'resolves to 192.168.0.2',
    );
    expect(await publicUrlProblem('https://tasks.example.com', publicDns)).toBeUndefined();
    expect(await publicUrlProblem('https://198.51.100.4')).toBeUndefined();
    const unknown = async () => {
      throw new Error('ENOTFOUND');
    };
    expect(await publicUrlProblem('https://not-there.example.com', unknown)).toContain('does not resolve');
  });

  it('PRACTICE_BASE_URL is taken out of the environment, so the local run stays local', () => {
    const env: NodeJS.ProcessEnv = { PRACTICE_BASE_URL: ' https://my-tasks.fly.dev ' };
    expect(takeDeploymentUrl(env)).toBe('https://my-tasks.fly.dev');
    expect(env.PRACTICE_BASE_URL).toBeUndefined();
    expect(takeDeploymentUrl({ PRACTICE_BASE_URL: '' })).toBeUndefined();
  });
});

describe('ready, then deployed', () => {
  const deploy = track[2] as Exercise;

  it('passing the tests here is ready, not deployed: status and README say so', async () => {
    const progress = progressOf(['hash', 'routes', 'deploy']);
    await writeFile(join(dir, '.practice/progress.json'), JSON.stringify(progress));
    expect(deployState(deploy, progress)).toBe('ready');
    expect(statusNote(deploy, progress)).toMatch(/^ready, not deployed yet: PRACTICE_BASE_URL=https:\/\/… /);
    expect(await finishDeployment(track, progress, undefined, quiet, { dir })).toBe(0);
    updateWhatIBuilt(track, progress, join(dir, 'README.md'));
    const { progress: stored, readme } = await saved();
    expect(stored.deployed).toBeUndefined();
    expect(visible(readme)).toContain('- Wrote a smoke test. Not deployed yet.');
    expect(readme).not.toMatch(/deployed at|runs on the internet|live at/i);
  });

  it('is not deployed at a local URL: the smoke test does not even run, nothing is recorded', async () => {
    const smokeTest = vi.fn(async () => passed);
    for (const url of ['http://localhost:3000', 'http://192.168.1.20:3000']) {
      expect(
        await finishDeployment(track, progressOf(['hash', 'routes', 'deploy']), url, quiet, { dir, smokeTest }),
      ).toBe(1);
    }
    expect(smokeTest).not.toHaveBeenCalled();
    expect(existsSync(join(dir, '.practice/progress.json'))).toBe(false);
  });

  it('is not deployed when the smoke test fails at the public URL', async () => {
    const failure = vi.fn();
    const code = await finishDeployment(
      track,
      progressOf(['hash', 'routes', 'deploy']),
      'https://tasks.example.com',
      { ...quiet, failure },
      { dir, resolve: publicDns, smokeTest: async () => failedAt },
    );
    expect(code).toBe(1);
    expect(failure).toHaveBeenCalledWith(failedAt);
  });

  it('is recorded with the URL and the date once the smoke test passes at a public URL', async () => {
    const progress = progressOf(['hash', 'routes', 'deploy']);
    updateWhatIBuilt(track, progress, join(dir, 'README.md'));
    await writeFile(join(dir, '.practice/progress.json'), JSON.stringify(progress));
    const smokeTest = vi.fn(async () => passed);
    const url = 'https://tasks.example.com';
    expect(await finishDeployment(track, progress, url, quiet, { dir, resolve: publicDns, smokeTest })).toBe(0);
    expect(smokeTest).toHaveBeenCalledWith(deploy, url, false);
    const { progress: stored, readme } = await saved();
    const today = new Date().toISOString().slice(0, 10);
    expect(stored.deployed?.url).toBe(url);
    expect(stored.deployed?.at.slice(0, 10)).toBe(today);
    expect(statusNote(deploy, stored)).toBe(`deployed at ${url} (smoke test passed ${today})`);
    expect(visible(readme)).toContain(
      `- Wrote a smoke test. Deployed at <${url}>: the smoke test passed there on ${today}.`,
    );
    // Deployed and no new URL: nothing left to do (the runner says "All done").
    expect(await finishDeployment(track, stored, undefined, quiet, { dir })).toBeUndefined();
  });

  it('before the tests pass here, there is nothing to deploy', async () => {
    const smokeTest = vi.fn(async () => passed);
    const progress = progressOf(['hash', 'routes']);
    expect(deployState(deploy, progress)).toBe('not ready');
    expect(await finishDeployment(track, progress, 'https://tasks.example.com', quiet, { dir, smokeTest })).toBe(
      undefined,
    );
    expect(smokeTest).not.toHaveBeenCalled();
  });

  it('progress.json keeps a recorded deployment and refuses a malformed one', async () => {
    const at = '2026-12-07T10:00:00.000Z';
    await writeFile(
      join(dir, '.practice/progress.json'),
      JSON.stringify(progressOf(['hash'], { url: 'https://tasks.example.com', at })),
    );
    expect(readProgress(track, dir).deployed).toEqual({ url: 'https://tasks.example.com', at });
    for (const deployed of [{ url: 'nowhere' }, { url: 'https://tasks.example.com', at: 20261207 }, 'yes']) {
      await writeFile(join(dir, '.practice/progress.json'), JSON.stringify({ ...progressOf([]), deployed }));
      expect(() => readProgress(track, dir)).toThrow(/does not have the expected shape/);
    }
  });
});

describe('"What I built", in your words', () => {
  it('gets one first-person line per finished exercise, in track order, not the goals', () => {
    const block = rewriteBuilt('_Nothing yet._', track, progressOf(['routes', 'hash']));
    expect(visible(README(block))).toEqual([
      '- Hashed passwords with Argon2id.',
      '- Gave the routes their status codes.',
    ]);
    expect(block).not.toContain('goal text');
  });

  it('keeps a line you reworded, and lines of your own, where you put them', () => {
    const first = rewriteBuilt('', track, progressOf(['hash']));
    const reworded = first.replace(
      'Hashed passwords with Argon2id.',
      'Hashed passwords with Argon2id (m=19 MiB, t=2).',
    );
    const mine = `Some context I wrote myself.\n${reworded}\n- Also: a CSV export of my tasks.`;
    const next = rewriteBuilt(mine, track, progressOf(['hash', 'routes']));
    expect(visible(README(next))).toEqual([
      'Some context I wrote myself.',
      '- Hashed passwords with Argon2id (m=19 MiB, t=2).',
      '- Gave the routes their status codes.',
      '- Also: a CSV export of my tasks.',
    ]);
  });

  it('never overwrites a reworded deploy line, even when the deployment is recorded', () => {
    const ready = rewriteBuilt('', track, progressOf(['hash', 'routes', 'deploy']));
    const reworded = ready.replace(
      'Wrote a smoke test. Not deployed yet.',
      'Wrote a smoke test; deploying to Fly.io next.',
    );
    const deployed = progressOf(['hash', 'routes', 'deploy'], {
      url: 'https://x.example.com',
      at: '2026-12-07T10:00:00Z',
    });
    expect(visible(README(rewriteBuilt(reworded, track, deployed)))).toContain(
      '- Wrote a smoke test; deploying to Fly.io next.',
    );
    // The runner's own line follows the progress.
    expect(visible(README(rewriteBuilt(ready, track, deployed)))).toContain(
      '- Wrote a smoke test. Deployed at <https://x.example.com>: the smoke test passed there on 2026-12-07.',
    );
  });

  it("drops the runner's line of an exercise no longer done, keeps yours, and says when nothing is done", () => {
    const two = rewriteBuilt('', track, progressOf(['hash', 'routes']));
    const edited = two.replace('Gave the routes', 'I gave the routes');
    expect(visible(README(rewriteBuilt(edited, track, progressOf(['routes']))))).toEqual([
      '- I gave the routes their status codes.',
    ]);
    expect(visible(README(rewriteBuilt(two, track, progressOf([]))))).toEqual([
      `_Nothing yet: \`${RUN} practice\` starts the first exercise._`,
    ]);
  });

  it('reads and keeps Windows line endings: a reworded line is still recognised', async () => {
    const file = join(dir, 'README.md');
    await writeFile(file, README('').replaceAll('\n', '\r\n'));
    updateWhatIBuilt(track, progressOf(['hash']), file);
    const reworded = (await readFile(file, 'utf8')).replace('Hashed passwords with Argon2id.', 'I hashed passwords.');
    await writeFile(file, reworded);
    updateWhatIBuilt(track, progressOf(['hash', 'routes']), file);
    const readme = await readFile(file, 'utf8');
    expect(readme.replaceAll('\r\n', '')).not.toContain('\n');
    expect(visible(readme.replaceAll('\r\n', '\n'))).toEqual([
      '- I hashed passwords.',
      '- Gave the routes their status codes.',
    ]);
  });

  it('leaves everything outside the markers alone', async () => {
    const file = join(dir, 'README.md');
    expect(updateWhatIBuilt(track, progressOf(['hash']), file)).toBe(true);
    const readme = await readFile(file, 'utf8');
    expect(readme.startsWith('# my api\n\n## What I built\n\n<!-- practice:built:start -->\n')).toBe(true);
    expect(readme.endsWith('<!-- practice:built:end -->\n\n## My decisions\n\nMine.\n')).toBe(true);
  });
});
