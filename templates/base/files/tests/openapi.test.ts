/**
 * The OpenAPI document says what the server does, for every operation: tests/helpers/openapi-check.ts
 * holds every response of every test to it. These tests check the checker, and what the document
 * promises every client.
 */
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './helpers/test-app.js';

let app: TestApp;
beforeAll(async () => {
  app = await buildTestApp({}, (app) => {
    // Two routes that break their own documents (plain replies: the typed ones would not compile).
    app.get('/undocumented-status', { schema: { response: { 200: Type.Object({}) } } }, async (_request, reply) =>
      (reply as FastifyReply).code(202).send({}),
    );
    app.get(
      '/wrong-shape',
      { schema: { response: { 200: Type.Object({ n: Type.Integer() }) } } },
      async (_request, reply) => (reply as FastifyReply).type('application/json').send(JSON.stringify({ n: 'one' })),
    );
  });
});
afterAll(() => app.close());

interface Operation {
  parameters?: { name: string; required?: boolean; schema: { default?: unknown } }[];
  responses: Record<string, { content?: Record<string, unknown>; headers?: Record<string, { required?: boolean }> }>;
}
/** The operations, with what they share in `components` (`$ref`) put back in place. */
const operations = async () => {
  const document = (await app.inject({ method: 'GET', url: '/openapi.json' })).json() as {
    paths: Record<string, Record<string, Operation>>;
  };
  const inline = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(inline);
    if (typeof value !== 'object' || value === null) return value;
    const ref = (value as { $ref?: unknown }).$ref;
    if (typeof ref === 'string' && !ref.startsWith('#/components/schemas/')) {
      return inline(
        ref
          .split('/')
          .slice(1)
          .reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], document),
      );
    }
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, inline(item)]));
  };
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]) => ({
      name: `${method.toUpperCase()} ${path}`,
      operation: inline(operation) as Operation,
    })),
  );
};

describe('the response check in the test helpers', () => {
  it('fails a request whose status the operation does not document', async () => {
    await expect(app.inject({ method: 'GET', url: '/undocumented-status' })).rejects.toThrow(
      /status 202 is not documented/,
    );
  });

  it('fails a body that does not match the documented schema', async () => {
    await expect(app.inject({ method: 'GET', url: '/wrong-shape' })).rejects.toThrow(/body\/n must be integer/);
  });
});

describe('the OpenAPI document', () => {
  it('documents every error as application/problem+json', async () => {
    for (const { name, operation } of await operations()) {
      for (const [status, response] of Object.entries(operation.responses)) {
        // /readyz answers 503 with its health report, not a problem.
        if (Number(status) >= 400 && !(name === 'GET /readyz' && status === '503')) {
          expect(Object.keys(response.content ?? {}), `${name} ${status}`).toEqual(['application/problem+json']);
        }
      }
    }
  });

  it('documents the x-request-id header on every response, and 500 on every operation', async () => {
    for (const { name, operation } of await operations()) {
      expect(operation.responses['500'], name).toBeDefined();
      for (const response of Object.values(operation.responses)) {
        expect(response.headers?.['X-Request-Id']?.required, name).toBe(true);
      }
    }
  });

  it('writes what operations share once, in components, and refers to it', async () => {
    const text = (await app.inject({ method: 'GET', url: '/openapi.json' })).body;
    expect(text.match(/Identifies the request in the server logs/g)).toHaveLength(1);
  });

  it('marks parameters with a default as optional: the server fills them in', async () => {
    for (const { name, operation } of await operations()) {
      for (const parameter of operation.parameters ?? []) {
        if (parameter.schema.default !== undefined) expect(parameter.required, `${name} ${parameter.name}`).toBe(false);
      }
    }
  });
});
