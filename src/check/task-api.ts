/** task-api: the account stories, then tasks owned by their creator. */
import { randomInt, randomUUID } from 'node:crypto';
import { settingUp } from './accounts.js';
import { accountsOf, type AuthContext, authStories } from './auth-stories.js';
import { type CommonContext, corsAndDocumentStories, healthStory, rateLimitStory } from './common-stories.js';
import type { Answer, Client } from './http.js';
import { expectField, expectFieldIs, expectObject, expectProblem, expectStatus, expectThat, isDateTime, isUuid, Skipped, type Story } from './suite.js';
import { inStageOrder, type Stage, type SuiteOptions, type TemplateSuite } from './suites.js';

interface Context extends AuthContext, CommonContext {}

type Task = { id: string; title: string; description: string | null; status: string; dueDate: string | null; tags: string[]; createdAt: string; updatedAt: string };
type Page = { items: Task[]; nextCursor: string | null };

function createTask(client: Client, token: string, body: Record<string, unknown>) {
  return client.request('POST', '/v1/tasks', { token, body });
}

async function mustCreateTask(client: Client, token: string, body: Record<string, unknown>): Promise<Task> {
  const answer = await createTask(client, token, body);
  settingUp('create a task', () => expectStatus(answer, 201));
  return expectObject<Task>(answer);
}

/**
 * A made-up word (`zoravek`), different on every run: titles, tags and searches use them, so a
 * server cannot pass by recognising the check's data.
 */
export function madeUpWord(length = 7): string {
  const consonants = 'bdfgklmnprstvz';
  const vowels = 'aeiou';
  return Array.from({ length }, (_, i) => (i % 2 === 0 ? consonants : vowels)[randomInt(i % 2 === 0 ? consonants.length : vowels.length)]).join('');
}
const capitalized = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

function taskStories(): Story<Context>[] {
  let created: { task: Task; location: string } | undefined;
  // A tag only this run uses, so list checks see exactly the tasks they made.
  const runTag = `check-${madeUpWord(6)}-${randomUUID().slice(0, 4)}`;
  const privateTag = `check-${madeUpWord(6)}-${randomUUID().slice(0, 4)}`;
  // Words of this run's titles (distinct first four letters, so each prefix finds its own).
  const words: string[] = [];
  while (words.length < 6) {
    const word = madeUpWord();
    if (!words.some((other) => other.slice(0, 4) === word.slice(0, 4))) words.push(word);
  }
  const [w1, w2, w3, w4, w5, w6] = words as [string, string, string, string, string, string];
  const year = 2031 + randomInt(8);
  let listed: Task[] = [];
  let privateTask: Task | undefined;

  const listAll = async (client: Client, token: string, query: string) => {
    const answer = await client.request('GET', `/v1/tasks?${query}`, { token });
    expectStatus(answer, 200);
    return { answer, page: expectObject<Page>(answer) };
  };
  const ids = (tasks: Task[]) => tasks.map((task) => task.id);

  return [
    {
      id: 'manage-tasks',
      title: 'Manage my tasks',
      narrative: 'As a user, I want to create, read, change and delete my tasks, so that my list matches my work.',
      endpoints: ['POST /v1/tasks', 'GET /v1/tasks/{id}', 'PATCH /v1/tasks/{id}', 'DELETE /v1/tasks/{id}'],
      checks: [
        {
          name: 'Creating a task answers 201, a `Location` header of the new task, and the task with defaults (`status: "todo"`) and its tags trimmed and lowercase',
          async run({ client, account }) {
            const { accessToken } = await account('owner');
            const [title, description, tag, dueDate] = [`Write the ${w1} report`, `About ${w2}, for ${w3}.`, madeUpWord(5), `${year}-05-0${1 + randomInt(9)}`];
            const answer = await createTask(client, accessToken, { title, description, tags: [` ${capitalized(tag)} `], dueDate });
            expectStatus(answer, 201);
            const task = expectObject<Task>(answer);
            expectFieldIs(answer, task, 'id', 'a UUID', isUuid);
            expectField(answer, task, 'title', title);
            expectField(answer, task, 'status', 'todo');
            expectField(answer, task, 'dueDate', dueDate);
            expectField(answer, task, 'description', description);
            expectField(answer, task, 'tags', [tag]);
            expectFieldIs(answer, task, 'createdAt', 'a date-time', isDateTime);
            expectFieldIs(answer, task, 'updatedAt', 'a date-time', isDateTime);
            const location = answer.headers.get('location') ?? '';
            expectThat(location.endsWith(`/v1/tasks/${task.id}`), `header Location = /v1/tasks/${task.id}`, `Location = ${location || '(none)'}`, answer.request);
            created = { task, location };
          },
        },
        {
          name: 'The `Location` answers 200 with the same task',
          async run({ client, account }) {
            if (!created) throw new Skipped('needs the first check of this story to pass');
            const path = new URL(created.location, client.baseUrl).pathname.replace(new URL(client.baseUrl).pathname.replace(/\/$/, ''), '');
            const answer = await client.request('GET', path, { token: (await account('owner')).accessToken });
            expectStatus(answer, 200);
            expectField(answer, expectObject(answer), 'id', created.task.id);
          },
        },
        {
          name: 'PATCH changes only the fields sent (the others, `description` too, keep their values), and `null` clears `dueDate`',
          async run({ client, account }) {
            if (!created) throw new Skipped('needs the first check of this story to pass');
            const token = (await account('owner')).accessToken;
            const answer = await client.request('PATCH', `/v1/tasks/${created.task.id}`, { token, body: { status: 'in_progress', dueDate: null } });
            expectStatus(answer, 200);
            const task = expectObject<Task>(answer);
            expectField(answer, task, 'status', 'in_progress');
            expectField(answer, task, 'dueDate', null);
            expectField(answer, task, 'title', created.task.title);
            expectField(answer, task, 'description', created.task.description);
            expectField(answer, task, 'tags', created.task.tags);
          },
        },
        {
          name: 'DELETE answers 204, and the task is then a 404 problem',
          async run({ client, account }) {
            if (!created) throw new Skipped('needs the first check of this story to pass');
            const token = (await account('owner')).accessToken;
            expectStatus(await client.request('DELETE', `/v1/tasks/${created.task.id}`, { token }), 204);
            expectProblem(await client.request('GET', `/v1/tasks/${created.task.id}`, { token }), 404);
          },
        },
        {
          name: 'A task id that does not exist is a 404 problem',
          async run({ client, account }) {
            expectProblem(await client.request('GET', `/v1/tasks/${randomUUID()}`, { token: (await account('owner')).accessToken }), 404);
          },
        },
      ],
    },
    {
      id: 'task-validation',
      title: 'Invalid tasks are refused with the reason',
      narrative: 'As a client developer, I want an invalid request refused with a problem that names the field, so that I can fix my request.',
      endpoints: ['POST /v1/tasks', 'PATCH /v1/tasks/{id}'],
      checks: [
        ...(
          [
            ['An empty title is a 400 problem naming `title`', { title: '' }, 'title'],
            ['A title over 200 characters is a 400 problem naming `title`', { title: 'x'.repeat(201) }, 'title'],
            ['A status outside todo, in_progress, done is a 400 problem naming `status`', { title: 'Valid', status: 'later' }, 'status'],
            ['A `dueDate` that is not a date is a 400 problem naming `dueDate`', { title: 'Valid', dueDate: 'next friday' }, 'dueDate'],
            ['More than 20 tags is a 400 problem naming `tags`', { title: 'Valid', tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }, 'tags'],
            ['A value of the wrong type (`"title": 42`) is a 400 problem naming `title`, not coerced', { title: 42 }, 'title'],
            ['An unknown field is a 400 problem naming it', { title: 'Valid', priority: 'high' }, 'priority'],
          ] as const
        ).map(([name, body, field]) => ({
          name,
          async run({ client, account }: Context) {
            expectProblem(await createTask(client, (await account('owner')).accessToken, body), 400, field);
          },
        })),
        {
          name: 'Malformed JSON is a 400 problem',
          async run({ client, account }) {
            expectProblem(await client.request('POST', '/v1/tasks', { token: (await account('owner')).accessToken, rawBody: '{"title": ', contentType: 'application/json' }), 400);
          },
        },
        {
          name: 'A body that is not JSON (`text/plain`) is a 415 problem',
          async run({ client, account }) {
            expectProblem(await client.request('POST', '/v1/tasks', { token: (await account('owner')).accessToken, rawBody: 'title=x', contentType: 'text/plain' }), 415);
          },
        },
      ],
    },
    {
      id: 'find-tasks',
      title: 'Find my tasks',
      narrative: 'As a user with many tasks, I want to filter, search, sort and page through them, so that I find what I need and miss nothing.',
      endpoints: ['GET /v1/tasks?status=&tag=&q=&dueBefore=&sort=&limit=&cursor='],
      checks: [
        {
          name: 'Filtering by `tag` returns exactly my tasks with that tag',
          async run({ client, account }) {
            const token = (await account('owner')).accessToken;
            const specs = [
              { title: `Pay ${w1}`, status: 'todo', dueDate: `${year}-01-10` },
              { title: `Book ${w2}`, status: 'done', dueDate: `${year}-03-05` },
              { title: `Plan ${w3} and ${w4}`, status: 'in_progress', dueDate: null },
              { title: `Renew ${w4}`, status: 'todo', dueDate: `${year}-02-20` },
              { title: `Call ${w5}er`, status: 'todo', dueDate: `${year}-04-01` },
              // The word of the task above inside another word: a prefix search must not find it.
              { title: `Fix un${w5}ed ${w6}`, status: 'done', dueDate: `${year}-06-15` },
              // A varying count, so no server can answer a fixed number.
              ...Array.from({ length: randomInt(3) }, () => ({ title: `Sort ${madeUpWord()}`, status: 'todo', dueDate: null })),
            ];
            listed = [];
            for (const spec of specs) listed.push(await mustCreateTask(client, token, { ...spec, tags: [runTag] }));
            const { answer, page } = await listAll(client, token, `tag=${runTag}&limit=100`);
            expectThat(sameSet(ids(page.items), ids(listed)), `the ${listed.length} tasks tagged ${runTag}`, `${page.items.length} tasks: ${titles(page.items)}`, answer.request);
          },
        },
        {
          name: 'Filtering by `status` returns only tasks with that status',
          async run({ client, account }) {
            if (listed.length === 0) throw new Skipped('needs the first check of this story to pass');
            const { answer, page } = await listAll(client, (await account('owner')).accessToken, `tag=${runTag}&status=todo&limit=100`);
            const expected = listed.filter((task) => task.status === 'todo');
            expectThat(sameSet(ids(page.items), ids(expected)), `the ${expected.length} "todo" tasks`, `${page.items.length} tasks: ${titles(page.items)}`, answer.request);
          },
        },
        {
          name: '`q` finds tasks by the start of a word of the title, case-insensitively: `plumb` finds "Call plumber", not "Fix unplumbed pipes"',
          async run({ client, account }) {
            if (listed.length === 0) throw new Skipped('needs the first check of this story to pass');
            const { answer, page } = await listAll(client, (await account('owner')).accessToken, `tag=${runTag}&q=${capitalized(w5)}&limit=100`);
            const title = `Call ${w5}er`;
            expectThat(page.items.length === 1 && page.items[0]!.title === title, `only "${title}" (not "Fix un${w5}ed ${w6}": \`q\` matches the start of a word)`, `${page.items.length} tasks: ${titles(page.items)}`, answer.request);
          },
        },
        {
          name: 'Several `q` words must all match (AND), each as the start of a word, in any order',
          async run({ client, account }) {
            if (listed.length === 0) throw new Skipped('needs the first check of this story to pass');
            const { answer, page } = await listAll(client, (await account('owner')).accessToken, `tag=${runTag}&q=${encodeURIComponent(`${w4.slice(0, 4)} ${w3.slice(0, 5)}`)}&limit=100`);
            const title = `Plan ${w3} and ${w4}`;
            expectThat(page.items.length === 1 && page.items[0]!.title === title, `only "${title}" (not "Renew ${w4}", which has one of the words)`, `${page.items.length} tasks: ${titles(page.items)}`, answer.request);
          },
        },
        {
          name: '`dueBefore` returns only tasks due strictly before that date',
          async run({ client, account }) {
            if (listed.length === 0) throw new Skipped('needs the first check of this story to pass');
            const cutoff = `${year}-03-05`;
            const { answer, page } = await listAll(client, (await account('owner')).accessToken, `tag=${runTag}&dueBefore=${cutoff}&limit=100`);
            const expected = listed.filter((task) => task.dueDate !== null && task.dueDate < cutoff);
            expectThat(sameSet(ids(page.items), ids(expected)), `${titles(expected)}`, `${titles(page.items)}`, answer.request);
          },
        },
        {
          name: '`sort=dueDate` orders by due date, tasks without one last',
          async run({ client, account }) {
            if (listed.length === 0) throw new Skipped('needs the first check of this story to pass');
            const { answer, page } = await listAll(client, (await account('owner')).accessToken, `tag=${runTag}&sort=dueDate&limit=100`);
            const due = (task: Task) => task.dueDate ?? '9999';
            // Tasks without a due date come last in any order among themselves.
            const inOrder = page.items.length === listed.length && page.items.every((task, i) => i === 0 || due(page.items[i - 1]!) <= due(task));
            const expected = [...listed].sort((a, b) => due(a).localeCompare(due(b)));
            expectThat(inOrder && sameSet(ids(page.items), ids(listed)), titles(expected), titles(page.items), answer.request);
          },
        },
        {
          name: 'Paging with `limit=2` and `nextCursor` returns every task exactly once, then `nextCursor: null`',
          async run({ client, account }) {
            if (listed.length === 0) throw new Skipped('needs the first check of this story to pass');
            const token = (await account('owner')).accessToken;
            const seen: Task[] = [];
            let cursor: string | null = null;
            let last: Answer | undefined;
            for (let pages = 0; pages < 10; pages++) {
              const { answer, page } = await listAll(client, token, `tag=${runTag}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
              last = answer;
              expectThat(page.items.length <= 2, 'at most 2 items per page', `${page.items.length} items`, answer.request);
              seen.push(...page.items);
              cursor = page.nextCursor;
              if (cursor === null) break;
            }
            const unique = new Set(ids(seen));
            expectThat(unique.size === seen.length, 'no task on two pages', `repeated: ${titles(seen.filter((task, i) => ids(seen).indexOf(task.id) !== i))}`, last?.request);
            expectThat(sameSet([...unique], ids(listed)), `all ${listed.length} tasks over the pages`, `${unique.size} tasks: ${titles(seen)}`, last?.request);
          },
        },
        {
          name: 'A `limit` over the maximum (100) is a 400 problem naming `limit`',
          async run({ client, account }) {
            expectProblem(await client.request('GET', '/v1/tasks?limit=101', { token: (await account('owner')).accessToken }), 400, 'limit');
          },
        },
        {
          name: 'An unknown `status` filter is a 400 problem naming `status`',
          async run({ client, account }) {
            expectProblem(await client.request('GET', '/v1/tasks?status=someday', { token: (await account('owner')).accessToken }), 400, 'status');
          },
        },
      ],
    },
    {
      id: 'private-tasks',
      title: 'My tasks are mine',
      narrative: "As a user, I want my tasks invisible and untouchable to everyone else, so that another user's mistake or curiosity cannot reach them.",
      endpoints: ['GET /v1/tasks', 'GET|PATCH|DELETE /v1/tasks/{id}'],
      checks: [
        {
          name: "Another user's task is a 404 problem, exactly like a missing one",
          async run({ client, account }) {
            privateTask = await mustCreateTask(client, (await account('owner')).accessToken, { title: `Private ${w6} plans`, tags: [privateTag] });
            expectProblem(await client.request('GET', `/v1/tasks/${privateTask.id}`, { token: (await account('stranger')).accessToken }), 404);
          },
        },
        {
          name: "Another user's PATCH and DELETE are 404 problems, and the task stays unchanged",
          async run({ client, account }) {
            if (!privateTask) throw new Skipped('needs the first check of this story to pass');
            const stranger = (await account('stranger')).accessToken;
            expectProblem(await client.request('PATCH', `/v1/tasks/${privateTask.id}`, { token: stranger, body: { title: 'Hijacked' } }), 404);
            expectProblem(await client.request('DELETE', `/v1/tasks/${privateTask.id}`, { token: stranger }), 404);
            const answer = await client.request('GET', `/v1/tasks/${privateTask.id}`, { token: (await account('owner')).accessToken });
            expectStatus(answer, 200);
            expectField(answer, expectObject(answer), 'title', privateTask.title);
          },
        },
        {
          name: "Another user's list does not show my tasks",
          async run({ client, account }) {
            if (!privateTask) throw new Skipped('needs the first check of this story to pass');
            const { answer, page } = await listAll(client, (await account('stranger')).accessToken, `tag=${privateTag}&limit=100`);
            expectThat(page.items.length === 0, 'no tasks', `${page.items.length} tasks: ${titles(page.items)}`, answer.request);
          },
        },
      ],
    },
  ];
}

const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((id) => b.includes(id));
const titles = (tasks: Task[]) => (tasks.length ? tasks.map((task) => `"${task.title}"`).join(', ') : '(none)');

const STAGES: Stage[] = [
  { title: 'Health', stories: ['health'] },
  { title: 'Register and log in', stories: ['register', 'log-in'] },
  { title: 'Tasks: create, read, change, delete', stories: ['manage-tasks'] },
  { title: 'Owner scoping', stories: ['private-tasks'] },
  { title: 'Validation', stories: ['task-validation'] },
  { title: 'List, search and paging', stories: ['find-tasks'] },
  { title: 'Tokens and rotation', stories: ['sessions', 'tokens'] },
  { title: 'Rate limits', stories: ['rate-limits'] },
  { title: 'CORS and documents', stories: ['cors-and-documents'] },
];

export const taskApiSuite: TemplateSuite = {
  template: 'task-api',
  stages: STAGES,
  probes: [
    { method: 'GET', path: '/v1/tasks' },
    { method: 'GET', path: '/v1/me', shared: true },
    { method: 'POST', path: '/v1/auth/login', shared: true },
  ],
  stories: () =>
    inStageOrder(
      [
        healthStory<Context>(),
        ...authStories<Context>(),
        ...taskStories(),
        rateLimitStory<Context>('GET /v1/me', async ({ client, account }) => client.request('GET', '/v1/me', { token: (await account('owner')).accessToken })),
        ...corsAndDocumentStories<Context>('/v1/me'),
      ],
      STAGES,
    ) as Story<unknown>[],
  context: (client: Client, options: SuiteOptions): Context => ({
    client,
    document: options.document,
    origin: options.origin,
    jwtSecret: options.jwtSecret,
    account: accountsOf(client),
  }),
};
