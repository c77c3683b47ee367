/**
 * One manifest per template (its row in src/templates.ts): every piece it names, and every piece
 * a template needs elsewhere, exists. The failure lists each missing piece by template and name,
 * so adding a template is working down that list.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scenarios } from '../scripts/bench/scenarios.js';
import { FLOW_CHECKS } from '../scripts/verify/browser.js';
import { VARIANTS } from '../scripts/verify/conformance.js';
import { suiteOf } from '../src/check/suites.js';
import type { LayerManifest } from '../src/plan.js';
import { TEMPLATES, type TemplateInfo } from '../src/templates.js';
import { ROOT } from './helpers/cli.js';

async function missingPieces(template: TemplateInfo): Promise<string[]> {
  const missing: string[] = [];
  const versions = JSON.parse(readFileSync(join(ROOT, 'templates/versions.json'), 'utf8')) as Record<string, string>;
  for (const layer of template.layers) {
    const manifestPath = join(ROOT, 'templates', layer, 'layer.json');
    if (!existsSync(manifestPath)) {
      missing.push(`layer ${layer} (templates/${layer}/layer.json)`);
      continue;
    }
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as LayerManifest;
    for (const name of [...(manifest.dependencies ?? []), ...(manifest.devDependencies ?? [])]) {
      if (!versions[name]) missing.push(`version of ${name}, used by layer ${layer} (templates/versions.json, then npm run template-deps)`);
    }
  }
  const { browserFlow, ...paths } = template.pieces;
  for (const [piece, path] of Object.entries(paths)) if (!existsSync(join(ROOT, path))) missing.push(`${piece} (${path})`);
  const suite = await suiteOf(template.name).catch(() => undefined);
  if (suite?.template !== template.name) missing.push('check suite (a case in src/check/suites.ts)');
  if (!VARIANTS[template.name]?.length) missing.push('conformance variants (VARIANTS in scripts/verify/conformance.ts)');
  if (Boolean(FLOW_CHECKS[template.name]) !== browserFlow) {
    missing.push(`browser expectations (FLOW_CHECKS in scripts/verify/browser.ts${browserFlow ? '' : ', or browserFlow: true in its row'})`);
  }
  if (!scenarios[template.name]) missing.push('bench scenario (scenarios in scripts/bench/scenarios.ts)');
  return missing.map((piece) => `${template.name}: ${piece}`);
}

describe('the template manifest (src/templates.ts)', () => {
  it('names pieces that all exist, for every template', async () => {
    const missing = (await Promise.all(TEMPLATES.map(missingPieces))).flat();
    expect(missing).toEqual([]);
  });

  it('lists each missing piece of a template by name', async () => {
    const [real] = TEMPLATES;
    const unfinished: TemplateInfo = {
      ...real!,
      name: 'todo-api',
      layers: [...real!.layers, 'todo-api'],
      pieces: { checkSuite: 'src/check/todo-api.ts', spec: 'templates/todo-api/spec/openapi.json', contractTests: '.ci/tools/portman/todo-api.yaml', client: 'scripts/verify/clients/todo-api.ts', browserFlow: true },
    };
    expect(await missingPieces(unfinished)).toEqual([
      'todo-api: layer todo-api (templates/todo-api/layer.json)',
      'todo-api: checkSuite (src/check/todo-api.ts)',
      'todo-api: spec (templates/todo-api/spec/openapi.json)',
      'todo-api: contractTests (.ci/tools/portman/todo-api.yaml)',
      'todo-api: client (scripts/verify/clients/todo-api.ts)',
      'todo-api: check suite (a case in src/check/suites.ts)',
      'todo-api: conformance variants (VARIANTS in scripts/verify/conformance.ts)',
      'todo-api: browser expectations (FLOW_CHECKS in scripts/verify/browser.ts)',
      'todo-api: bench scenario (scenarios in scripts/bench/scenarios.ts)',
    ]);
  });

  it('makes a template without a check suite a clear error for check and spec, not a crash', async () => {
    await expect(suiteOf('todo-api')).rejects.toMatchObject({ exitCode: 1, message: 'There is no conformance check for todo-api yet.' });
  });
});
