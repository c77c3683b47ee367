import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerAndLogin } from '../helpers/auth.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

let app: TestApp;
beforeAll(async () => {
  app = await buildTestApp();
});
afterAll(() => app.close());

type User = Awaited<ReturnType<typeof registerAndLogin>>;
interface Task {
  id: string;
  title: string;
  description: string | null;
  status: string;
  dueDate: string | null;
  tags: string[];
  createdAt: string;
  updatedAt: string;
}

const createTask = async (user: User, payload: Record<string, unknown>) => {
  const response = await app.inject({ method: 'POST', url: '/v1/tasks', headers: user.headers, payload });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<Task>();
};
const request = (user: User, method: 'GET' | 'PATCH' | 'DELETE' | 'POST', url: string, payload?: unknown) =>
  app.inject({ method, url, headers: user.headers, ...(payload === undefined ? {} : { payload: payload as object }) });
const list = async (user: User, query: string) => {
  const response = await request(user, 'GET', `/v1/tasks?${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ items: Task[]; nextCursor: string | null }>();
};
const titlesOf = (page: { items: Task[] }) => page.items.map((task) => task.title).sort();

describe('creating and reading tasks', () => {
  let user: User;
  beforeAll(async () => {
    user = await registerAndLogin(app);
  });

  it('creates a task with defaults and answers 201 with its Location', async () => {
    const response = await request(user, 'POST', '/v1/tasks', { title: 'Write the report' });
    expect(response.statusCode).toBe(201);
    const task = response.json<Task>();
    expect(task).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      title: 'Write the report',
      description: null,
      status: 'todo',
      dueDate: null,
      tags: [],
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(response.headers.location).toBe(`/v1/tasks/${task.id}`);
    expect((await request(user, 'GET', response.headers.location as string)).json()).toEqual(task);
  });

  it('stores tags trimmed, lowercase and without duplicates', async () => {
    const task = await createTask(user, { title: 'Tagged', tags: [' Home', 'home', 'WORK ', 'errands'] });
    expect(task.tags).toEqual(['errands', 'home', 'work']);
  });

  it('keeps every field it was given', async () => {
    const task = await createTask(user, {
      title: 'Plan the trip',
      description: 'Trains, not planes.\nBook early.',
      status: 'in_progress',
      dueDate: '2030-06-01',
      tags: ['travel'],
    });
    expect(task).toMatchObject({
      title: 'Plan the trip',
      description: 'Trains, not planes.\nBook early.',
      status: 'in_progress',
      dueDate: '2030-06-01',
      tags: ['travel'],
    });
  });

  it('a missing task is a 404 problem', async () => {
    const response = await request(user, 'GET', '/v1/tasks/9b2c1f4e-6a55-4f8e-8f0e-1c2d3e4f5a6b');
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toContain('application/problem+json');
  });
});

describe('changing and deleting tasks', () => {
  let user: User;
  beforeAll(async () => {
    user = await registerAndLogin(app);
  });

  it('PATCH changes only the fields it is given', async () => {
    const task = await createTask(user, { title: 'Call Ada', description: 'About the engine', tags: ['calls'] });
    const response = await request(user, 'PATCH', `/v1/tasks/${task.id}`, { status: 'done' });
    expect(response.statusCode).toBe(200);
    const updated = response.json<Task>();
    expect(updated).toEqual({ ...task, status: 'done', updatedAt: expect.any(String) });
    expect(Date.parse(updated.updatedAt)).toBeGreaterThanOrEqual(Date.parse(task.updatedAt));
  });

  it('PATCH with null clears the description and the due date', async () => {
    const task = await createTask(user, { title: 'Renew passport', description: 'Photos', dueDate: '2030-03-01' });
    const updated = (await request(user, 'PATCH', `/v1/tasks/${task.id}`, { description: null, dueDate: null })).json();
    expect(updated).toMatchObject({ title: 'Renew passport', description: null, dueDate: null });
  });

  it('PATCH with tags replaces the whole set', async () => {
    const task = await createTask(user, { title: 'Garden', tags: ['home', 'outside'] });
    const patch = (tags: string[]) => request(user, 'PATCH', `/v1/tasks/${task.id}`, { tags });
    expect((await patch(['Outside', 'spring'])).json().tags).toEqual(['outside', 'spring']);
    expect((await patch([])).json().tags).toEqual([]);
  });

  it('PATCH with nothing to change is a 400', async () => {
    const task = await createTask(user, { title: 'Nothing' });
    expect((await request(user, 'PATCH', `/v1/tasks/${task.id}`, {})).statusCode).toBe(400);
  });

  it('PATCH refuses null for a field that cannot be empty', async () => {
    const task = await createTask(user, { title: 'Keep my title' });
    const response = await request(user, 'PATCH', `/v1/tasks/${task.id}`, { title: null });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0].field).toBe('/title');
  });

  it('DELETE answers 204, and the task is gone', async () => {
    const task = await createTask(user, { title: 'Temporary', tags: ['gone'] });
    const response = await request(user, 'DELETE', `/v1/tasks/${task.id}`);
    expect(response.statusCode).toBe(204);
    expect(response.body).toBe('');
    expect((await request(user, 'GET', `/v1/tasks/${task.id}`)).statusCode).toBe(404);
    expect((await request(user, 'DELETE', `/v1/tasks/${task.id}`)).statusCode).toBe(404);
  });
});

describe('ownership', () => {
  it('another user’s task is a 404 for GET, PATCH and DELETE, and stays unchanged', async () => {
    const alice = await registerAndLogin(app);
    const bob = await registerAndLogin(app);
    const task = await createTask(alice, { title: 'Alice’s secret', tags: ['private'] });
    const missing = await request(bob, 'GET', '/v1/tasks/9b2c1f4e-6a55-4f8e-8f0e-1c2d3e4f5a6b');

    for (const [method, payload] of [['GET'], ['PATCH', { title: 'Bob was here', tags: [] }], ['DELETE']] as const) {
      const response = await request(bob, method, `/v1/tasks/${task.id}`, payload);
      expect(response.statusCode).toBe(404);
      // Indistinguishable from a task that does not exist.
      expect(response.json().detail).toBe(missing.json().detail);
    }
    expect((await request(alice, 'GET', `/v1/tasks/${task.id}`)).json()).toEqual(task);
  });

  it('a list shows only the caller’s own tasks', async () => {
    const alice = await registerAndLogin(app);
    const bob = await registerAndLogin(app);
    await createTask(alice, { title: 'Alice only', tags: ['shared-tag'] });
    expect((await list(bob, 'tag=shared-tag')).items).toEqual([]);
    expect((await list(bob, '')).items).toEqual([]);
  });
});

describe('listing with filters', () => {
  let user: User;
  beforeAll(async () => {
    user = await registerAndLogin(app);
    await createTask(user, { title: 'Buy groceries', tags: ['home', 'errands'], dueDate: '2030-01-10' });
    await createTask(user, {
      title: 'Prepare meeting notes',
      status: 'in_progress',
      tags: ['work'],
      dueDate: '2030-01-05',
    });
    await createTask(user, { title: 'Book dentist', description: 'Ask about the meeting room', status: 'done' });
    await createTask(user, { title: 'Fix bike', tags: ['home'], dueDate: '2030-02-01' });
  });

  it('filters by status', async () => {
    expect(titlesOf(await list(user, 'status=in_progress'))).toEqual(['Prepare meeting notes']);
  });

  it('filters by tag, whatever its case', async () => {
    expect(titlesOf(await list(user, 'tag=HOME'))).toEqual(['Buy groceries', 'Fix bike']);
  });

  it('searches words in title and description, as prefixes', async () => {
    expect(titlesOf(await list(user, 'q=meet'))).toEqual(['Book dentist', 'Prepare meeting notes']);
    expect(titlesOf(await list(user, 'q=Meeting%20notes'))).toEqual(['Prepare meeting notes']);
    expect(titlesOf(await list(user, 'q=grocer'))).toEqual(['Buy groceries']);
  });

  it('treats search input as words, never as query syntax', async () => {
    expect((await list(user, `q=${encodeURIComponent("bike & ! | ' :* (")}`)).items.map((t) => t.title)).toEqual([
      'Fix bike',
    ]);
  });

  it('filters by due date, strictly before, leaving out tasks without one', async () => {
    expect(titlesOf(await list(user, 'dueBefore=2030-01-10'))).toEqual(['Prepare meeting notes']);
  });

  it('combines filters', async () => {
    expect(titlesOf(await list(user, 'tag=home&dueBefore=2030-01-31&q=buy'))).toEqual(['Buy groceries']);
    expect(titlesOf(await list(user, 'tag=home&status=done'))).toEqual([]);
  });

  it('sorts by due date with tasks without one last', async () => {
    const page = await list(user, 'sort=dueDate');
    expect(page.items.map((task) => task.dueDate)).toEqual(['2030-01-05', '2030-01-10', '2030-02-01', null]);
  });
});

describe('pagination', () => {
  let user: User;
  let tasks: Task[];
  beforeAll(async () => {
    user = await registerAndLogin(app);
    const dueDates = ['2030-01-01', '2030-01-01', '2030-01-02', null, null, '2030-01-03', '2030-01-01'];
    tasks = [];
    for (let i = 0; i < 13; i++) {
      tasks.push(await createTask(user, { title: `Task ${i}`, dueDate: dueDates[i % dueDates.length] }));
    }
    // Ties on purpose: several tasks share a creation time, so only the id keeps pages apart.
    for (const [i, task] of tasks.entries()) {
      const createdAt = new Date(Date.UTC(2030, 0, 1, 12, i % 4)).toISOString();
      await app.db.query('UPDATE tasks SET created_at = $2 WHERE id = $1', [task.id, createdAt]);
      task.createdAt = createdAt;
    }
  });

  const pageThrough = async (sort: string, limit: number) => {
    const seen: Task[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await list(
        user,
        `sort=${sort}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(page.items.length).toBeLessThanOrEqual(limit);
      seen.push(...page.items);
      cursor = page.nextCursor;
      pages++;
      expect(pages).toBeLessThan(20);
    } while (cursor);
    return seen.map((task) => task.id);
  };

  const byKeyThenId = (key: (task: Task) => string, descending: boolean) => (a: Task, b: Task) => {
    const order = key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
    return descending ? -order : order;
  };
  const dueKey = (task: Task) => task.dueDate ?? '9999-99-99'; // no due date sorts last
  const expectedOrders: Record<string, (a: Task, b: Task) => number> = {
    createdAt: byKeyThenId((task) => task.createdAt, false),
    '-createdAt': byKeyThenId((task) => task.createdAt, true),
    dueDate: byKeyThenId(dueKey, false),
    '-dueDate': byKeyThenId(dueKey, true),
  };

  for (const [sort, compare] of Object.entries(expectedOrders)) {
    it(`pages through every task exactly once, in order, with sort=${sort}`, async () => {
      const expected = [...tasks].sort(compare).map((task) => task.id);
      for (const limit of [1, 4, 5, 100]) {
        expect(await pageThrough(sort, limit)).toEqual(expected);
      }
    });
  }

  it('the last page has no next cursor', async () => {
    expect((await list(user, 'limit=100')).nextCursor).toBeNull();
    expect((await list(user, 'limit=13')).nextCursor).toBeNull();
    expect((await list(user, 'limit=12')).nextCursor).not.toBeNull();
  });

  it('defaults to 20 per page, newest first', async () => {
    const page = await list(user, '');
    expect(page.items).toHaveLength(13);
    expect(page.items.map((task) => task.id)).toEqual([...tasks].sort(expectedOrders['-createdAt']).map((t) => t.id));
  });
});

describe('bad input is a 4xx problem naming the problem, never a 500', () => {
  let user: User;
  let task: Task;
  beforeAll(async () => {
    user = await registerAndLogin(app);
    task = await createTask(user, { title: 'Unchanged', description: 'Original' });
  });

  const expectProblem = async (
    response: Awaited<ReturnType<typeof request>>,
    status: number,
    field?: string,
  ): Promise<void> => {
    expect(response.statusCode, response.body).toBe(status);
    expect(response.headers['content-type']).toContain('application/problem+json');
    if (field) expect(response.json().errors?.[0]?.field, response.body).toBe(field);
  };

  it.each([
    [{ title: '' }, '/title'],
    [{ title: 'x'.repeat(201) }, '/title'],
    [{}, '/title'],
    [{ title: 'ok', description: 'x'.repeat(5001) }, '/description'],
    [{ title: 'ok', status: 'blocked' }, '/status'],
    [{ title: 'ok', dueDate: 'tomorrow' }, '/dueDate'],
    [{ title: 'ok', dueDate: '2030-02-30' }, '/dueDate'],
    [{ title: 'ok', dueDate: '0000-01-01' }, '/dueDate'],
    [{ title: 'ok', tags: Array.from({ length: 21 }, (_, i) => `tag${i}`) }, '/tags'],
    [{ title: 'ok', tags: ['x'.repeat(31)] }, '/tags/0'],
    [{ title: 'ok', tags: ['   '] }, '/tags/0'],
    [{ title: 'ok', tags: 'home' }, '/tags'],
    [{ title: 'ok', ownerId: '9b2c1f4e-6a55-4f8e-8f0e-1c2d3e4f5a6b' }, '/ownerId'],
    [{ title: 'nul \u0000 byte' }, '/title'],
    [{ title: 'ok', description: 'nul \u0000 byte' }, '/description'],
    [{ title: 42 }, '/title'],
  ])('POST %j is a 400 naming %s', async (payload, field) => {
    await expectProblem(await request(user, 'POST', '/v1/tasks', payload), 400, field);
  });

  it('a PATCH with bad input leaves the task unchanged', async () => {
    await expectProblem(await request(user, 'PATCH', `/v1/tasks/${task.id}`, { description: 'a\u0000b' }), 400);
    await expectProblem(await request(user, 'PATCH', `/v1/tasks/${task.id}`, { title: 'New', status: 'nope' }), 400);
    expect((await request(user, 'GET', `/v1/tasks/${task.id}`)).json()).toEqual(task);
  });

  it('an id that is not a UUID is a 400', async () => {
    for (const method of ['GET', 'PATCH', 'DELETE'] as const) {
      await expectProblem(
        await request(user, method, '/v1/tasks/42', method === 'PATCH' ? { title: 'x' } : undefined),
        400,
        '/id',
      );
    }
  });

  it.each([
    ['q=%00', '/q'],
    ['q=bike%00', '/q'],
    ['q=%21%21', '/q'],
    ['q=', '/q'],
    ['status=blocked', '/status'],
    ['sort=title', '/sort'],
    ['sort=createdAt%3B%20DROP%20TABLE%20tasks', '/sort'],
    ['limit=1000', '/limit'],
    ['limit=0', '/limit'],
    ['limit=ten', '/limit'],
    ['dueBefore=soon', '/dueBefore'],
    ['tag=%00', '/tag'],
    ['cursor=not-a-cursor', '/cursor'],
    ['stauts=done', '/stauts'],
  ])('GET /v1/tasks?%s is a 400 naming %s', async (query, field) => {
    await expectProblem(await request(user, 'GET', `/v1/tasks?${query}`), 400, field);
  });

  it('refuses a cursor made for another sort, or tampered with', async () => {
    await createTask(user, { title: 'Second' });
    const { nextCursor } = await list(user, 'limit=1&sort=createdAt');
    expect(nextCursor).not.toBeNull();
    await expectProblem(
      await request(user, 'GET', `/v1/tasks?limit=1&sort=dueDate&cursor=${nextCursor}`),
      400,
      '/cursor',
    );

    const [sort, , id] = JSON.parse(Buffer.from(String(nextCursor), 'base64url').toString());
    for (const keys of [
      [sort, 'not a time', id],
      [sort, '2030-02-30T00:00:00.000000Z', id],
      [sort, '2030-01-01T00:00:00.000000Z', 'not-a-uuid'],
      ['dueDate', '0000-01-01', id],
      // Whatever PostgreSQL's casts would take or choke on never reaches them: zone names,
      // out-of-range offsets, text around a timestamp or a UUID.
      [sort, '2020-01-01 00:00 Foo/Bar', id],
      [sort, '2020-01-01 00:00:00+99:99', id],
      [sort, '2030-01-01T00:00:00.000000Z ', id],
      [sort, 'x2030-01-01T00:00:00.000000Z', id],
      [sort, '2030-01-01T00:00:00.000000Z', `${id} `],
      [sort, '2030-01-01T00:00:00.000000Z', `x${id}`],
      ['dueDate', '2030-01-01 ', id],
    ]) {
      const cursor = Buffer.from(JSON.stringify(keys)).toString('base64url');
      await expectProblem(
        await request(user, 'GET', `/v1/tasks?limit=1&sort=${keys[0]}&cursor=${cursor}`),
        400,
        '/cursor',
      );
    }
  });

  it('malformed JSON is a 400, another content type a 415, an oversized body a 413', async () => {
    const post = (payload: string, contentType: string) =>
      app.inject({
        method: 'POST',
        url: '/v1/tasks',
        payload,
        headers: { ...user.headers, 'content-type': contentType },
      });
    await expectProblem(await post('{"title": ', 'application/json'), 400);
    await expectProblem(await post('title=x', 'application/x-www-form-urlencoded'), 415);
    await expectProblem(
      await post(JSON.stringify({ title: 'x', description: 'x'.repeat(200_000) }), 'application/json'),
      413,
    );
  });
});
