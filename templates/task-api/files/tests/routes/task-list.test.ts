/** GET /v1/tasks: filters, search, sorts and keyset pagination, only ever the caller's own tasks. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerAndLogin } from '../helpers/auth.js';
import { createTask, expectProblem, listTasks, request, type Task, type User } from '../helpers/tasks.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

let app: TestApp;
beforeAll(async () => {
  app = await buildTestApp();
});
afterAll(() => app.close());

const titlesOf = (page: { items: Task[] }) => page.items.map((task) => task.title).sort();

describe('ownership of lists', () => {
  it('a list shows only the caller’s own tasks', async () => {
    const alice = await registerAndLogin(app);
    const bob = await registerAndLogin(app);
    await createTask(app, alice, { title: 'Alice only', description: 'Secret plans', tags: ['shared-tag'] });
    await createTask(app, bob, { title: 'Bob’s own', status: 'done' });
    expect((await listTasks(app, bob, 'tag=shared-tag')).items).toEqual([]);
    // Words in the title or the description, but never from another user's tasks: every filter
    // is combined with the owner's condition, whatever the filter contains.
    for (const query of ['q=secret', 'q=alice', 'q=plans&status=todo', 'q=secret&sort=dueDate']) {
      expect((await listTasks(app, bob, query)).items, `bob searching ${query} sees alice's task`).toEqual([]);
    }
    expect(titlesOf(await listTasks(app, bob, ''))).toEqual(['Bob’s own']);
  });
});

describe('listing with filters', () => {
  let user: User;
  beforeAll(async () => {
    user = await registerAndLogin(app);
    await createTask(app, user, { title: 'Buy groceries', tags: ['home', 'errands'], dueDate: '2030-01-10' });
    await createTask(app, user, {
      title: 'Prepare meeting notes',
      status: 'in_progress',
      tags: ['work'],
      dueDate: '2030-01-05',
    });
    await createTask(app, user, { title: 'Book dentist', description: 'Ask about the meeting room', status: 'done' });
    await createTask(app, user, { title: 'Fix bike', tags: ['home'], dueDate: '2030-02-01' });
  });

  it('filters by status', async () => {
    expect(titlesOf(await listTasks(app, user, 'status=in_progress'))).toEqual(['Prepare meeting notes']);
  });

  it('filters by tag, whatever its case', async () => {
    expect(titlesOf(await listTasks(app, user, 'tag=HOME'))).toEqual(['Buy groceries', 'Fix bike']);
  });

  it('searches words in title and description, as prefixes', async () => {
    expect(titlesOf(await listTasks(app, user, 'q=meet'))).toEqual(['Book dentist', 'Prepare meeting notes']);
    expect(titlesOf(await listTasks(app, user, 'q=Meeting%20notes'))).toEqual(['Prepare meeting notes']);
    expect(titlesOf(await listTasks(app, user, 'q=grocer'))).toEqual(['Buy groceries']);
  });

  it('treats search input as words, never as query syntax', async () => {
    expect(
      (await listTasks(app, user, `q=${encodeURIComponent("bike & ! | ' :* (")}`)).items.map((t) => t.title),
    ).toEqual(['Fix bike']);
  });

  it('filters by due date, strictly before, leaving out tasks without one', async () => {
    expect(titlesOf(await listTasks(app, user, 'dueBefore=2030-01-10'))).toEqual(['Prepare meeting notes']);
  });

  it('combines filters', async () => {
    expect(titlesOf(await listTasks(app, user, 'tag=home&dueBefore=2030-01-31&q=buy'))).toEqual(['Buy groceries']);
    expect(titlesOf(await listTasks(app, user, 'tag=home&status=done'))).toEqual([]);
  });

  it('sorts by due date with tasks without one last', async () => {
    const page = await listTasks(app, user, 'sort=dueDate');
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
      tasks.push(await createTask(app, user, { title: `Task ${i}`, dueDate: dueDates[i % dueDates.length] }));
    }
    // Ties on purpose: several tasks share a creation time, so only the id keeps pages apart.
    // And times a millisecond cannot tell apart, as a real server writes them: three instants in
    // one millisecond (0, 250 and 500 µs after it). A cursor must keep all six digits.
    for (const [i, task] of tasks.entries()) {
      const createdAt = `2030-01-01T12:0${i % 4}:00.000${String((i % 3) * 250).padStart(3, '0')}Z`;
      await app.db.query('UPDATE tasks SET created_at = $2 WHERE id = $1', [task.id, createdAt]);
      exactCreatedAt.set(task.id, createdAt);
      task.createdAt = `${createdAt.slice(0, 23)}Z`;
    }
  });
  /** Each task's creation time to the microsecond (the API shows milliseconds). */
  const exactCreatedAt = new Map<string, string>();

  const pageThrough = async (sort: string, limit: number) => {
    const seen: Task[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await listTasks(
        app,
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
    createdAt: byKeyThenId((task) => exactCreatedAt.get(task.id) ?? '', false),
    '-createdAt': byKeyThenId((task) => exactCreatedAt.get(task.id) ?? '', true),
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

  it('a task created or deleted between two page requests neither repeats nor skips another', async () => {
    const owner = await registerAndLogin(app);
    const created: Task[] = [];
    for (let i = 0; i < 7; i++) created.push(await createTask(app, owner, { title: `Moving ${i}` }));
    const expected = [...created].reverse().map((task) => task.id); // newest first
    const next = (cursor: string | null) =>
      listTasks(app, owner, `limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);

    const first = await next(null);
    // A new task arrives: it sorts first, before everything already seen...
    await createTask(app, owner, { title: 'Arrived meanwhile' });
    const second = await next(first.nextCursor);
    // ...and a task already seen is deleted.
    await request(app, owner, 'DELETE', `/v1/tasks/${created[6]?.id}`);
    const seen = [...first.items, ...second.items];
    let cursor = second.nextCursor;
    for (let pages = 0; cursor && pages < 10; pages++) {
      const page = await next(cursor);
      seen.push(...page.items);
      cursor = page.nextCursor;
    }
    expect(
      seen.map((task) => task.id),
      'every task once, in order: a page must start after the last task seen, not at a position (OFFSET)',
    ).toEqual(expected);
  });

  it('the last page has no next cursor', async () => {
    expect((await listTasks(app, user, 'limit=100')).nextCursor).toBeNull();
    expect((await listTasks(app, user, 'limit=13')).nextCursor).toBeNull();
    expect((await listTasks(app, user, 'limit=12')).nextCursor).not.toBeNull();
  });

  it('defaults to 20 per page, newest first', async () => {
    const page = await listTasks(app, user, '');
    expect(page.items).toHaveLength(13);
    expect(page.items.map((task) => task.id)).toEqual([...tasks].sort(expectedOrders['-createdAt']).map((t) => t.id));
  });
});

describe('bad list input is a 400 naming the problem, never a 500', () => {
  let user: User;
  beforeAll(async () => {
    user = await registerAndLogin(app);
  });

  it('GET /v1/tasks?cursor=not-a-cursor is a 400 naming /cursor', async () => {
    await expectProblem(await request(app, user, 'GET', '/v1/tasks?cursor=not-a-cursor'), 400, '/cursor');
  });

  it('refuses a cursor made for another sort, or tampered with', async () => {
    await createTask(app, user, { title: 'First' });
    await createTask(app, user, { title: 'Second' });
    const { items, nextCursor } = await listTasks(app, user, 'limit=1&sort=createdAt');
    expect(nextCursor).not.toBeNull();
    await expectProblem(
      await request(app, user, 'GET', `/v1/tasks?limit=1&sort=dueDate&cursor=${nextCursor}`),
      400,
      '/cursor',
    );

    // A cursor is opaque: the test never unpacks one. Tampering is a changed or cut cursor, or
    // one forged in any shape with values no real cursor carries.
    for (const tampered of [
      String(nextCursor).slice(0, -2),
      String(nextCursor).slice(2),
      Buffer.from('{"sort":"createdAt"}').toString('base64url'),
    ]) {
      await expectProblem(
        await request(app, user, 'GET', `/v1/tasks?limit=1&sort=createdAt&cursor=${encodeURIComponent(tampered)}`),
        400,
        '/cursor',
      );
    }
    const sort = 'createdAt';
    const id = items[0]?.id;
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
        await request(app, user, 'GET', `/v1/tasks?limit=1&sort=${keys[0]}&cursor=${cursor}`),
        400,
        '/cursor',
      );
    }
  });
});

describe('search in any alphabet', () => {
  let user: User;
  beforeAll(async () => {
    user = await registerAndLogin(app);
    await createTask(app, user, { title: 'Straße fegen' });
    await createTask(app, user, { title: 'Ölwechsel' });
  });

  it('finds a word whatever its case, letters like ß and Ö included', async () => {
    // Upper-casing would turn ß into SS, which no longer matches the stored word.
    expect(titlesOf(await listTasks(app, user, `q=${encodeURIComponent('Straße')}`))).toEqual(['Straße fegen']);
    expect(titlesOf(await listTasks(app, user, `q=${encodeURIComponent('ÖLWECHSEL')}`))).toEqual(['Ölwechsel']);
  });
});

describe('search cost is bounded', () => {
  let user: User;
  beforeAll(async () => {
    user = await registerAndLogin(app);
    await createTask(app, user, { title: 'Plan a trip' });
    await createTask(app, user, { title: 'Book a table' });
  });

  it('matches single letters as whole words only, not as prefixes of every word', async () => {
    expect(titlesOf(await listTasks(app, user, 'q=a'))).toEqual(['Book a table', 'Plan a trip']);
    expect(titlesOf(await listTasks(app, user, 'q=b'))).toEqual([]);
    expect(titlesOf(await listTasks(app, user, 'q=bo'))).toEqual(['Book a table']);
  });

  it('holds at most 8 words', async () => {
    const search = (q: string) => request(app, user, 'GET', `/v1/tasks?q=${encodeURIComponent(q)}`);
    expect((await search('one two three four five six seven eight')).statusCode).toBe(200);
    expect((await search('plan a trip plan a trip')).statusCode).toBe(200); // repeated words count once
    const nine = await search('one two three four five six seven eight nine');
    expect(nine.statusCode).toBe(400);
    expect(nine.json().errors).toEqual([{ field: '/q', message: 'must hold at most 8 words' }]);
    expect(nine.json().detail).toContain('8 words');
    // The reported attack: 72 one-letter words.
    expect((await search('a b c d e f g h i j k l m n o p q r s t u v w x y z '.repeat(3).trim())).statusCode).toBe(
      400,
    );
  });
});
