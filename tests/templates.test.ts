/**
 * Every template, rendered by the pure planner from the real layers: the checks that catch a
 * template bug before a user does.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { type Layer, type LayerManifest, type PlannedFile, findLeftoverPlaceholders, inlineSlots, partialsUsed, planProject } from '../src/plan.js';
import { TEMPLATES_DIR, loadLayers, loadTrackSource, loadVersions } from '../src/layers.js';
import { packageManagerCommands } from '../src/package-manager.js';
import { DEPLOY_TARGETS, layersOf } from '../src/deploy-targets.js';
import { TEMPLATES } from '../src/templates.js';

const isText = (contents: Buffer) => !contents.includes(0);

describe('templates/versions.json', () => {
  it('has a version for every dependency any layer names', async () => {
    const versions = await loadVersions();
    const layers = new Set(TEMPLATES.flatMap((t) => t.layers));
    const missing: string[] = [];
    for (const layer of layers) {
      const manifest = JSON.parse(readFileSync(join(TEMPLATES_DIR, layer, 'layer.json'), 'utf8')) as LayerManifest;
      for (const name of [...(manifest.dependencies ?? []), ...(manifest.devDependencies ?? [])]) {
        if (!versions[name]) missing.push(`${layer}: ${name}`);
      }
    }
    expect(missing).toEqual([]);
  });
});

describe.each(TEMPLATES.flatMap((template) => (['npm', 'pnpm'] as const).map((pm) => ({ template, pm }))))(
  '$template.name rendered for $pm',
  ({ template, pm }) => {
    let files: PlannedFile[] = [];
    let byPath = new Map<string, string>();
    beforeAll(async () => {
      files = planProject(
        { projectName: 'scan-me', template, pm: packageManagerCommands(pm), versions: await loadVersions(), newSecret: () => 'fresh' },
        await loadLayers(template.layers),
      );
      byPath = new Map(files.map((f) => [f.path, f.contents.toString('utf8')]));
    });

    it('has the files every project needs', () => {
      for (const path of ['package.json', '.gitignore', '.env.example', 'README.md']) expect(byPath.has(path), path).toBe(true);
      expect(JSON.parse(byPath.get('package.json')!).name).toBe('scan-me');
      expect(byPath.get('.gitignore')).toMatch(/^\.env$/m);
    });

    it('leaves no {{ … }} behind (GitHub Actions ${{ … }} and requests.http variables excepted)', () => {
      const leftovers = files
        .filter((f) => isText(f.contents))
        .flatMap((f) =>
          findLeftoverPlaceholders(withoutHttpClientVariables(f.path, f.contents.toString('utf8'))).map(
            (hit) => `${f.path}: ${hit}`,
          ),
        );
      expect(leftovers).toEqual([]);
    });

    it('has valid JSON and YAML where the file type says so', () => {
      for (const [path, text] of byPath) {
        if (path.endsWith('.json')) expect(() => JSON.parse(text), path).not.toThrow();
        if (/\.ya?ml$/.test(path)) {
          for (const document of parseAllDocuments(text)) expect(document.errors, path).toEqual([]);
        }
      }
    });

    it('.env says what it is, and only .env.example tells to copy it', () => {
      expect(byPath.get('.env.example')).toContain('Copy to `.env`');
      expect(byPath.get('.env')).not.toMatch(/copy to `?\.env/i);
      expect(byPath.get('.env')).toMatch(/^# Your local settings, made by create-backend-practice/);
    });

    it('names the JWT audience once: no "-api-api" for a project named "<name>-api"', async () => {
      if (!template.features.auth) return;
      for (const [projectName, audience] of [['shop-api', 'shop-api'], ['shop', 'shop-api']] as const) {
        const rendered = planProject(
          { projectName, template, pm: packageManagerCommands(pm), versions: await loadVersions(), newSecret: () => 'fresh' },
          await loadLayers(template.layers),
        );
        const text = rendered.map((f) => f.contents.toString('utf8')).join('\n');
        expect(text).not.toContain('-api-api');
        expect(rendered.find((f) => f.path === '.env.example')!.contents.toString()).toContain(`JWT_AUDIENCE=${audience}\n`);
      }
    });

    it('declares Node 22.12+ or 24 alike in engines, .nvmrc, the Dockerfile, the build, CI and the README', () => {
      const engines = JSON.parse(byPath.get('package.json')!).engines.node;
      expect(engines).toBe('^22.12.0 || >=24.0.0');
      expect(byPath.get('.nvmrc')!.trim()).toBe('22');
      const images = [...byPath.get('Dockerfile')!.matchAll(/^FROM node:(\d+)/gm)].map((m) => m[1]);
      expect(images.length).toBeGreaterThan(0);
      expect(new Set(images)).toEqual(new Set(['22']));
      expect(byPath.get('scripts/build.mjs')).toContain("target: 'node22.12'");
      const ci = byPath.get('.github/workflows/ci.yml')!;
      const matrix = /node: \[([^\]]+)\]/.exec(ci)?.[1]?.split(',').map((v) => v.trim().replace(/['"]/g, ''));
      expect(matrix).toEqual(['22', '24']);
      expect(byPath.get('README.md')).toContain('Needs Node.js 22.12 or later, or 24');
    });

    it('README claims no installed dependencies: the install step is in the quick start', () => {
      const readme = byPath.get('README.md')!;
      expect(readme).not.toMatch(/installed already/i);
      const quickStart = readme.slice(readme.indexOf('## Quick start'), readme.indexOf('## Scripts'));
      expect(quickStart).toContain(`${packageManagerCommands(pm).install}     # once`);
    });

    it('names every Fastify plugin so the rule hook-or-plugin-imports-repository sees it', () => {
      const config = { exports: {} as { forbidden: { name: string; from: { path: string } }[] } };
      new Function('module', byPath.get('.dependency-cruiser.cjs')!)(config);
      const rule = config.exports.forbidden.find((r) => r.name === 'hook-or-plugin-imports-repository')!;
      const plugins = [...byPath].filter(([path, text]) => path.startsWith('src/') && text.includes("from 'fastify-plugin'"));
      expect(plugins.length).toBeGreaterThan(0);
      expect(plugins.map(([path]) => path).filter((path) => !new RegExp(rule.from.path).test(path))).toEqual([]);
    });

    it('gives every *_SECRET in .env a fresh value', () => {
      const env = byPath.get('.env') ?? '';
      for (const line of env.split('\n').filter((l) => /^[A-Z0-9_]*_SECRET=/.test(l))) expect(line).toMatch(/=fresh$/);
    });
  },
);

describe('the layers compose, they do not ask about each other', () => {
  it('base branches on no other layer: no `features.` or template name in its files and partials', async () => {
    const [base] = await loadLayers(['base']);
    const sources = [
      ...base!.files.filter((file) => file.path.endsWith('.hbs')).map((file) => [`files/${file.path}`, file.contents.toString('utf8')] as const),
      ...Object.entries(base!.partials).map(([name, source]) => [`partials/${name}.hbs`, source] as const),
    ];
    // What differs between templates is a slot (a partial block) that the layers which need it fill.
    const branches = sources.flatMap(([path, source]) =>
      [...source.matchAll(/[^\n]*(?:\bfeatures\.|\btemplate\.name\b)[^\n]*/g)].map((match) => `templates/base/${path}: ${match[0].trim()}`),
    );
    expect(branches).toEqual([]);
  });

  describe('slots', () => {
    let layers: Layer[] = [];
    let sources: { where: string; name: string; source: string }[] = [];
    let partials: { where: string; name: string; source: string }[] = [];
    beforeAll(async () => {
      const layerNames = readdirSync(TEMPLATES_DIR, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
      const tracks = await Promise.all(
        TEMPLATES.filter((t) => existsSync(join(TEMPLATES_DIR, t.name, 'practice', 'track.json'))).map((t) => loadTrackSource(t.name)),
      );
      layers = [...(await loadLayers(layerNames)), ...tracks.map((track) => track.stubs)];
      partials = layers.flatMap((layer) => Object.entries(layer.partials).map(([name, source]) => ({ where: `${layer.name}/partials/${name}.hbs`, name, source })));
      sources = [
        ...layers.flatMap((layer) =>
          layer.files.filter((f) => f.path.endsWith('.hbs')).map((f) => ({ where: `${layer.name}/files/${f.path}`, name: '', source: f.contents.toString('utf8') })),
        ),
        ...partials,
      ];
    });

    it('every partial fills a slot or is called somewhere (a misspelt one is not silently ignored)', () => {
      const used = new Set(sources.flatMap(({ source }) => partialsUsed(source)));
      expect(partials.filter(({ name }) => !used.has(name)).map(({ where }) => where)).toEqual([]);
    });

    it('an inline slot (a partial block inside a line) is filled by partials of one line', () => {
      const inline = inlineSlots(layers);
      expect(inline.size).toBeGreaterThan(0);
      // One final line break is dropped by the renderer; a break inside would split the line.
      expect(partials.filter(({ name, source }) => inline.has(name) && source.replace(/\n$/, '').includes('\n')).map(({ where }) => where)).toEqual([]);
    });
  });
});

describe('the generated README is short, and the docs say each thing once', () => {
  it.each(TEMPLATES.flatMap((template) => DEPLOY_TARGETS.map((deploy) => ({ template, deploy }))))(
    '$template.name with --deploy $deploy.name',
    async ({ template, deploy }) => {
      const files = planProject(
        { projectName: 'short-api', template, pm: packageManagerCommands('npm'), versions: await loadVersions(), newSecret: () => 'fresh' },
        await loadLayers(layersOf(template, deploy)),
      );
      const text = (path: string) => files.find((f) => f.path === path)!.contents.toString('utf8');
      // The README is for the first hour; what it does not say is one link away in docs/.
      expect(text('README.md').trimEnd().split('\n').length).toBeLessThanOrEqual(150);
      const docs = ['README.md', ...files.map((f) => f.path).filter((path) => /^docs\/[a-z-]+\.md$/.test(path))];
      for (const link of text('README.md').matchAll(/\]\((docs\/[a-z-]+\.md)[)#]/g)) expect(docs, link[1]).toContain(link[1]);
      // A decision or a point is a bold bullet; the same one twice means two layers said it.
      const bullets = docs.flatMap((path) => [...text(path).matchAll(/^- \*\*([^*]+)\*\*/gm)].map((m) => m[1]!.toLowerCase()));
      expect(bullets.filter((title, index) => bullets.indexOf(title) !== index)).toEqual([]);
    },
  );
});

/**
 * `.http` files (VS Code REST Client, JetBrains HTTP Client) use `{{name}}` for their own
 * variables, e.g. `{{baseUrl}}` or `{{login.response.body.$.accessToken}}`: those are meant to
 * stay. Anything else in double braces is still a leftover.
 */
function withoutHttpClientVariables(path: string, text: string): string {
  return path.endsWith('.http') ? text.replace(/\{\{\$?[A-Za-z_][\w.$\[\]-]*\}\}/g, '') : text;
}
