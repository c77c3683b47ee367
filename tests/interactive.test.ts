/**
 * Interactive mode through a real pseudo-terminal (util-linux `script`), so prompts see TTYs on
 * stdin and stdout exactly as in a user's terminal.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, tempDir, testEnv } from './helpers/cli.js';
import { packageWithFixtureTrack, packageWithoutTrack } from './helpers/practice.js';

const ENTER = '\r';
const DOWN = '\x1b[B';
const CTRL_C = '\x03';

/** Runs the CLI in a pty; each step waits for its text on the screen, then types its keys. */
function runInTerminal(args: string[], cwd: string, steps: { waitFor: string; type: string }[], bin = BIN) {
  return new Promise<{ code: number | null; screen: string }>((resolve, reject) => {
    const command = [process.execPath, bin, ...args].map((part) => `'${part}'`).join(' ');
    const child = spawn('script', ['-qfec', command, '/dev/null'], { cwd, env: testEnv() as NodeJS.ProcessEnv });
    let screen = '';
    let next = 0;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`timed out waiting for ${JSON.stringify(steps[next]?.waitFor)}; screen:\n${screen}`));
    }, 15_000);
    child.stdout.on('data', (chunk: Buffer) => {
      screen += chunk.toString();
      while (next < steps.length && screen.includes(steps[next]!.waitFor)) {
        const keys = steps[next++]!.type;
        setTimeout(() => child.stdin.write(keys), 50);
      }
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, screen });
    });
  });
}

describe.runIf(process.platform !== 'win32')('interactive mode (pseudo-terminal)', () => {
  it('asks for directory, template, deploy target and install, then generates', async () => {
    const cwd = tempDir();
    const { code, screen } = await runInTerminal(['--no-git'], cwd, [
      { waitFor: 'Where should the project be created?', type: `asked-api${ENTER}` },
      { waitFor: 'Which template?', type: `${DOWN}${ENTER}` },
      { waitFor: 'Build it in which language?', type: ENTER },
      // The choices come with their descriptions; the first (none) is selected: move to Fly.io.
      { waitFor: 'Deploy on every push to main?', type: `${DOWN}${ENTER}` },
      { waitFor: 'Install dependencies now?', type: `n${ENTER}` },
      // ecommerce without its practice track: no mode question in this walk through the others.
    ], packageWithoutTrack('ecommerce'));
    expect(code).toBe(0);
    expect(screen).toContain('Next steps:');
    const pkg = JSON.parse(readFileSync(join(cwd, 'asked-api/package.json'), 'utf8'));
    expect(pkg.name).toBe('asked-api');
    expect(screen).toContain('(ecommerce)');
    expect(screen).toContain('Fly.io');
    expect(existsSync(join(cwd, 'asked-api/fly.toml'))).toBe(true);
    expect(existsSync(join(cwd, 'asked-api/render.yaml'))).toBe(false);
    expect(existsSync(join(cwd, 'asked-api/node_modules'))).toBe(false);
  });

  it('offers another language: writes the spec and the check instead of a project, asking nothing more', async () => {
    const cwd = tempDir();
    const { code, screen } = await runInTerminal(['--no-git'], cwd, [
      { waitFor: 'Where should the project be created?', type: `my-go-api${ENTER}` },
      { waitFor: 'Which template?', type: ENTER },
      { waitFor: 'Build it in which language?', type: `${DOWN}${ENTER}` },
    ]);
    expect(code).toBe(0);
    expect(screen).toContain('Another language: the spec and the check');
    expect(screen).not.toContain('Deploy on every push');
    expect(screen).not.toContain('Install dependencies now?');
    expect(readdirSync(join(cwd, 'my-go-api')).sort()).toEqual(['openapi.json', 'requests.http', 'stories.md']);
    expect(screen).toContain('check task-api --base-url http://localhost:3000');
  });

  it('asks only what the flags did not say, and offers a valid name for an invalid one', async () => {
    const cwd = tempDir();
    const { code, screen } = await runInTerminal(['-t', 'task-api', '--mode', 'complete', '--deploy', 'none', '--no-install', '--no-git'], cwd, [
      { waitFor: 'Where should the project be created?', type: `Bad Name${ENTER}` },
      { waitFor: 'What should be used instead?', type: ENTER },
    ]);
    expect(code).toBe(0);
    expect(screen).not.toContain('Which template?');
    expect(screen).not.toContain('Deploy on every push');
    expect(screen).not.toContain('Install dependencies now?');
    expect(readdirSync(cwd)).toEqual(['bad-name']);
    expect(existsSync(join(cwd, 'bad-name/fly.toml'))).toBe(false);
  });

  it.each([
    ['the directory prompt', [], 'Where should'],
    ['the template prompt', ['typed-dir'], 'Which template?'],
    ['the deploy prompt', ['typed-dir', '-t', 'task-api', '--mode', 'complete'], 'Deploy on every push'],
    ['the install prompt', ['typed-dir', '-t', 'task-api', '--mode', 'complete', '--deploy', 'render'], 'Install dependencies now?'],
  ])('Ctrl-C at %s exits 130 and writes nothing', async (_, args, waitFor) => {
    const cwd = tempDir();
    const { code, screen } = await runInTerminal([...args, '--no-git'], cwd, [{ waitFor, type: CTRL_C }]);
    expect(code).toBe(130);
    expect(screen).toContain('Cancelled');
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('an invalid directory argument is settled before any other question; Ctrl-C there writes nothing', async () => {
    const cwd = tempDir();
    const { code, screen } = await runInTerminal(['Bad Name'], cwd, [{ waitFor: 'What should be used instead?', type: CTRL_C }]);
    expect(code).toBe(130);
    expect(screen).toContain('"Bad Name" is not a valid package name');
    expect(screen).not.toContain('Which template?');
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('asks the mode after the template, practice first with its explanation, for a template with a track', async () => {
    const cwd = tempDir();
    const { code, screen } = await runInTerminal(
      ['-t', 'task-api', 'learner', '--deploy', 'none', '--no-install', '--no-git'],
      cwd,
      [{ waitFor: 'Build it yourself, or get the finished project?', type: ENTER }],
      packageWithFixtureTrack(),
    );
    expect(code).toBe(0);
    expect(screen).toContain('you build the features, one exercise at a time');
    expect(screen.indexOf('Practice')).toBeLessThan(screen.indexOf('Complete'));
    expect(screen).toContain('npm run practice');
    expect(existsSync(join(cwd, 'learner/.practice/track.json'))).toBe(true);
  });

  it('does not ask the mode for a template without a track, and says so in one line', async () => {
    const cwd = tempDir();
    const { code, screen } = await runInTerminal(['-t', 'ecommerce', 'shop', '--deploy', 'none', '--no-install', '--no-git'], cwd, [], packageWithoutTrack('ecommerce'));
    expect(code).toBe(0);
    expect(screen).not.toContain('Build it yourself');
    expect(screen).toContain('ecommerce has no practice track yet: creating the complete reference project (--mode complete).');
  });

  it('--yes never prompts, even in a terminal', async () => {
    const cwd = tempDir();
    const { code, screen } = await runInTerminal(['-t', 'task-api', '--mode', 'complete', '--yes', '--no-install', '--no-git'], cwd, []);
    expect(code).toBe(0);
    expect(screen).not.toContain('?');
    expect(readdirSync(cwd)).toEqual(['task-api']); // directory defaults to the template name
  });
});
