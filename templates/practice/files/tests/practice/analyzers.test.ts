/**
 * The analyzers `npm run practice` runs once an exercise's tests pass (scripts/practice/
 * analyzers.ts): nothing on the reference solutions (an essential finding there would keep a
 * correct exercise open), and each rule on the wrong designs it exists for, while the right
 * designs next to them pass.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeSource, type Finding } from '../../scripts/practice/analyzers.js';
import { readSolution } from '../../scripts/practice/solutions.js';

const rules = (findings: Finding[]) => findings.map((finding) => `${finding.rule}:${finding.line}`);
const analyze = (text: string, file = 'src/tasks/tasks-repository.ts') => analyzeSource(file, text);

describe('the analyzers on the reference solutions', () => {
  const slugs = readdirSync('.practice/solutions').map((name) => name.replace(/\.b64$/, ''));

  it.each(slugs)('find nothing in %s', (slug) => {
    const { files } = readSolution(slug);
    const findings = Object.entries(files).flatMap(([file, text]) =>
      file.endsWith('.ts') ? analyzeSource(file, text) : [],
    );
    expect(findings).toEqual([]);
  });
});

describe('sql-interpolation', () => {
  it('finds a value written into the SQL text, quoted by hand or not', () => {
    const findings = analyze(`
      export async function findByTitle(db, ownerId: string, title: string) {
        return db.query(\`SELECT * FROM tasks WHERE owner_id = $1 AND title = '\${title.replaceAll("'", "''")}'\`, [ownerId]);
      }
      export async function byStatus(db, filters: { status: string }) {
        const status = filters.status;
        return db.query("SELECT id FROM tasks WHERE owner_id = $1 AND status = '" + status + "'", []);
      }`);
    expect(rules(findings)).toEqual(['sql-interpolation:3', 'sql-interpolation:7']);
    expect(findings[0]?.severity).toBe('essential');
    expect(findings[0]?.message).toContain('title.replaceAll');
  });

  it('finds column names taken from the update object’s keys', () => {
    const findings = analyze(`
      export async function update(db, id: string, ownerId: string, changes: Record<string, unknown>) {
        const params: unknown[] = [id, ownerId];
        const sets = Object.keys(changes).map((key) => \`\${key} = $\${params.push(changes[key])}\`);
        await db.query(\`UPDATE tasks SET \${sets.join(', ')} WHERE id = $1 AND owner_id = $2\`, params);
      }`);
    expect(rules(findings)).toContain('sql-interpolation:5');
  });

  it('lets placeholders, constant fragments and columns picked from a fixed table through', () => {
    const findings = analyze(`
      const COLUMNS = 'id, title';
      const UPDATABLE = { title: 'title', dueDate: 'due_date' } as const;
      export async function update(db, id: string, ownerId: string, changes: Record<string, unknown>) {
        const params: unknown[] = [id, ownerId];
        const sets = ['updated_at = now()'];
        for (const [field, column] of Object.entries(UPDATABLE)) {
          if (changes[field] !== undefined) sets.push(\`\${column} = $\${params.push(changes[field])}\`);
        }
        const direction = changes.descending ? 'DESC' : 'ASC';
        return db.query(\`UPDATE tasks SET \${sets.join(', ')} WHERE id = $1 AND owner_id = $2 RETURNING \${COLUMNS} -- \${direction}\`, params);
      }
      export function notFound(id: string) {
        throw new Error(\`No task \${id} where you looked from here\`);
      }`);
    expect(findings).toEqual([]);
  });
});

describe('plain-password', () => {
  it('finds a password compared as text, or stored as typed', () => {
    const findings = analyze(
      `
      export async function login(db, email: string, password: string) {
        const [user] = await db.query('SELECT password_hash FROM users WHERE email = $1', [email]);
        return user?.password_hash === password;
      }
      export async function register(db, email: string, password: string) {
        await db.query('INSERT INTO users (email, password_hash) VALUES ($1, $2)', [email, password]);
      }`,
      'src/auth/passwords.ts',
    );
    expect(rules(findings)).toEqual(['plain-password:4', 'plain-password:7']);
  });

  it('lets hashes, lengths and verify calls through', () => {
    const findings = analyze(
      `
      export async function register(db, email: string, password: string, hash: (p: string) => Promise<string>) {
        if (password.length < 8 || password === '') throw new Error('short');
        const passwordHash = await hash(password);
        await db.query('INSERT INTO users (email, password_hash) VALUES ($1, $2)', [email, passwordHash]);
      }`,
      'src/auth/passwords.ts',
    );
    expect(findings).toEqual([]);
  });
});

describe('owner-scope', () => {
  it('finds a query on tasks in a function that never filters on owner_id', () => {
    const findings = analyze(`
      export async function deleteTask(db, ownerId: string, id: string) {
        const rows = await db.query('DELETE FROM tasks WHERE id = $1 RETURNING id', [id]);
        return rows.length > 0;
      }`);
    expect(rules(findings)).toEqual(['owner-scope:3']);
  });

  it('accepts owner_id in the statement or in the conditions the function joins in', () => {
    const findings = analyze(`
      export function listQuery(ownerId: string) {
        const conditions = ['tasks.owner_id = $1'];
        return { sql: \`SELECT id FROM tasks WHERE \${conditions.join(' AND ')}\`, params: [ownerId] };
      }
      export const TAGS = 'SELECT name FROM tags JOIN task_tags ON task_tags.tag_id = tags.id WHERE task_tags.task_id = tasks.id';`);
    expect(findings).toEqual([]);
  });
});

describe('query-in-loop', () => {
  it('finds a query per item: in a for loop, in a map callback, through a helper of the file', () => {
    const findings = analyze(`
      async function tagId(db, name: string) {
        const [row] = await db.query('SELECT id FROM tags WHERE name = $1', [name]);
        return row?.id;
      }
      export async function tag(db, taskId: string, names: string[]) {
        for (const name of names) await db.query('INSERT INTO tags (name) VALUES ($1) ON CONFLICT DO NOTHING', [name]);
        await Promise.all(names.map((name) => db.query('SELECT 1 FROM tags WHERE name = $1', [name])));
        for (const name of names) await tagId(db, name);
      }`);
    expect(rules(findings)).toEqual(['query-in-loop:7', 'query-in-loop:8', 'query-in-loop:9']);
  });

  it('lets one statement for the whole list, and regex exec in a loop, through', () => {
    const findings = analyze(`
      export async function tag(db, taskId: string, names: string[]) {
        for (const name of names) /^[a-z]+$/.exec(name);
        await db.query('INSERT INTO tags (name) SELECT unnest($1::text[]) ON CONFLICT (name) DO NOTHING', [names]);
      }`);
    expect(findings).toEqual([]);
  });
});
