import { describe, expect, it } from 'vitest';
import { packageManagerCommands } from '../../src/package-manager.js';
import {
  type Layer,
  type PlanOptions,
  TemplateError,
  ENV_HEADER,
  envFromExample,
  escapeActionsExpressions,
  findLeftoverPlaceholders,
  planProject,
  toProjectPath,
} from '../../src/plan.js';
import { TEMPLATES } from '../../src/templates.js';

const template = TEMPLATES[0]!;
const options = (extra: Partial<PlanOptions> = {}): PlanOptions => ({
  projectName: 'demo-api',
  template,
  pm: packageManagerCommands('pnpm'),
  versions: { fastify: '^5.0.0', vitest: '^4.0.0', typescript: '^5.9.0' },
  newSecret: () => 'SECRET',
  ...extra,
});
const layer = (name: string, files: Record<string, string>, extra: Partial<Layer> = {}): Layer => ({
  name,
  manifest: {},
  files: Object.entries(files).map(([path, text]) => ({ path, contents: Buffer.from(text) })),
  partials: {},
  ...extra,
});
const text = (files: ReturnType<typeof planProject>, path: string) => files.find((f) => f.path === path)?.contents.toString();

describe('toProjectPath', () => {
  it('renames stored dotfiles in every segment and drops .hbs', () => {
    expect(toProjectPath('_gitignore')).toBe('.gitignore');
    expect(toProjectPath('_env.example.hbs')).toBe('.env.example');
    expect(toProjectPath('_github/workflows/ci.yml.hbs')).toBe('.github/workflows/ci.yml');
    expect(toProjectPath('src/_gitignore_not')).toBe('src/_gitignore_not');
  });
});

describe('planProject', () => {
  it('copies plain files byte for byte and lets a later layer replace a path', () => {
    const bytes = Buffer.from([0, 255, 123, 123, 10]);
    const files = planProject(options(), [
      layer('base', { 'a.txt': 'base', 'keep.txt': '{{not rendered}}' }),
      { ...layer('top', { 'a.txt': 'top' }), files: [{ path: 'a.txt', contents: Buffer.from('top') }, { path: 'bin.dat', contents: bytes }] },
    ]);
    expect(text(files, 'a.txt')).toBe('top');
    expect(files.find((f) => f.path === 'a.txt')?.layer).toBe('top');
    expect(text(files, 'keep.txt')).toBe('{{not rendered}}');
    expect(files.find((f) => f.path === 'bin.dat')?.contents.equals(bytes)).toBe(true);
  });

  it('renders .hbs with the context, the eq helper and partials, without HTML escaping', () => {
    const files = planProject(options(), [
      layer('top', { 'README.md.hbs': '# {{projectName}} <{{template.name}}>\nsays: {{> greeting}}\n{{#if (eq pm.name "pnpm")}}{{pm.run}} dev{{/if}}\n{{#if features.auth}}auth{{/if}}' }, {
        partials: { greeting: 'top partial & "quotes"' },
      }),
    ]);
    expect(text(files, 'README.md')).toBe('# demo-api <task-api>\nsays: top partial & "quotes"\npnpm dev\nauth');
  });

  describe('slots', () => {
    const base = layer('base', { 'rows.md.hbs': '| a |\n{{#> rows}}\n| default |\n{{/rows}}\nend\n', 'line.md.hbs': 'the database{{#> also}}{{/also}} can be reached\n' });

    it('renders the default when no layer fills the slot', () => {
      expect(text(planProject(options(), [base]), 'rows.md')).toBe('| a |\n| default |\nend\n');
    });

    it('takes every layer\'s same-named partial, in layer order', () => {
      const files = planProject(options(), [base, layer('auth', {}, { partials: { rows: '| auth |\n' } }), layer('project', {}, { partials: { rows: '| project |\n' } })]);
      expect(text(files, 'rows.md')).toBe('| a |\n| auth |\n| project |\nend\n');
    });

    it('lets a layer replace the earlier partials only where its layer.json says so', () => {
      const files = planProject(options(), [
        base,
        layer('auth', {}, { partials: { rows: '| auth |\n' } }),
        layer('project', {}, { manifest: { replaces: ['rows'] }, partials: { rows: '| project only |\n' } }),
      ]);
      expect(text(files, 'rows.md')).toBe('| a |\n| project only |\nend\n');
    });

    it('drops the final line break of a partial in an inline slot, and of nothing else', () => {
      const files = planProject(options(), [
        base,
        layer('redis', {}, { partials: { also: ' and Redis\n', rows: '| r |\n' } }),
        layer('queue', {}, { partials: { also: ' and the queue\n' } }),
      ]);
      expect(text(files, 'line.md')).toBe('the database and Redis and the queue can be reached\n');
      expect(text(files, 'rows.md')).toBe('| a |\n| r |\nend\n');
    });
  });

  it('keeps GitHub Actions expressions, written either $\\{{ … }} or \\${{ … }}', () => {
    const source = 'a: $\\{{ github.sha }}\nb: \\${{ matrix.node }}\nc: {{pm.ci}}\n';
    const files = planProject(options(), [layer('base', { '_github/workflows/ci.yml.hbs': source })]);
    expect(text(files, '.github/workflows/ci.yml')).toBe('a: ${{ github.sha }}\nb: ${{ matrix.node }}\nc: pnpm install --frozen-lockfile\n');
  });

  it('fails on an unknown variable instead of rendering an empty string', () => {
    expect(() => planProject(options(), [layer('base', { 'x.hbs': '{{nope}}' })])).toThrow(TemplateError);
    expect(() => planProject(options(), [layer('base', { 'x.hbs': '${{ github.sha }}' })])).toThrow(/templates\/base\/files\/x.hbs/);
  });

  it('composes package.json from the layers, with versions from versions.json only', () => {
    const files = planProject(options(), [
      layer('base', {}, { manifest: { package: { type: 'module', scripts: { a: '1', b: '1' } }, dependencies: ['fastify'], devDependencies: ['vitest'] } }),
      layer('top', {}, { manifest: { package: { scripts: { b: '2' } }, devDependencies: ['typescript'] } }),
    ]);
    expect(JSON.parse(text(files, 'package.json')!)).toEqual({
      name: 'demo-api',
      version: '0.1.0',
      private: true,
      type: 'module',
      scripts: { a: '1', b: '2' },
      dependencies: { fastify: '^5.0.0' },
      devDependencies: { typescript: '^5.9.0', vitest: '^4.0.0' },
    });
  });

  it('names a dependency that has no version', () => {
    expect(() => planProject(options(), [layer('base', {}, { manifest: { dependencies: ['left-pad'] } })])).toThrow(/"left-pad"/);
  });

  it('writes .env from .env.example with fresh secrets, and none without an example', () => {
    let n = 0;
    const files = planProject(options({ newSecret: () => `s${++n}` }), [layer('base', { '_env.example': 'A=1\nJWT_SECRET=\nX_SECRET=change-me\n' })]);
    expect(text(files, '.env.example')).toBe('A=1\nJWT_SECRET=\nX_SECRET=change-me\n');
    expect(text(files, '.env')).toBe(`${ENV_HEADER}\nA=1\nJWT_SECRET=s1\nX_SECRET=s2\n`);
    expect(planProject(options(), [layer('base', {})]).some((f) => f.path === '.env')).toBe(false);
  });

  it('keeps the executable bit', () => {
    const files = planProject(options(), [{ ...layer('base', {}), files: [{ path: 'run.sh', contents: Buffer.from('#!/bin/sh'), executable: true }] }]);
    expect(files.find((f) => f.path === 'run.sh')?.executable).toBe(true);
  });
});

describe('envFromExample', () => {
  it('replaces only *_SECRET= lines', () => {
    expect(envFromExample('SECRET=a\nMY_SECRET_KEY=b\n# X_SECRET=c\nX_SECRET=d', () => 'new')).toBe(`${ENV_HEADER}\nSECRET=a\nMY_SECRET_KEY=b\n# X_SECRET=c\nX_SECRET=new`);
  });

  it("swaps .env.example's leading comment (\"copy to .env\") for a header that is true inside .env", () => {
    expect(envFromExample('# Copy to `.env`.\n# Really.\n\n# the port\nPORT=3000\n', () => 'new')).toBe(`${ENV_HEADER}\n\n# the port\nPORT=3000\n`);
  });
});

describe('escapeActionsExpressions and findLeftoverPlaceholders', () => {
  it('turns \\${{ into Handlebars escape $\\{{', () => {
    expect(escapeActionsExpressions('x \\${{ a }} $\\{{ b }}')).toBe('x $\\{{ a }} $\\{{ b }}');
  });

  it('flags {{ but not ${{', () => {
    expect(findLeftoverPlaceholders('a ${{ github.sha }} b')).toEqual([]);
    expect(findLeftoverPlaceholders('name: {{projectName}}\nx: ${{ y }}')).toEqual(['{{projectName}}']);
  });
});
