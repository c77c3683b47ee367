/**
 * Tier 6: the interactive API docs open in a real browser (Debian's Chromium, headless), show
 * every operation of the OpenAPI document, and log no console errors.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { run } from './exec.js';
import { REPO } from './environment.js';
import type { Log } from './report.js';
import { startServer } from './server.js';

const CHROMIUM = '/usr/bin/chromium';

export async function docsInBrowser(log: Log, dir: string) {
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
  const document = JSON.parse(await readFile(join(dir, 'openapi.json'), 'utf8')) as { paths: Record<string, object> };
  const methods = new Set(['get', 'put', 'post', 'delete', 'patch']);
  const operations = Object.values(document.paths).flatMap((item) => Object.keys(item).filter((key) => methods.has(key)));

  const server = await startServer(log, dir, { NODE_ENV: 'development', PGLITE_DATA_DIR: join(dir, '.data/browser') });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
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
