/** The suite of each template, loaded on demand (only the one being checked or written). */
import { workError } from '../errors.js';
import type { ApiDocument } from './document.js';
import type { Client } from './http.js';
import type { Story } from './suite.js';

export interface SuiteOptions {
  document: ApiDocument;
  origin?: string;
  jwtSecret?: string;
  admin?: { email: string; password: string };
}

export interface TemplateSuite {
  template: string;
  /**
   * Routes of this template, asked without a token or body before the run: if every one is a
   * 404, the URL is not this kind of API (one line, exit 1). A learner's half-built server with
   * any one of them goes on to the report, which says what is missing.
   */
  probes: { method: string; path: string; /** a route other templates have too (login) */ shared?: true }[];
  /** the learning order: `check --stage N` runs one stage, stories.md follows the same order */
  stages: Stage[];
  /** fresh stories for one run (checks share state within a run), in stage order */
  stories(): Story<unknown>[];
  context(client: Client, options: SuiteOptions): unknown;
  /** Undoes what the run created where the contract allows (ecommerce archives its products). */
  cleanup?(context: unknown): Promise<void>;
}

/** A step of the learning order: a few stories a learner builds together. */
export interface Stage {
  title: string;
  /** story ids, in order */
  stories: string[];
}

/** The stories in the order of the stages; a story in no stage (or a stage naming no story) is a bug here. */
export function inStageOrder<S extends { id: string }>(stories: S[], stages: Stage[]): S[] {
  const byId = new Map(stories.map((story) => [story.id, story]));
  const ordered = stages.flatMap((stage) =>
    stage.stories.map((id) => {
      const story = byId.get(id);
      if (!story) throw new Error(`stage "${stage.title}" names the story "${id}", which does not exist`);
      byId.delete(id);
      return story;
    }),
  );
  if (byId.size > 0) throw new Error(`stories in no stage: ${[...byId.keys()].join(', ')}`);
  return ordered;
}

export async function suiteOf(template: string): Promise<TemplateSuite> {
  switch (template) {
    case 'task-api':
      return (await import('./task-api.js')).taskApiSuite;
    case 'ecommerce':
      return (await import('./ecommerce.js')).ecommerceSuite;
    case 'external-api':
      return (await import('./external-api.js')).externalApiSuite;
    default:
      // A template whose row in src/templates.ts names a suite not written yet (tests/manifest.test.ts fails too).
      throw workError(`There is no conformance check for ${template} yet.`, 'check and spec work for the templates that have one: see --help.');
  }
}
