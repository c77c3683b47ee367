/** The built CLI as a child process: options, messages and exit codes of the contract. */
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEPLOY_TARGETS } from '../src/deploy-targets.js';
import { hasTrack } from '../src/modes.js';
import { TEMPLATES, TEMPLATE_NAMES } from '../src/templates.js';
import { ROOT, runCli, tempDir, testEnv } from './helpers/cli.js';
import { packageWithFixtureTrack, packageWithoutTrack } from './helpers/practice.js';

const ANSI = /\x1b\[/;

describe.each(TEMPLATES.map((t) => t.name))('generating %s with --mode complete --yes --no-install --no-git', (name) => {
  it('writes a complete project named after the directory', async () => {
    const cwd = tempDir();
    const result = await runCli([`${name}-app`, '--template', name, '--mode', 'complete', '--yes', '--no-install', '--no-git'], { cwd });
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    const dir = join(cwd, `${name}-app`);
    expect(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name).toBe(`${name}-app`);
    for (const file of ['.gitignore', '.env.example', '.env', 'README.md']) expect(existsSync(join(dir, file)), file).toBe(true);
    for (const stored of ['_gitignore', '_env.example', '_dockerignore', '_github']) expect(existsSync(join(dir, stored)), stored).toBe(false);
    expect(existsSync(join(dir, '.git'))).toBe(false);
    expect(existsSync(join(dir, 'node_modules'))).toBe(false);
    expect(readdirSync(cwd)).toEqual([`${name}-app`]); // no staging directory left beside it
    expect(result.stdout).toMatch(/Next steps:\n {2}1\. cd [^\n]+\n {2}2\. npm install\n {2}3\. npm run dev/);
  });
});

describe('.env secrets', () => {
  it('are fresh for every project', async () => {
    const cwd = tempDir();
    const secrets = [];
    for (const dir of ['one', 'two']) {
      await runCli([dir, '-t', 'task-api', '--yes', '--no-install', '--no-git'], { cwd });
      const env = readFileSync(join(cwd, dir, '.env'), 'utf8');
      const lines = env.split('\n').filter((l) => /^[A-Z0-9_]*_SECRET=/.test(l));
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) expect(line.split('=')[1]!.length).toBeGreaterThanOrEqual(43); // 256 bits, base64url
      secrets.push(lines.join('\n'));
    }
    expect(secrets[0]).not.toBe(secrets[1]);
  });
});

describe('--list', () => {
  it('prints one line per template', async () => {
    const result = await runCli(['--list'], { cwd: tempDir() });
    expect(result.exitCode).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(TEMPLATES.length);
    TEMPLATES.forEach((t, i) => expect(lines[i]).toContain(t.name));
  });

  it('with --json prints the table as JSON', async () => {
    const result = await runCli(['--list', '--json'], { cwd: tempDir() });
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(
      TEMPLATES.map(({ name, title, description }) => ({
        name,
        title,
        description,
        practiceTrack: hasTrack(name),
        modes: hasTrack(name) ? ['practice', 'complete'] : ['complete'],
      })),
    );
  });
});

describe('--dry-run', () => {
  it('with --json prints files and steps, and writes nothing', async () => {
    const cwd = tempDir();
    const result = await runCli(['planned', '-t', 'task-api', '--dry-run', '--json', '--pm', 'npm'], { cwd });
    expect(result.exitCode).toBe(0);
    const plan = JSON.parse(result.stdout);
    expect(plan).toMatchObject({ directory: join(cwd, 'planned'), projectName: 'planned', template: 'task-api', packageManager: 'npm' });
    const paths = plan.files.map((f: { path: string }) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['package.json', '.gitignore', '.env']));
    expect(plan.steps.map((s: { name: string }) => s.name)).toEqual(['write', 'install', 'git']);
    expect(plan.steps[1]).toMatchObject({ command: 'npm install', runs: true });
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('prints a readable plan, and skips steps that are turned off', async () => {
    const cwd = tempDir();
    const result = await runCli(['planned', '-t', 'task-api', '--dry-run', '--no-install', '--no-git'], { cwd });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('Dry run');
    expect(result.stdout).toContain('package.json');
    expect(result.stdout).not.toContain('npm install');
    expect(readdirSync(cwd)).toEqual([]);
  });
});

describe('bad input: exit 2, one line (plus a hint), nothing written', () => {
  const expectUsageError = async (args: string[], pattern: RegExp) => {
    const cwd = tempDir();
    const result = await runCli(args, { cwd });
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(pattern);
    expect(result.stderr.split('\n').filter(Boolean).length).toBeLessThanOrEqual(2);
    expect(result.stderr).not.toMatch(/\bat .+:\d+:\d+/); // no stack trace
    expect(readdirSync(cwd)).toEqual([]);
    return result;
  };

  it('no template without a TTY names --template', async () => {
    await expectUsageError(['my-api'], /--template/);
    await expectUsageError(['my-api', '--yes'], /--template/);
  });

  it('an unknown template lists the known ones', async () => {
    const result = await expectUsageError(['my-api', '-t', 'blog'], /Unknown template "blog"/);
    for (const name of TEMPLATE_NAMES) expect(result.stderr).toContain(name);
  });

  it.each([
    ['My-Api', 'uppercase', 'my-api'],
    ['my api', 'spaces', 'my-api'],
    ['node_modules', 'reserved', 'node-modules'],
    ['.hidden', 'starts with "."', 'hidden'],
    ['nested/Bad Name', 'spaces', 'nested/bad-name'],
  ])('the invalid name %j is rejected with a suggestion', async (directory, reason, suggestion) => {
    const result = await expectUsageError([directory, '-t', 'task-api', '--yes'], new RegExp(reason));
    expect(result.stderr).toContain(suggestion);
  });

  it('an unknown option or package manager, or --json alone', async () => {
    await expectUsageError(['--nope'], /unknown option '--nope'/);
    await expectUsageError(['x', '-t', 'task-api', '--pm', 'pip'], /Unknown package manager "pip"/);
    await expectUsageError(['x', '-t', 'task-api', '--json'], /--json works only with --list or --dry-run/);
  });
});

describe('--name', () => {
  it('names the package when the directory basename is not a valid name, "." included', async () => {
    const cwd = join(tempDir(), 'My Projects');
    mkdirSync(cwd);
    const result = await runCli(['.', '--name', 'my-api', '-t', 'task-api', '--yes', '--no-install', '--no-git'], { cwd });
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(readFileSync(join(cwd, 'package.json'), 'utf8')).name).toBe('my-api');
    expect(readFileSync(join(cwd, 'README.md'), 'utf8')).toContain('# my-api');
  });

  it('an invalid --name is exit 2 with a suggestion', async () => {
    const cwd = tempDir();
    const result = await runCli(['x', '--name', 'My API', '-t', 'task-api', '--yes'], { cwd });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('Invalid package name "My API"');
    expect(result.stderr).toContain('Try: create-backend-practice x --name my-api -t task-api --yes');
    expect(readdirSync(cwd)).toEqual([]);
  });
});

describe('"Try: …" hints keep every other argument the user gave', () => {
  it.each([
    [['Bad Name', '--deploy', 'fly', '-t', 'ecommerce', '--pm', 'npm', '--no-git', '--yes'], 'Try: create-backend-practice bad-name --deploy fly -t ecommerce --pm npm --no-git --yes'],
    [['--template=task-api', 'deep/Bad Name', '--no-install', '--force'], 'Try: create-backend-practice deep/bad-name --template=task-api --no-install --force'],
    [['.', '--no-git', '--name', 'Nope'], 'Try: create-backend-practice . --name nope --no-git'],
    [['my-api', '--no-git', '--deploy', 'render'], 'Try: create-backend-practice my-api --no-git --deploy render --template task-api'],
  ])('%j', async (args, hint) => {
    const result = await runCli(args, { cwd: tempDir() });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(hint);
  });
});

describe('next steps', () => {
  it.each(DEPLOY_TARGETS.filter((target) => target.setupStep))('with --deploy $name, point to the one-time host set-up in the README', async (target) => {
    const cwd = tempDir();
    const result = await runCli(['dep-api', '-t', 'task-api', '--mode', 'complete', '--deploy', target.name, '--yes', '--no-install', '--no-git'], { cwd });
    expect(result.exitCode).toBe(0);
    const last = result.stdout.trim().split('\n').at(-1)!;
    expect(last).toMatch(/^ {2}5\. Once, before the first deploy: /);
    const section = /README\.md, "([^"]+)"/.exec(last)?.[1];
    expect(readFileSync(join(cwd, 'dep-api/README.md'), 'utf8').split('\n')).toContain(`### ${section}`);
  });

  it.each(DEPLOY_TARGETS.filter((target) => target.setupStep))('in practice mode with --deploy $name, still end with npm run practice', async (target) => {
    const cwd = tempDir();
    const result = await runCli(['dep-api', '-t', 'task-api', '--mode', 'practice', '--deploy', target.name, '--yes', '--no-install', '--no-git'], { cwd, bin: packageWithFixtureTrack() });
    expect(result.exitCode).toBe(0);
    expect(result.stdout.trim().split('\n').slice(-2)).toEqual([expect.stringMatching(/^ {2}3\. Once, before the first deploy: /), '  4. npm run practice']);
  });

  it('without a deploy target, there is no set-up step', async () => {
    const result = await runCli(['plain-api', '-t', 'task-api', '--yes', '--no-install', '--no-git'], { cwd: tempDir() });
    expect(result.stdout).not.toContain('Once, before the first deploy');
  });
});

describe("the README's quick start", () => {
  it('generates outside this clone, so the project is not swallowed by the clone\'s git work tree', async () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const firstLine = /```sh\n([^\n]+)\n/.exec(readme)![1]!;
    const generate = /node bin\/create-backend-practice\.js (.+)$/.exec(firstLine.split('&&').at(-1)!.trim())![1]!.split(' ');
    const result = await runCli([...generate, '--dry-run', '--json'], { cwd: ROOT });
    expect(result.exitCode).toBe(0);
    const plan = JSON.parse(result.stdout);
    expect(relative(ROOT, plan.directory)).toMatch(/^\.\./);
    expect(readme).toContain(`generates \`${generate[0]}/\``);
  });
});

describe('--version and --help', () => {
  it('--version and -v print the package version', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    for (const flag of ['--version', '-v']) {
      const result = await runCli([flag], { cwd: tempDir() });
      expect(result.exitCode).toBe(0);
      expect(result.stdout.trim()).toBe(version);
    }
  });

  it('--help lists every option of the contract and every template', async () => {
    const result = await runCli(['--help'], { cwd: tempDir() });
    expect(result.exitCode).toBe(0);
    for (const option of ['[directory]', '-t, --template', '--mode <mode>', 'practice', 'complete', '--pm', '--no-install', '--no-git', '-y, --yes', '--force', '--dry-run', '--list', '--json', '-v, --version', '-h, --help']) {
      expect(result.stdout).toContain(option);
    }
    for (const name of TEMPLATE_NAMES) expect(result.stdout).toContain(name);
    expect(result.stdout).toContain('--name <package-name>');
  });

  it('--help lines fit 80 columns', async () => {
    const result = await runCli(['--help'], { cwd: tempDir() });
    for (const line of result.stdout.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
  });

  it('a mistyped option gets its suggestion on the same line', async () => {
    const result = await runCli(['--nam', 'x'], { cwd: tempDir() });
    expect(result.exitCode).toBe(2);
    expect(result.stderr.split('\n')[0]).toMatch(/unknown option '--nam' \(Did you mean --name\?\)/);
  });
});

describe('colours', () => {
  it('follow FORCE_COLOR, and NO_COLOR wins', async () => {
    const forced = await runCli(['x', '-t', 'nope'], { cwd: tempDir(), env: testEnv({ NO_COLOR: undefined, FORCE_COLOR: '1' }) });
    expect(forced.stderr).toMatch(ANSI);
    const none = await runCli(['x', '-t', 'nope'], { cwd: tempDir(), env: testEnv({ NO_COLOR: '1', FORCE_COLOR: '1' }) });
    expect(none.stderr).not.toMatch(ANSI);
    const list = await runCli(['--list'], { cwd: tempDir(), env: testEnv({ NO_COLOR: '1' }) });
    expect(list.stdout).not.toMatch(ANSI);
  });
});

describe('DEBUG', () => {
  it('shows the stack trace only with DEBUG=create-backend-practice', async () => {
    const plain = await runCli(['x', '-t', 'nope'], { cwd: tempDir() });
    expect(plain.stderr).not.toContain('    at ');
    const debug = await runCli(['x', '-t', 'nope'], { cwd: tempDir(), env: testEnv({ DEBUG: 'create-backend-practice' }) });
    expect(debug.stderr).toContain('    at ');
  });
});

describe('--mode', () => {
  it('defaults to practice for a template with a track, saying so in one line, and ends the next steps with npm run practice', async () => {
    const cwd = tempDir();
    const result = await runCli(['learner', '-t', 'task-api', '--yes', '--no-install', '--no-git'], { cwd, bin: packageWithFixtureTrack() });
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout.split('\n')[0]).toBe("Practice mode: you build task-api's features, guided by tests (for the finished project: --mode complete).");
    expect(result.stdout).toMatch(/Next steps:\n {2}1\. cd learner\n {2}2\. npm install\n {2}3\. npm run practice$/);
    expect(JSON.parse(readFileSync(join(cwd, 'learner/.practice/progress.json'), 'utf8'))).toEqual({ version: 1, done: [], hints: {} });
  });

  it('defaults to complete for a template without a track, saying so in one line', async () => {
    const name = 'ecommerce';
    const cwd = tempDir();
    const result = await runCli(['shop', '-t', name, '--yes', '--no-install', '--no-git'], { cwd, bin: packageWithoutTrack(name) });
    expect(result.exitCode).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe(`${name} has no practice track yet: creating the complete reference project (--mode complete).`);
    expect(existsSync(join(cwd, 'shop/.practice'))).toBe(false);
    expect(result.stdout).toMatch(/3\. npm run dev\n {2}4\. npm run test$/);
  });

  it('--mode practice for a template without a track is a usage error that writes nothing', async () => {
    const cwd = tempDir();
    const result = await runCli(['shop', '-t', 'ecommerce', '--mode', 'practice', '--yes', '--no-install', '--no-git'], { cwd, bin: packageWithoutTrack('ecommerce') });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('ecommerce has no practice track yet: --mode practice is not available for it.');
    expect(result.stderr).toContain('--mode complete');
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('an unknown mode is a usage error naming the modes', async () => {
    const result = await runCli(['x', '-t', 'task-api', '--mode', 'tutorial', '--yes'], { cwd: tempDir() });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('Unknown mode "tutorial".');
    expect(result.stderr).toContain('practice, complete');
  });

  it('--mode complete writes exactly the files --dry-run --json plans, with nothing of practice mode', async () => {
    const cwd = tempDir();
    const bin = packageWithFixtureTrack();
    const plan = JSON.parse((await runCli(['ref', '-t', 'task-api', '--mode', 'complete', '--dry-run', '--json'], { cwd, bin })).stdout);
    expect(plan.mode).toBe('complete');
    expect(plan.files.some((f: { path: string }) => f.path.startsWith('.practice/'))).toBe(false);
    const practice = JSON.parse((await runCli(['ref', '-t', 'task-api', '--dry-run', '--json'], { cwd, bin })).stdout);
    expect(practice.mode).toBe('practice');
    expect(practice.files.map((f: { path: string }) => f.path)).toEqual(expect.arrayContaining(['.practice/track.json', 'scripts/practice.ts', 'docs/REFERENCE.md']));
  });

  it('--dry-run says the mode', async () => {
    const result = await runCli(['ref', '-t', 'task-api', '--dry-run'], { cwd: tempDir(), bin: packageWithFixtureTrack() });
    expect(result.stdout).toContain('Mode practice: you build the features, one exercise at a time (npm run practice)');
    const complete = await runCli(['ref', '-t', 'ecommerce', '--dry-run'], { cwd: tempDir(), bin: packageWithoutTrack('ecommerce') });
    expect(complete.stdout).toContain('Mode complete: the finished reference project');
  });
});
