/**
 * What a conformance suite is made of, and how it runs. A template's suite is a list of user
 * stories; each story's checks ARE its acceptance criteria (their names are the sentences
 * `spec` writes into stories.md), so the report and the spec cannot drift apart.
 */
import type { Violation } from './document.js';
import { type Answer, type Client, mediaTypeOf, NoAnswer, type SentRequest, Unreachable } from './http.js';

export interface Story<Context> {
  /** the anchor in stories.md (`stories.md#<id>`) */
  id: string;
  title: string;
  /** "As a …, I want …, so that …" */
  narrative: string;
  /** the operations the story covers, e.g. `POST /v1/tasks` */
  endpoints: string[];
  checks: Check<Context>[];
}

export interface Check<Context> {
  /** one acceptance criterion, as a sentence */
  name: string;
  run(context: Context): Promise<void>;
}

/** A check whose expectation did not hold: what was sent, what was expected, what came back. */
export class Mismatch extends Error {
  constructor(
    readonly expected: string,
    readonly received: string,
    readonly request?: SentRequest,
    /** set-up failures (accounts.ts `settingUp`): what the step expected, without the step's name */
    readonly setUp?: { expected: string },
  ) {
    super(`expected ${expected}, received ${received}`);
  }
}

/**
 * One root cause, whatever check met it: the operation (ids and query left out), what was
 * expected and what came back. A set-up step failing on a cause already reported is "blocked".
 */
function causeOf(expected: string, received: string, request?: SentRequest): string | undefined {
  if (!request) return undefined;
  const operation = request.path.split('?')[0]!.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '{id}');
  return `${request.method} ${operation}: expected ${expected}, received ${received}`;
}

/** A check that cannot run here (e.g. needs an admin account), with the reason. */
export class Skipped extends Error {}

export type Outcome =
  | { status: 'passed' }
  | { status: 'skipped'; reason: string; blockedBy?: { story: string; check: string } }
  | { status: 'failed'; expected: string; received: string; request?: SentRequest; timedOut?: true };

/** Three checks in a row got no answer in time: the run ends (see command.ts). */
export class StoppedAnswering extends Error {}

export interface CheckResult {
  name: string;
  outcome: Outcome;
  durationMs: number;
}

export interface StoryResult {
  id: string;
  title: string;
  checks: CheckResult[];
}

/**
 * What the document says of an answer (document.ts). A check whose own expectations held still
 * fails on the first broken promise of the document, once per kind (its `key`): one root cause
 * (no `X-Request-Id`) is reported where it first shows, not in every later check.
 */
export type Inspector = (answer: Answer) => Violation[];

export async function runStories<Context extends { client: Client }>(
  stories: readonly Story<Context>[],
  context: Context,
  onResult: (story: Story<Context>, result: CheckResult, first: boolean) => void,
  inspect: Inspector = () => [],
  /** what was already reported (shared by the stages of one run): violation keys, failure causes */
  memory: RunMemory = { reported: new Set(), causes: new Map() },
): Promise<StoryResult[]> {
  const { reported } = memory;
  const results: StoryResult[] = [];
  let timeoutsInARow = 0;
  for (const story of stories) {
    const storyResult: StoryResult = { id: story.id, title: story.title, checks: [] };
    results.push(storyResult);
    for (const check of story.checks) {
      const started = performance.now();
      context.client.takeAnswers();
      let outcome = blockedOrNot(await runOne(check, context), story, check, memory);
      const broken = context.client.takeAnswers().flatMap((answer) => inspect(answer).map((violation) => ({ answer, violation })));
      const fresh = broken.find(({ violation }) => !reported.has(violation.key));
      if (outcome.status === 'passed' && fresh) {
        const { answer, violation } = fresh;
        reported.add(violation.key);
        outcome = { status: 'failed', expected: 'an answer as openapi.json describes it', received: violation.message, request: answer.request };
      }
      // A server that stopped answering would cost a timeout per check: stop after three.
      timeoutsInARow = outcome.status === 'failed' && outcome.timedOut ? timeoutsInARow + 1 : 0;
      if (timeoutsInARow === 3) throw new StoppedAnswering(outcome.status === 'failed' ? outcome.received : '');
      const result = { name: check.name, outcome, durationMs: Math.round(performance.now() - started) };
      onResult(story, result, storyResult.checks.length === 0);
      storyResult.checks.push(result);
    }
  }
  return results;
}

export interface RunMemory {
  reported: Set<string>;
  causes: Map<string, { story: string; check: string }>;
}

/** A set-up step that fails on a cause already reported is skipped as blocked by it, not reported again. */
function blockedOrNot(outcome: Outcome & { cause?: string; setUp?: boolean }, story: { title: string }, check: { name: string }, memory: RunMemory): Outcome {
  if (outcome.status !== 'failed') return outcome;
  const { cause, setUp, ...reported } = outcome;
  if (!cause) return reported;
  const first = memory.causes.get(cause);
  if (first && setUp) return { status: 'skipped', reason: `blocked by the failure of "${first.check}" (${first.story}): ${cause}`, blockedBy: first };
  if (!first) memory.causes.set(cause, { story: story.title, check: check.name });
  return reported;
}

async function runOne<Context>(check: Check<Context>, context: Context): Promise<Outcome & { cause?: string; setUp?: boolean }> {
  try {
    await check.run(context);
    return { status: 'passed' };
  } catch (error) {
    if (error instanceof Skipped) return { status: 'skipped', reason: error.message };
    if (error instanceof Mismatch) {
      const cause = causeOf(error.setUp?.expected ?? error.expected, error.received, error.request);
      return { status: 'failed', expected: error.expected, received: error.received, request: error.request, cause, setUp: Boolean(error.setUp) };
    }
    if (error instanceof NoAnswer) return { status: 'failed', expected: 'an answer', received: error.message, timedOut: true };
    // A lost server ends the run (see command.ts): every further check would say the same.
    if (error instanceof Unreachable) throw error;
    // Anything else is an answer the check could not read (a missing array, a wrong type).
    return { status: 'failed', expected: 'an answer of the documented shape', received: `one the check could not read (${(error as Error).message})` };
  }
}

// ---- Expectations: each throws a Mismatch naming the request, the expectation and the answer. ----

/** `status 404` plus the problem's detail when there is one, so a report says why the server answered so. */
export function describeAnswer(answer: Answer): string {
  // Only an error explains itself (a task's `title` is not a reason).
  const body = answer.status >= 400 || mediaTypeOf(answer) === 'application/problem+json' ? (answer.json as { detail?: unknown; title?: unknown } | undefined) : undefined;
  const why = typeof body?.detail === 'string' ? body.detail : typeof body?.title === 'string' ? body.title : answer.json === undefined && answer.status >= 400 ? answer.text.slice(0, 120) : '';
  return why ? `status ${answer.status} (${why.length > 160 ? `${why.slice(0, 157)}…` : why})` : `status ${answer.status}`;
}

export function expectStatus(answer: Answer, ...statuses: number[]): void {
  if (!statuses.includes(answer.status)) throw new Mismatch(`status ${statuses.join(' or ')}`, describeAnswer(answer), answer.request);
}

/** An object body (the JSON the contract promises), returned typed as the caller says. */
export function expectObject<T = Record<string, unknown>>(answer: Answer): T {
  if (typeof answer.json !== 'object' || answer.json === null || Array.isArray(answer.json)) {
    throw new Mismatch('a JSON object body', `${mediaTypeOf(answer) || 'no content type'}: ${answer.text.slice(0, 80) || '(empty)'}`, answer.request);
  }
  return answer.json as T;
}

/** RFC 9457: the status, `application/problem+json`, `type`/`title`/`status`; with `field`, the field named. */
export function expectProblem(answer: Answer, status: number, field?: string): void {
  expectStatus(answer, status);
  const type = mediaTypeOf(answer);
  if (type !== 'application/problem+json') throw new Mismatch('Content-Type application/problem+json', `Content-Type ${type || '(none)'}`, answer.request);
  const body = expectObject(answer);
  if (body.status !== status) throw new Mismatch(`field \`status\` = ${status}`, 'status' in body ? `field \`status\` = ${JSON.stringify(body.status)}` : 'field `status` missing', answer.request);
  if (typeof body.title !== 'string' || !body.title) throw new Mismatch('field `title` (a string)', 'title' in body ? `field \`title\` = ${JSON.stringify(body.title)}` : 'field `title` missing', answer.request);
  if (field !== undefined && !namesField(body, field)) {
    throw new Mismatch(`a problem that names the field \`${field}\` (in \`errors\` or \`detail\`)`, `${JSON.stringify(body).slice(0, 200)}`, answer.request);
  }
}

/** A field is named by a field error (`field`/`name`/`pointer`, e.g. `/title`) or in the detail text. */
function namesField(body: Record<string, unknown>, field: string): boolean {
  const errors = Array.isArray(body.errors) ? body.errors : [];
  const pointers = errors.flatMap((error) =>
    typeof error === 'object' && error ? [error.field, error.name, error.pointer, error.path].filter((value) => typeof value === 'string') : [],
  );
  const matches = (text: string) => new RegExp(`(^|[^A-Za-z0-9_])${field}([^A-Za-z0-9_]|$)`).test(text);
  return pointers.some(matches) || (typeof body.detail === 'string' && matches(body.detail));
}

/** The field equals the expected value (deep equality for arrays and objects). */
export function expectField(answer: Answer, body: Record<string, unknown>, name: string, expected: unknown): void {
  const actual = body[name];
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    throw new Mismatch(`field \`${name}\` = ${JSON.stringify(expected)}`, name in body ? `field \`${name}\` = ${JSON.stringify(actual)}` : `field \`${name}\` missing`, answer.request);
  }
}

/** The field satisfies a rule described in words ("a UUID", "a date-time"). */
export function expectFieldIs(answer: Answer, body: Record<string, unknown>, name: string, rule: string, holds: (value: unknown) => boolean): void {
  if (!holds(body[name])) throw new Mismatch(`field \`${name}\` to be ${rule}`, name in body ? `field \`${name}\` = ${JSON.stringify(body[name])}` : `field \`${name}\` missing`, answer.request);
}

/** A condition over the answer that the check describes itself. */
export function expectThat(condition: boolean, expected: string, received: string, request?: SentRequest): asserts condition {
  if (!condition) throw new Mismatch(expected, received, request);
}

export const isUuid = (value: unknown) => typeof value === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
export const isDateTime = (value: unknown) => typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value));
export const isString = (value: unknown) => typeof value === 'string' && value.length > 0;
export const isNumber = (value: unknown) => typeof value === 'number' && Number.isFinite(value);
