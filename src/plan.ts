/**
 * Planning is pure: options and the loaded template layers go in, the list of files with their
 * final contents comes out. Nothing here touches the disk, so every rule is unit-tested directly.
 */
import { createHash } from 'node:crypto';
import Handlebars from 'handlebars';
import type { Mode } from './modes.js';
import type { PackageManagerCommands } from './package-manager.js';
import { PRECOMPILED } from './precompiled.js';
import type { TemplateInfo } from './templates.js';

/** What one layer folder holds once read from disk (see `layers.ts`). */
export interface Layer {
  name: string;
  manifest: LayerManifest;
  /** files under `files/`, paths relative to it with `/` separators, as stored (before renames) */
  files: { path: string; contents: Buffer; executable?: boolean }[];
  /** Handlebars partials under `partials/`, by name (file name without `.hbs`) */
  partials: Record<string, string>;
}

/** `templates/<layer>/layer.json` */
export interface LayerManifest {
  /** fields deep-merged into the generated package.json, in layer order */
  package?: Record<string, unknown>;
  /** dependency names; versions come from `templates/versions.json` */
  dependencies?: string[];
  devDependencies?: string[];
  /**
   * Partial names this layer's same-named partials replace instead of adding to (by default
   * every layer's partial of a slot contributes, in layer order; see `createRenderer`).
   */
  replaces?: string[];
}

export interface PlanOptions {
  projectName: string;
  template: TemplateInfo;
  pm: PackageManagerCommands;
  /** name → semver range for every dependency a layer may name */
  versions: Record<string, string>;
  /** returns a fresh secret for one `.env` entry; injected so tests can be deterministic */
  newSecret: () => string;
  /** `complete` when absent; practice plans are built by `planPracticeProject` (practice-plan.ts) */
  mode?: Mode;
  /** practice mode only: the exercises, for the README's lists (`track` in the Handlebars context) */
  track?: { number: string; id: string; title: string; skill: string; goal: string; files: string[]; deploys: boolean }[];
}

export interface PlannedFile {
  /** path in the generated project, `/`-separated */
  path: string;
  contents: Buffer;
  /** which layer the file came from (`generator` for package.json and .env) */
  layer: string;
  /** keep the executable bit of the stored file (scripts) */
  executable?: boolean;
}

/**
 * npm publish drops or rewrites some dotfiles, so templates store them under these names.
 * Applied to every path segment (so `_github/workflows/ci.yml` becomes `.github/workflows/ci.yml`).
 */
export const STORED_NAMES: Readonly<Record<string, string>> = {
  _gitignore: '.gitignore',
  _dockerignore: '.dockerignore',
  '_env.example': '.env.example',
  _editorconfig: '.editorconfig',
  _nvmrc: '.nvmrc',
  _npmrc: '.npmrc',
  _github: '.github',
  _vscode: '.vscode',
};

export function toProjectPath(storedPath: string): string {
  const withoutHbs = storedPath.endsWith('.hbs') ? storedPath.slice(0, -'.hbs'.length) : storedPath;
  return withoutHbs
    .split('/')
    .map((segment) => STORED_NAMES[segment] ?? segment)
    .join('/');
}

// Generated files are code, not HTML: no escaping. `strict` turns a misspelt variable into an
// error at generation time instead of an empty string in the project. scripts/build.ts imports
// these (and `escapeActionsExpressions`, `templateKey`) to precompile every template.
export const COMPILE_OPTIONS = { noEscape: true, strict: true } as const;

export function planProject(options: PlanOptions, layers: Layer[]): PlannedFile[] {
  const handlebars = createRenderer(layers);
  const context = templateContext(options);
  const byPath = new Map<string, PlannedFile>();

  for (const layer of layers) {
    for (const file of layer.files) {
      const path = toProjectPath(file.path);
      const contents = file.path.endsWith('.hbs') ? render(handlebars, layer.name, file.path, file.contents, context) : file.contents;
      byPath.set(path, { path, contents, layer: layer.name, executable: file.executable ?? false });
    }
  }

  byPath.set('package.json', {
    path: 'package.json',
    contents: Buffer.from(`${JSON.stringify(composePackageJson(options, layers), null, 2)}\n`),
    layer: 'generator',
  });

  const envExample = byPath.get('.env.example');
  if (envExample) {
    byPath.set('.env', {
      path: '.env',
      contents: Buffer.from(envFromExample(envExample.contents.toString('utf8'), options.newSecret)),
      layer: 'generator',
    });
  }

  return [...byPath.values()].sort((a, b) => a.path.localeCompare(b.path));
}

/** The variables every `.hbs` file sees. */
export function templateContext(options: PlanOptions) {
  return {
    projectName: options.projectName,
    /** the API's name, e.g. the JWT audience: `shop-api` for `shop` and for `shop-api` alike */
    apiName: options.projectName.endsWith('-api') ? options.projectName : `${options.projectName}-api`,
    template: {
      name: options.template.name,
      title: options.template.title,
      description: options.template.description,
    },
    features: options.template.features,
    pm: options.pm,
    /** true in practice mode: a file may say what differs there (e.g. vitest.config.ts's gating) */
    practice: options.mode === 'practice',
    ...(options.track ? { track: options.track } : {}),
  };
}

function render(handlebars: typeof Handlebars, layer: string, path: string, source: Buffer, context: object): Buffer {
  try {
    return Buffer.from(compile(handlebars, escapeActionsExpressions(source.toString('utf8')))(context));
  } catch (error) {
    throw new TemplateError(`templates/${layer}/files/${path}: ${(error as Error).message.split('\n')[0]}`);
  }
}

/** A template that cannot be rendered: a bug in the template, not in the user's input. */
export class TemplateError extends Error {}

/**
 * GitHub Actions expressions `${{ … }}` must reach the generated file untouched. Handlebars'
 * own escape is `$\{{ … }}`; authors may also write `\${{ … }}`, which we turn into the former
 * (a backslash before `$` means nothing to Handlebars, so it would otherwise render `\` + value).
 */
export function escapeActionsExpressions(source: string): string {
  return source.replaceAll('\\${{', '$\\{{');
}

/**
 * `{{`-expressions left in a generated file by mistake (e.g. in a file that should have been
 * `.hbs`, or an escape gone wrong). GitHub Actions `${{ … }}` expressions are expected and ignored.
 */
export function findLeftoverPlaceholders(text: string): string[] {
  return [...text.matchAll(/(?<!\$)\{\{[^\n]{0,40}/g)].map((match) => match[0]);
}

/** The key of a template in `PRECOMPILED`: the SHA-1 of its exact source. */
export function templateKey(source: string): string {
  return createHash('sha1').update(source).digest('base64url');
}

/** The build's precompiled template when the source is unchanged, else compiled here (lazily). */
function compile(handlebars: typeof Handlebars, source: string): HandlebarsTemplateDelegate {
  const spec = PRECOMPILED[templateKey(source)];
  return spec ? handlebars.template(spec) : handlebars.compile(source, COMPILE_OPTIONS);
}

/**
 * Slots: a base file leaves a place `{{#> name}}default{{/name}}` and layers fill it with a
 * partial `partials/<name>.hbs`. Every layer that has a partial of that name contributes, in
 * layer order (auth's rows, then the project's, in one table), unless a later layer lists the
 * name in its `layer.json` `replaces`: then its partial stands alone. A slot inside a line
 * (inline) takes its partials without their final line break, so a partial file may end with
 * one like any text file.
 */
function createRenderer(layers: Layer[]): typeof Handlebars {
  const handlebars = Handlebars.create();
  handlebars.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  const inline = inlineSlots(layers);
  const contributions = new Map<string, HandlebarsTemplateDelegate[]>();
  for (const layer of layers) {
    for (const [name, source] of Object.entries(layer.partials)) {
      // Partials take `\${{ … }}` Actions expressions like files do, and the same compile options.
      const piece = compile(handlebars, escapeActionsExpressions(source));
      const earlier = layer.manifest.replaces?.includes(name) ? [] : (contributions.get(name) ?? []);
      contributions.set(name, [...earlier, piece]);
    }
  }
  for (const [name, pieces] of contributions) {
    const trim = inline.has(name) ? (text: string) => text.replace(/\n$/, '') : (text: string) => text;
    const partial: HandlebarsTemplateDelegate = (context, options) => pieces.map((piece) => trim(piece(context, options))).join('');
    handlebars.registerPartial(name, partial);
  }
  return handlebars;
}

/** Slot names used inside a line of some layer file (`… the database{{#> api-readyz}}{{/api-readyz}} can …`). */
export function inlineSlots(layers: readonly Layer[]): Set<string> {
  const names = new Set<string>();
  for (const file of layers.flatMap((layer) => layer.files)) {
    const text = file.path.endsWith('.hbs') ? file.contents.toString('utf8') : '';
    if (!text.includes('{{#>')) continue;
    for (const line of text.split('\n')) {
      for (const match of line.matchAll(/\{\{#> ([\w-]+)\}\}/g)) if (line.trim() !== match[0]) names.add(match[1]!);
    }
  }
  return names;
}

/** The partial names a template source uses: slots `{{#> name}}` and plain calls `{{> name …}}`. */
export function partialsUsed(source: string): string[] {
  return [...source.matchAll(/\{\{#?>\s*([\w-]+)/g)].map((match) => match[1]!);
}

export function composePackageJson(options: PlanOptions, layers: Layer[]): Record<string, unknown> {
  let merged: Record<string, unknown> = {};
  const dependencies = new Set<string>();
  const devDependencies = new Set<string>();
  for (const { manifest } of layers) {
    merged = deepMerge(merged, manifest.package ?? {});
    manifest.dependencies?.forEach((name) => dependencies.add(name));
    manifest.devDependencies?.forEach((name) => devDependencies.add(name));
  }
  const pinned = (names: Set<string>) =>
    Object.fromEntries(
      [...names].sort().map((name) => {
        const range = options.versions[name];
        if (!range) throw new TemplateError(`templates/versions.json has no version for "${name}" (used by a layer.json)`);
        return [name, range];
      }),
    );
  return {
    name: options.projectName,
    version: '0.1.0',
    private: true,
    ...merged,
    dependencies: pinned(dependencies),
    devDependencies: pinned(devDependencies),
  };
}

function deepMerge(base: Record<string, unknown>, extra: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(extra)) {
    const current = result[key];
    result[key] = isPlainObject(current) && isPlainObject(value) ? deepMerge(current, value) : value;
  }
  return result;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The header `.env` gets instead of `.env.example`'s (which tells the reader to copy it to `.env`). */
export const ENV_HEADER = [
  '# Your local settings, made by create-backend-practice from .env.example with fresh secrets.',
  '# .env is git-ignored: never commit it. .env.example documents every variable and its default.',
].join('\n');

/**
 * `.env` is `.env.example` with its leading comment replaced by `ENV_HEADER` and every
 * `*_SECRET=` variable given a fresh random value, so a new project never starts with a shared or
 * empty secret.
 */
export function envFromExample(example: string, newSecret: () => string): string {
  const body = example.replace(/^(#[^\n]*\n)+/, '');
  return `${ENV_HEADER}\n${body}`.replace(/^([A-Z0-9_]*_SECRET)=.*$/gm, (_line, key: string) => `${key}=${newSecret()}`);
}
