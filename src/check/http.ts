/**
 * The check's only way to talk to the server under test: Node's built-in fetch, a timeout on
 * every request, a request budget under the templates' default rate limit, and `429
 * Retry-After` honoured. Every answer keeps the request that produced it, so a failed check can
 * show both.
 */
import { setTimeout as sleep } from 'node:timers/promises';

export interface SentRequest {
  method: string;
  path: string;
  body?: unknown;
  /** headers worth showing in a report (never the Authorization value) */
  headers?: Record<string, string>;
  /** the bearer token sent, for the report's curl line (`***` for a secret one, the admin's) */
  token?: string;
  /** the raw body's content type, when not JSON */
  contentType?: string;
}

export interface Answer {
  request: SentRequest;
  status: number;
  headers: Headers;
  text: string;
  /** the body parsed as JSON, or `undefined` when it is empty or not JSON */
  json: unknown;
}

export interface RequestOptions {
  /** sent as JSON unless `rawBody` is given */
  body?: unknown;
  /** a body sent as is, with `contentType` */
  rawBody?: string;
  contentType?: string;
  token?: string;
  headers?: Record<string, string>;
}

/** The server did not answer in time. */
export class NoAnswer extends Error {}
/** The server could not be reached at all (refused, DNS, reset before any answer). */
export class Unreachable extends Error {}

export interface ClientOptions {
  timeoutMs: number;
  /** The longest `Retry-After` worth waiting for; a longer one is reported, not waited out. */
  maxRetryWaitMs: number;
  /** At most this many requests in any 60 s (the templates allow 300 per minute per client by default). */
  perMinute: number;
  onWait?: (message: string) => void;
  /** values never shown in a report (the admin password) */
  secrets?: string[];
}

export class Client {
  readonly baseUrl: string;
  private sentAt: number[] = [];
  /** every answer since the last `takeAnswers()`: the run holds each to the document (suite.ts) */
  private answers: Answer[] = [];
  private readonly secretTokens = new Set<string>();
  requestCount = 0;

  constructor(
    baseUrl: string,
    private readonly options: ClientOptions,
  ) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
  }

  async request(method: string, path: string, options: RequestOptions = {}): Promise<Answer> {
    const headers: Record<string, string> = { accept: 'application/json, application/problem+json', ...options.headers };
    let body: string | undefined;
    if (options.rawBody !== undefined) {
      body = options.rawBody;
      if (options.contentType) headers['content-type'] = options.contentType;
    } else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] = 'application/json';
    }
    const shown: SentRequest = { method, path };
    if (options.body !== undefined) shown.body = this.redact(options.body);
    if (options.rawBody !== undefined) shown.body = this.redact(options.rawBody);
    if (options.headers) shown.headers = options.headers;
    if (options.token !== undefined) {
      headers.authorization = `Bearer ${options.token}`;
      shown.token = this.secretTokens.has(options.token) ? '***' : options.token;
    }
    if (options.rawBody !== undefined && options.contentType) shown.contentType = options.contentType;

    for (let attempt = 1; ; attempt++) {
      await this.withinBudget();
      const answer = await this.send(method, path, headers, body, shown);
      if (answer.status !== 429 || attempt > 3) return answer;
      const waitMs = retryAfterMs(answer.headers.get('retry-after'));
      if (waitMs === undefined || waitMs > this.options.maxRetryWaitMs) return answer;
      this.options.onWait?.(`rate limited on ${method} ${path}: waiting ${Math.ceil(waitMs / 1000)} s (Retry-After)`);
      await sleep(waitMs);
    }
  }

  private async send(method: string, path: string, headers: Record<string, string>, body: string | undefined, shown: SentRequest): Promise<Answer> {
    const url = `${this.baseUrl}${path}`;
    const signal = AbortSignal.timeout(this.options.timeoutMs);
    this.requestCount++;
    try {
      const response = await fetch(url, { method, headers, body, signal, redirect: 'manual' });
      const text = await response.text();
      const answer = { request: shown, status: response.status, headers: response.headers, text, json: parseJson(text) };
      this.answers.push(answer);
      return answer;
    } catch (error) {
      if (signal.aborted) throw new NoAnswer(`no answer to ${method} ${path} within ${this.options.timeoutMs / 1000} s`);
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw new Unreachable(`${method} ${path} failed: ${cause?.code ?? cause?.message ?? (error as Error).message}`);
    }
  }

  /** A token never shown in a report (the admin's: it is a real account's). */
  keepSecret(token: string): void {
    this.secretTokens.add(token);
  }

  takeAnswers(): Answer[] {
    const answers = this.answers;
    this.answers = [];
    return answers;
  }

  private redact(body: unknown): unknown {
    const secrets = (this.options.secrets ?? []).filter(Boolean);
    if (secrets.length === 0) return body;
    let text = JSON.stringify(body);
    for (const secret of secrets) text = text.replaceAll(JSON.stringify(secret).slice(1, -1), '***');
    return JSON.parse(text) as unknown;
  }

  /** Sliding 60 s window: wait before a request that would exceed `perMinute`. */
  private async withinBudget() {
    const now = Date.now();
    this.sentAt = this.sentAt.filter((time) => now - time < 60_000);
    if (this.sentAt.length >= this.options.perMinute) {
      const waitMs = 60_000 - (now - this.sentAt[0]!) + 50;
      this.options.onWait?.(`pausing ${Math.ceil(waitMs / 1000)} s to stay within ${this.options.perMinute} requests per minute`);
      await sleep(waitMs);
    }
    this.sentAt.push(Date.now());
  }
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** `Retry-After` as seconds or as an HTTP date (RFC 9110 §10.2.3). */
export function retryAfterMs(value: string | null): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

export const mediaTypeOf = (answer: Answer) => (answer.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
