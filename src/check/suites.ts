/** The suite of each template, loaded on demand (only the one being checked or written). */
import type { Client } from './http.js';
import type { Story } from './suite.js';

export interface SuiteOptions {
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
  probes: { method: string; path: string }[];
  /** fresh stories for one run (checks share state within a run) */
  stories(): Story<unknown>[];
  context(client: Client, options: SuiteOptions): unknown;
  /** Undoes what the run created where the contract allows (ecommerce archives its products). */
  cleanup?(context: unknown): Promise<void>;
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
      throw new Error(`no conformance suite for ${template}`);
  }
}
