/**
 * What happens before a route runs, over a real socket: slow clients are cut off by the server
 * timeouts, and requests Node or Fastify reject on their own (headers too large, a path
 * parameter too long, bytes that are not HTTP) still get a problem+json answer.
 */

import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { Type } from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './helpers/test-app.js';

let app: TestApp;
let port: number;

beforeAll(async () => {
  app = await buildTestApp({ HEADERS_TIMEOUT_MS: '300', REQUEST_TIMEOUT_MS: '600' }, (app) => {
    app.get('/items/:id', { schema: { params: Type.Object({ id: Type.String() }) } }, async (request) => ({
      id: request.params.id,
    }));
    app.post('/items', async () => ({ created: true }));
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  port = (app.server.address() as AddressInfo).port;
});
afterAll(() => app.close());

interface RawAnswer {
  status: number;
  headers: string;
  body: string;
  /** ms from connecting until the server closed the connection */
  closedAfterMs: number;
}

/** Writes `chunks` to a raw socket (waiting `pauseMs` before each) and reads until the server closes it. */
function raw(chunks: string[], pauseMs = 0): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const startedAt = Date.now();
    const socket = connect(port, '127.0.0.1');
    let received = '';
    socket.on('data', (data) => (received += data.toString('utf8')));
    socket.on('error', () => {}); // the server may reset while we still write
    socket.on('close', () => {
      const [head = '', body = ''] = received.split('\r\n\r\n');
      resolve({ status: Number(head.split(' ')[1]), headers: head, body, closedAfterMs: Date.now() - startedAt });
    });
    socket.on('connect', async () => {
      for (const chunk of chunks) {
        if (pauseMs > 0) await new Promise((done) => setTimeout(done, pauseMs));
        if (!socket.destroyed) socket.write(chunk);
      }
    });
    setTimeout(() => reject(new Error(`still open after 10 s; received: ${received}`)), 10_000).unref();
  });
}

const problemOf = (answer: RawAnswer) => {
  expect(answer.headers.toLowerCase()).toContain('content-type: application/problem+json');
  return JSON.parse(answer.body);
};

describe('server timeouts', () => {
  it('closes a connection whose headers never finish, with a 408', async () => {
    const answer = await raw(['GET /healthz HTTP/1.1\r\n', 'Host: localhost\r\n']);
    expect(answer.status).toBe(408);
    expect(problemOf(answer)).toMatchObject({ status: 408, title: 'Request Timeout' });
    // HEADERS_TIMEOUT_MS plus at most one check interval (1 s): not the Node default of a minute.
    expect(answer.closedAfterMs).toBeLessThan(3_000);
  });

  it('closes a connection whose body arrives too slowly, with a 408', async () => {
    const head =
      'POST /items HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n';
    const answer = await raw([head, ...Array.from({ length: 20 }, () => ' ')], 200);
    expect(answer.status).toBe(408);
    expect(answer.closedAfterMs).toBeLessThan(4_000);
  });
});

describe('errors raised before a route runs are problem+json', () => {
  it('headers larger than the server accepts: 431', async () => {
    const answer = await raw([`GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`]);
    expect(answer.status).toBe(431);
    expect(problemOf(answer)).toMatchObject({ status: 431, title: 'Request Header Fields Too Large' });
  });

  it('bytes that are not HTTP: 400', async () => {
    const answer = await raw(['NOT HTTP AT ALL\r\n\r\n']);
    expect(answer.status).toBe(400);
    expect(problemOf(answer)).toMatchObject({ status: 400, title: 'Bad Request' });
  });

  it('a path parameter longer than Fastify accepts: 414 URI Too Long', async () => {
    const response = await app.inject({ method: 'GET', url: `/items/${'x'.repeat(500)}` });
    expect(response.statusCode).toBe(414);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({ status: 414, title: 'URI Too Long' });
  });

  it('a URL that cannot be decoded: 400', async () => {
    const response = await app.inject({ method: 'GET', url: '/items/%E0%A4%A' });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({ status: 400, title: 'Bad Request' });
  });
});

describe('while the server shuts down', () => {
  it('a request that still arrives gets a 503 problem with Retry-After; the probes still answer', async () => {
    let releaseShutdown = () => {};
    const shutdownHeld = new Promise<void>((resolve) => (releaseShutdown = resolve));
    const draining = await buildTestApp({}, (app) => {
      // Holds `close()` after the app knows it is closing but before the listener stops.
      app.addHook('preClose', () => shutdownHeld);
    });
    await draining.listen({ host: '127.0.0.1', port: 0 });
    const base = `http://127.0.0.1:${(draining.server.address() as AddressInfo).port}`;
    const closed = draining.close();
    try {
      const response = await fetch(`${base}/openapi.json`);
      expect(response.status).toBe(503);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(response.headers.get('retry-after')).toBe('1');
      expect(response.headers.get('x-request-id')).toBeTruthy();
      expect(await response.json()).toMatchObject({ status: 503, title: 'Service Unavailable' });
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
    } finally {
      releaseShutdown();
      await closed;
    }
  });
});
