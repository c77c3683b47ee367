/**
 * Tier 6: the interactive API docs open in a real browser (Debian's Chromium, headless), show
 * every operation of the OpenAPI document, and log no console errors; and a typed client
 * generated from each document works from a page on an allowed origin (`typedClientInBrowser`).
 */
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { build as esbuild } from 'esbuild';
import { pieceOf } from '../../src/templates.js';
import { run } from './exec.js';
import { freePort, REPO, WORK } from './environment.js';
import type { Log } from './report.js';
import { startServer } from './server.js';

const CHROMIUM = '/usr/bin/chromium';

/** Debian's Chromium, headless; installed first if missing (.ci/run installs it too). */
async function launchChromium(log: Log, dir: string) {
  if (!existsSync(CHROMIUM)) {
    await run(log, 'apt-get', ['update', '-qq'], { cwd: dir, timeoutMs: 5 * 60_000 });
    await run(log, 'apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium'], {
      cwd: dir,
      env: { DEBIAN_FRONTEND: 'noninteractive' },
      timeoutMs: 10 * 60_000,
    });
  }
  // playwright-core is one of the pipeline's tools (.ci/tools), not a dependency of the generator.
  // Loaded by file path: tsconfig maps the bare name to its type declarations, and tsx would too.
  const { chromium } = createRequire(import.meta.url)(
    join(REPO, '.ci/tools/node_modules/playwright-core/index.js'),
  ) as typeof import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

export async function docsInBrowser(log: Log, dir: string) {
  const document = JSON.parse(await readFile(join(dir, 'openapi.json'), 'utf8')) as { paths: Record<string, object> };
  const methods = new Set(['get', 'put', 'post', 'delete', 'patch']);
  const operations = Object.values(document.paths).flatMap((item) => Object.keys(item).filter((key) => methods.has(key)));

  const server = await startServer(log, dir, { NODE_ENV: 'development', PGLITE_DATA_DIR: join(dir, '.data/browser') });
  const browser = await launchChromium(log, dir);
  try {
    const page = await browser.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    await page.goto(`${server.baseUrl}/docs`, { waitUntil: 'networkidle' });
    await page.waitForSelector('.opblock', { timeout: 15_000 });
    const shown = await page.locator('.opblock').count();
    await page.screenshot({ path: join(dir, 'docs-screenshot.png'), fullPage: true });
    log.write(`\n/docs shows ${shown} operations; the document has ${operations.length}\n`);
    if (shown !== operations.length) throw new Error(`/docs shows ${shown} operations, the document has ${operations.length}`);
    if (consoleErrors.length > 0) throw new Error(`console errors on /docs: ${consoleErrors.join(' | ')}`);
  } finally {
    await browser.close();
    await server.stop();
  }
}

/** What each template's page must show once its main flow ran (see clients/<template>.ts). */
export const FLOW_CHECKS: Record<string, ((result: Record<string, unknown>) => string | undefined) | undefined> = {
  'task-api': (result) => {
    const { locations, pages, total, requestId, rateLimit, rateLimitPolicy } = result as {
      locations: string[];
      pages: string[][];
      total: number;
      requestId: string | null;
      rateLimit: string | null;
      rateLimitPolicy: string | null;
    };
    if (!locations.every((location) => /^\/v1\/tasks\/[0-9a-f-]{36}$/.test(location))) return `Location: ${locations}`;
    if (pages[0]?.length !== 2 || pages[1]?.length !== 1) return `pages of 2 then 1 expected, got ${JSON.stringify(pages)}`;
    if (new Set(pages.flat()).size !== 3 || total !== 3) return `3 distinct tasks expected, got ${JSON.stringify(pages)}`;
    if (!requestId) return 'x-request-id is not readable';
    if (!/^"\w+";r=\d+;t=\d+$/.test(rateLimit ?? '')) return `RateLimit: ${rateLimit}`;
    if (!/^"\w+";q=\d+;w=\d+$/.test(rateLimitPolicy ?? '')) return `RateLimit-Policy: ${rateLimitPolicy}`;
    return undefined;
  },
  ecommerce: (result) => {
    const { orderIds, location, replayed, requestId, rateLimit } = result as {
      orderIds: string[];
      location: string | null;
      replayed: (string | null)[];
      requestId: string | null;
      rateLimit: string | null;
    };
    if (orderIds[0] !== orderIds[1]) return `the retry made a second order: ${orderIds}`;
    if (location !== `/v1/orders/${orderIds[0]}`) return `Location: ${location}`;
    if (replayed[0] !== null || replayed[1] !== 'true') return `Idempotent-Replayed: ${replayed}`;
    if (!requestId) return 'x-request-id is not readable';
    if (!/^"\w+";r=\d+;t=\d+$/.test(rateLimit ?? '')) return `RateLimit: ${rateLimit}`;
    return undefined;
  },
};

/**
 * A frontend's view of the API: a client generated from the served /openapi.json with
 * openapi-typescript, and a program written the natural way with openapi-fetch
 * (clients/<template>.ts) must type-check against it. For templates with a browser flow, the
 * program is then bundled into a page on another origin (one listed in CORS_ORIGINS) and run in
 * Chromium: no CORS error, no console error, and the headers a page needs are readable.
 */
export async function typedClientInBrowser(log: Log, dir: string, template: string) {
  const work = join(WORK, 'clients', template);
  await rm(work, { recursive: true, force: true });
  await mkdir(work, { recursive: true });
  const tools = join(REPO, '.ci/tools/node_modules');
  await run(log, join(tools, '.bin/openapi-typescript'), [join(dir, 'openapi.json'), '-o', join(work, 'schema.d.ts')], {
    cwd: work,
  });
  await copyFile(join(REPO, pieceOf(template, 'client')), join(work, 'main.ts'));
  await writeFile(
    join(work, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        noEmit: true,
        target: 'ES2022',
        module: 'ESNext',
        moduleResolution: 'Bundler',
        lib: ['ES2022', 'DOM', 'DOM.Iterable'],
        types: [],
        paths: { 'openapi-fetch': [join(tools, 'openapi-fetch')] },
      },
      files: ['main.ts'],
    }),
  );
  // TypeScript 5.9 from .ci/tools: openapi-typescript 7 does not work with TypeScript 7.
  await run(log, 'node', [join(tools, 'typescript/bin/tsc'), '-p', work], { cwd: work });
  log.write('\nthe natural client program type-checks against the generated types\n');

  const checkFlow = FLOW_CHECKS[template];
  if (!checkFlow) return;
  await esbuild({
    entryPoints: [join(work, 'main.ts')],
    bundle: true,
    format: 'iife',
    globalName: 'client',
    outfile: join(work, 'client.js'),
    nodePaths: [tools],
    logLevel: 'silent',
  });
  const pagePort = await freePort();
  const origin = `http://127.0.0.1:${pagePort}`;
  const page = createServer(async (request, response) => {
    if (request.url === '/client.js') {
      response.writeHead(200, { 'content-type': 'text/javascript' }).end(await readFile(join(work, 'client.js')));
    } else {
      // `data:` favicon: a page without one makes Chromium log a 404 as a console error.
      response
        .writeHead(200, { 'content-type': 'text/html' })
        .end('<!doctype html><link rel="icon" href="data:,"><title>client</title><script src="/client.js"></script>');
    }
  });
  await new Promise<void>((resolve) => page.listen(pagePort, '127.0.0.1', resolve));

  const dataDir = join(dir, `.data/browser-client-${Date.now()}`);
  const env = { NODE_ENV: 'development', PGLITE_DATA_DIR: dataDir, CORS_ORIGINS: origin };
  if (template === 'ecommerce') await run(log, 'npm', ['run', 'db:seed'], { cwd: dir, env });
  const server = await startServer(log, dir, env);
  const browser = await launchChromium(log, dir);
  try {
    const tab = await browser.newPage();
    const consoleErrors: string[] = [];
    tab.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    tab.on('pageerror', (error) => consoleErrors.push(error.message));
    await tab.goto(`${origin}/`, { waitUntil: 'load' });
    const result = await tab.evaluate(
      (baseUrl) => (globalThis as unknown as { client: { mainFlow(url: string): Promise<unknown> } }).client.mainFlow(baseUrl),
      server.baseUrl,
    );
    log.write(`\n${template} flow from ${origin} against ${server.baseUrl}:\n${JSON.stringify(result, null, 2)}\n`);
    if (consoleErrors.length > 0) throw new Error(`console errors: ${consoleErrors.join(' | ')}`);
    const failure = checkFlow(result as Record<string, unknown>);
    if (failure) throw new Error(`${template} flow in the browser: ${failure}`);
  } finally {
    await browser.close();
    await server.stop();
    page.close();
  }
}
