/**
 * The one table of templates: each row is a template's manifest. It drives the prompt, `--list`,
 * validation and `--help`, and names every piece a template needs (`pieces`). Adding a template
 * is adding a row here, then each piece it names; `tests/manifest.test.ts` lists every piece
 * still missing, by template and name.
 */
export interface TemplateFeatures {
  /** register/login/refresh/logout/me and deny-by-default route protection (the `auth` layer) */
  auth: boolean;
  /** the service cannot work without Redis in production-like setups (compose, CI service) */
  redis: boolean;
  /** calls an upstream HTTP API (timeouts, retries, breaker, cache) */
  upstream: boolean;
}

/**
 * What a template needs beyond its layers, as paths from the repository root. The generator
 * itself uses only the layers; the rest serve `check` and `spec`, the verification pipeline
 * (`scripts/verify/`, which reads these paths) and the benchmarks. A template also needs its
 * dependencies' versions in `templates/versions.json` (then `npm run template-deps`), a case in
 * `src/check/suites.ts`, its broken variants in `scripts/verify/conformance.ts` (`VARIANTS`) and
 * its load scenario in `scripts/bench/scenarios.ts`; the manifest test checks those too.
 */
export interface TemplatePieces {
  /** the conformance suite `check` runs and `spec` writes `stories.md` from */
  checkSuite: string;
  /** the OpenAPI document `spec` ships, kept equal to the served one (`npm run spec:update`) */
  spec: string;
  /** Portman's configuration for tier 3's contract tests */
  contractTests: string;
  /** the program tier 6 writes against a client generated from the served document */
  client: string;
  /** tier 6 also runs the client's main flow in a browser page (`FLOW_CHECKS` in scripts/verify/browser.ts) */
  browserFlow: boolean;
}

export interface TemplateInfo {
  name: string;
  title: string;
  description: string;
  /** layer folders under `templates/`, applied in order; a later layer overrides same-named files */
  layers: string[];
  features: TemplateFeatures;
  pieces: TemplatePieces;
}

/** The pieces of a template that follow the usual layout (a row may name others). */
const piecesNamed = (name: string, browserFlow: boolean): TemplatePieces => ({
  checkSuite: `src/check/${name}.ts`,
  spec: `templates/${name}/spec/openapi.json`,
  contractTests: `.ci/tools/portman/${name}.yaml`,
  client: `scripts/verify/clients/${name}.ts`,
  browserFlow,
});

export const TEMPLATES: readonly TemplateInfo[] = [
  {
    name: 'task-api',
    title: 'Task API with auth',
    description: 'Users, JWT access + rotating refresh tokens, tasks with tags, filters and cursor pagination',
    layers: ['base', 'pagination', 'auth', 'task-api'],
    features: { auth: true, redis: false, upstream: false },
    pieces: piecesNamed('task-api', true),
  },
  {
    name: 'ecommerce',
    title: 'Small e-commerce backend',
    description: 'Catalogue, cart, idempotent checkout that never oversells, payments, order state machine',
    layers: ['base', 'pagination', 'auth', 'ecommerce'],
    features: { auth: true, redis: false, upstream: false },
    pieces: piecesNamed('ecommerce', true),
  },
  {
    name: 'external-api',
    title: 'Service over an external API',
    description: 'Weather over Open-Meteo with timeouts, retries, a circuit breaker and a stale-if-error cache',
    layers: ['base', 'external-api'],
    features: { auth: false, redis: true, upstream: true },
    // Its page would only show the weather: the typed client is type-checked, not run.
    pieces: piecesNamed('external-api', false),
  },
];

export const TEMPLATE_NAMES = TEMPLATES.map((t) => t.name);

export function findTemplate(name: string): TemplateInfo | undefined {
  return TEMPLATES.find((t) => t.name === name);
}

/** The path of one piece of a template, from the repository root (for scripts and tests). */
export function pieceOf(templateName: string, piece: Exclude<keyof TemplatePieces, 'browserFlow'>): string {
  const template = findTemplate(templateName);
  if (!template) throw new Error(`no template named ${templateName} in src/templates.ts`);
  return template.pieces[piece];
}
