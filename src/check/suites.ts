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
  /** A request that tells this kind of API from another (the expected status of a route only this template has). */
  probe: { method: string; path: string; expect: number[] };
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
