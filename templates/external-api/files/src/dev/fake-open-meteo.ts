/**
 * A fake Open-Meteo on 127.0.0.1: the geocoding search and the forecast endpoint, answering in
 * the real shapes with made-up but stable weather. The tests run against it (no test touches the
 * internet), and `npm run dev:fake` starts it so the whole app works offline.
 *
 * It can misbehave on demand, which is the point: queue behaviours for the next requests to an
 * endpoint (`fake.queue('forecast', { kind: 'status', status: 503 }, 3)`) and watch retries,
 * the circuit breaker and stale-if-error at work. Over HTTP, the same as
 *   POST /__fake/queue {"endpoint":"forecast","behaviour":{"kind":"hang"},"times":5}
 * `GET /__fake/calls` counts the requests each endpoint received.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SAMPLE_PLACES } from './sample-places.js';

export type FakeEndpoint = 'geocoding' | 'forecast';

export type FakeBehaviour =
  | { kind: 'ok' }
  /** answers normally, after a delay */
  | { kind: 'slow'; delayMs: number }
  /** an error status, e.g. 503, or 429 with `retryAfter` (seconds, or an HTTP date) */
  | { kind: 'status'; status: number; retryAfter?: string }
  /** accepts the request and never answers */
  | { kind: 'hang' }
  /** 200 with a body that is not JSON */
  | { kind: 'malformed' }
  /** 200 with JSON of the wrong shape */
  | { kind: 'invalid' }
  /** 200 with exactly this JSON body (e.g. a place the sample data does not have) */
  | { kind: 'answer'; body: unknown }
  /** closes the connection without an answer (ECONNRESET for the client) */
  | { kind: 'reset' }
  /** a redirect to another host */
  | { kind: 'redirect' }
  /** 200 with a JSON body that never ends (chunked, no Content-Length): only a bounded read stops */
  | { kind: 'huge' };

interface FakeRequest {
  endpoint: FakeEndpoint;
  url: URL;
  userAgent: string | undefined;
}

export interface FakeOpenMeteo {
  /** base URL for both GEOCODING_BASE_URL and WEATHER_BASE_URL */
  url: string;
  /** requests received per endpoint */
  calls: Record<FakeEndpoint, number>;
  /** every request received, oldest first */
  requests: FakeRequest[];
  /** the next `times` requests to `endpoint` behave like this, then it answers normally again */
  queue(endpoint: FakeEndpoint, behaviour: FakeBehaviour, times?: number): void;
  /** forgets queued behaviours and counts */
  reset(): void;
  close(): Promise<void>;
}

export async function startFakeOpenMeteo({ port = 0 } = {}): Promise<FakeOpenMeteo> {
  const queues: Record<FakeEndpoint, FakeBehaviour[]> = { geocoding: [], forecast: [] };
  const calls: Record<FakeEndpoint, number> = { geocoding: 0, forecast: 0 };
  const requests: FakeRequest[] = [];

  const fake: Omit<FakeOpenMeteo, 'url' | 'close'> = {
    calls,
    requests,
    queue(endpoint, behaviour, times = 1) {
      for (let i = 0; i < times; i++) queues[endpoint].push(behaviour);
    },
    reset() {
      queues.geocoding.length = 0;
      queues.forecast.length = 0;
      calls.geocoding = 0;
      calls.forecast = 0;
      requests.length = 0;
    },
  };

  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://fake');
    if (url.pathname.startsWith('/__fake/')) return control(fake, request, response, url);

    const endpoint = endpointOf(url.pathname);
    if (!endpoint) return sendJson(response, 404, { error: true, reason: 'Not Found' });
    calls[endpoint]++;
    requests.push({ endpoint, url, userAgent: request.headers['user-agent'] });

    const behaviour = queues[endpoint].shift() ?? { kind: 'ok' };
    switch (behaviour.kind) {
      case 'hang':
        return;
      case 'reset':
        request.socket.destroy();
        return;
      case 'redirect':
        response.writeHead(302, { location: 'http://example.com/elsewhere' }).end();
        return;
      case 'status':
        response.writeHead(behaviour.status, {
          'content-type': 'application/json',
          ...(behaviour.retryAfter ? { 'retry-after': behaviour.retryAfter } : {}),
        });
        response.end(JSON.stringify({ error: true, reason: `Fake failure ${behaviour.status}` }));
        return;
      case 'malformed':
        response.writeHead(200, { 'content-type': 'application/json' }).end('{"latitude": 52.52, "current": {');
        return;
      case 'invalid':
        return sendJson(response, 200, { latitude: 'north', results: 'many', current: null, daily: [] });
      case 'answer':
        return sendJson(response, 200, behaviour.body);
      case 'huge':
        return sendEndless(response);
      case 'slow':
        await new Promise((resolve) => setTimeout(resolve, behaviour.delayMs));
        break;
      case 'ok':
        break;
    }
    if (endpoint === 'geocoding') return sendJson(response, 200, geocode(url));
    const answer = forecast(url);
    return 'error' in answer ? sendJson(response, 400, answer) : sendJson(response, 200, answer);
  });

  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  const { port: actualPort } = server.address() as AddressInfo;

  return {
    ...fake,
    url: `http://127.0.0.1:${actualPort}`,
    async close() {
      // Hanging requests would keep `close` waiting forever.
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

function endpointOf(pathname: string): FakeEndpoint | undefined {
  if (pathname === '/v1/search') return 'geocoding';
  if (pathname === '/v1/forecast') return 'forecast';
  return undefined;
}

/** Like the real search: matching places, or no `results` at all when nothing matches. */
function geocode(url: URL) {
  const name = (url.searchParams.get('name') ?? '').trim().toLowerCase();
  const results = SAMPLE_PLACES.filter((place) => place.name.toLowerCase() === name).map((place) => ({
    id: place.id,
    name: place.name,
    latitude: place.latitude,
    longitude: place.longitude,
    country: place.country,
    timezone: place.timezone,
    feature_code: 'PPLC',
  }));
  return results.length > 0 ? { results, generationtime_ms: 0.4 } : { generationtime_ms: 0.4 };
}

/** Stable, plausible weather derived from the coordinates, in the real response shapes. */
function forecast(url: URL) {
  const latitude = Number(url.searchParams.get('latitude'));
  const longitude = Number(url.searchParams.get('longitude'));
  if (!url.searchParams.has('latitude') || !Number.isFinite(latitude) || !Number.isFinite(longitude)) {
    return { error: true, reason: 'Parameter latitude and longitude are required' };
  }
  const base = 25 - Math.abs(latitude) / 3;
  const codes = [0, 1, 2, 3, 45, 61, 63, 71, 80, 95];
  const codeAt = (i: number) => codes[Math.abs(Math.round(latitude + longitude + i)) % codes.length] ?? 0;
  const common = {
    latitude,
    longitude,
    generationtime_ms: 0.1,
    utc_offset_seconds: 0,
    timezone: timezoneNear(latitude, longitude),
    elevation: 40,
  };

  if (url.searchParams.has('current')) {
    const now = Math.floor(Date.now() / 900_000) * 900; // the last quarter hour, like the real API
    return {
      ...common,
      current_units: { time: 'unixtime', interval: 'seconds', temperature_2m: '°C', wind_speed_10m: 'km/h' },
      current: {
        time: now,
        interval: 900,
        temperature_2m: round1(base),
        wind_speed_10m: round1(5 + Math.abs(longitude) / 20),
        wind_direction_10m: Math.round(Math.abs(longitude * 2)) % 360,
        weather_code: codeAt(0),
      },
    };
  }

  const days = Math.min(16, Number(url.searchParams.get('forecast_days') ?? 7));
  const today = new Date();
  const dates = Array.from({ length: days }, (_, i) => {
    const date = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() + i));
    return date.toISOString().slice(0, 10);
  });
  return {
    ...common,
    daily_units: { time: 'iso8601', temperature_2m_max: '°C', temperature_2m_min: '°C', precipitation_sum: 'mm' },
    daily: {
      time: dates,
      weather_code: dates.map((_, i) => codeAt(i)),
      temperature_2m_max: dates.map((_, i) => round1(base + 5 + (i % 3))),
      temperature_2m_min: dates.map((_, i) => round1(base - 4 - (i % 2))),
      precipitation_sum: dates.map((_, i) => round1((codeAt(i) >= 61 ? 2.5 : 0) * (1 + (i % 2)))),
    },
  };
}

function timezoneNear(latitude: number, longitude: number) {
  const place = SAMPLE_PLACES.find(
    (candidate) => Math.abs(candidate.latitude - latitude) < 0.1 && Math.abs(candidate.longitude - longitude) < 0.1,
  );
  return place?.timezone ?? 'GMT';
}

/** The control endpoints, for playing with failures while `npm run dev:fake` runs. */
async function control(
  fake: Omit<FakeOpenMeteo, 'url' | 'close'>,
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
) {
  if (request.method === 'GET' && url.pathname === '/__fake/calls') return sendJson(response, 200, fake.calls);
  if (request.method === 'POST' && url.pathname === '/__fake/reset') {
    fake.reset();
    return sendJson(response, 200, { reset: true });
  }
  if (request.method === 'POST' && url.pathname === '/__fake/queue') {
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      const { endpoint, behaviour, times } = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      if (endpoint !== 'geocoding' && endpoint !== 'forecast') throw new Error('endpoint: geocoding or forecast');
      fake.queue(endpoint, behaviour, times ?? 1);
      return sendJson(response, 200, { queued: times ?? 1 });
    } catch (error) {
      return sendJson(response, 400, { error: (error as Error).message });
    }
  }
  return sendJson(response, 404, { error: 'GET /__fake/calls, POST /__fake/queue, POST /__fake/reset' });
}

function sendJson(response: ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
}

/** `{"results":[],"padding":"xxxx…` for as long as the client reads; stops when it goes away. */
async function sendEndless(response: ServerResponse) {
  let closed = false;
  response.once('close', () => {
    closed = true;
    response.emit('drain'); // wakes the loop below, which then stops
  });
  response.writeHead(200, { 'content-type': 'application/json' });
  response.write('{"results":[],"padding":"');
  const chunk = 'x'.repeat(64 * 1024);
  while (!closed) {
    if (!response.write(chunk)) await once(response, 'drain');
  }
}

function round1(value: number) {
  return Math.round(value * 10) / 10;
}
