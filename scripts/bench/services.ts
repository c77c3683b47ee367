/**
 * The generated services measured, each against the ceiling of a bare Fastify server that
 * returns a 20-item JSON array, in the same run on the same machine:
 *   - throughput and latency (autocannon, 50 connections) of the main endpoints, on PostgreSQL;
 *   - start-up time (process start → /readyz 200) on PGlite (fresh and existing) and PostgreSQL,
 *     the repeatable ones as a median, and on PostgreSQL also with the Node of the generated image;
 *   - idle RSS after start; install footprint (all and production-only).
 *   npm run bench:services [-- --templates task-api --duration 10]
 *
 * With `--project DIR` (twice or more), already-built projects of one template (`--templates`)
 * are compared instead, e.g. an old and a new build: each on its own database of the same
 * PostgreSQL, loaded alternately for `--rounds` rounds (ABBA order), with the CPU time per request
 * of the server and of the PostgreSQL backends serving it (see `compareBuiltProjects`).
 *   npm run bench:services -- --templates task-api --project .tmp/old --project .tmp/new \
 *     --rounds 2 --endpoints 'GET /v1/tasks/:id,GET /v1/tasks?limit=20'
 * Prints figures; asserts nothing.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { execa } from 'execa';
import { TEMPLATE_NAMES } from '../../src/templates.js';
import { createDatabase, dropCreatedDatabases, freePort, installNode, REPO, randomSecret } from '../verify/environment.js';
import { median, printTable } from './figures.js';
import { type BenchRequest, type Scenario, scenarios } from './scenarios.js';

const WORK = join(REPO, '.tmp/bench');
// A pipeline tool (.ci/tools), loaded by file path: tsconfig maps the bare name to its types.
const autocannon = createRequire(import.meta.url)(
  join(REPO, '.ci/tools/node_modules/autocannon/autocannon.js'),
) as typeof import('autocannon');

const { values } = parseArgs({
  options: {
    templates: { type: 'string', default: TEMPLATE_NAMES.join(',') },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    project: { type: 'string', multiple: true },
    rounds: { type: 'string', default: '2' },
    endpoints: { type: 'string' },
  },
});
const duration = Number(values.duration);
const STARTUP_RUNS = 5;
// The Node major of the generated projects (.nvmrc; the Dockerfile's `FROM node:<major>-slim` repeats it).
const IMAGE_NODE_MAJOR = (await readFile(join(REPO, 'templates/base/files/_nvmrc'), 'utf8')).trim();
const connections = Number(values.connections);
// /proc/<pid>/stat counts CPU time in clock ticks.
const CLOCK_TICKS_PER_SECOND = Number((await execa('getconf', ['CLK_TCK'])).stdout);

interface Load {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  /** requests answered during the load */
  total: number;
}

if (values.project) await compareBuiltProjects(values.project.map((dir) => resolve(dir)));
else await benchmarkTemplates();

/** Generates, installs and builds each template, then measures it next to the ceiling. */
async function benchmarkTemplates() {
  await execa('npm', ['run', 'build'], { cwd: REPO });
  const imageNodeBin = await imageNode();
  const loads: { template: string; load: Load }[] = [];
  const startups: string[][] = [];
  const footprints: string[][] = [];

  for (const template of values.templates.split(',')) {
    const dir = join(WORK, template);
    await rm(dir, { recursive: true, force: true });
    console.log(`\n▶ ${template}: generate, install, build`);
    await execa('node', [join(REPO, 'bin/create-backend-practice.js'), dir, '--template', template, '--mode', 'complete', '--yes', '--no-git'], {
      env: { npm_config_user_agent: 'npm/11' },
    });
    await execa('npm', ['run', 'build'], { cwd: dir });
    footprints.push([template, ...(await footprint(dir))]);

    const scenario = scenarios[template];
    const upstream = scenario?.upstream ? await scenario.upstream(dir) : undefined;
    const baseEnv = serverEnv(scenario, upstream?.env);
    try {
      const dataDir = join(dir, '.data/bench');
      const pglite = { ...baseEnv, NODE_ENV: 'development', PGLITE_DATA_DIR: dataDir };
      const fresh = await boot(dir, pglite);
      await fresh.stop();
      const existing = await medianStartup(dir, pglite);
      const databaseUrl = await createDatabase(`bench_${template}`);
      const postgresFirst = await boot(dir, { ...baseEnv, DATABASE_URL: databaseUrl });
      await postgresFirst.stop();
      await scenario?.before?.(dir, databaseUrl);
      const postgresEnv = { ...baseEnv, DATABASE_URL: databaseUrl };
      const postgres = await medianStartup(dir, postgresEnv);
      const postgresOnImageNode = await medianStartup(dir, postgresEnv, imageNodeBin);
      const server = await boot(dir, postgresEnv);
      startups.push([
        template,
        fresh.startupMs.toFixed(0),
        existing.toFixed(0),
        postgresFirst.startupMs.toFixed(0),
        postgres.toFixed(0),
        postgresOnImageNode.toFixed(0),
        (server.rssKb / 1024).toFixed(0),
      ]);
      try {
        if (scenario) {
          const requests = await scenario.prepare(server.baseUrl);
          // Fresh planner statistics, as autovacuum keeps them on a live database: without them
          // the planner guesses from empty tables.
          await execa('psql', [databaseUrl, '-v', 'ON_ERROR_STOP=1', '-qc', 'ANALYZE']);
          for (const request of requests) loads.push({ template, load: await measure(server.baseUrl, request) });
        }
      } finally {
        await server.stop();
      }
    } finally {
      await upstream?.stop();
    }
  }

  // The ceiling: the same Fastify, no database, no plugins, a constant 20-item array.
  const ceilingDir = join(WORK, values.templates.split(',')[0] ?? 'task-api');
  await writeFile(
    join(ceilingDir, 'ceiling.mjs'),
    `import Fastify from 'fastify';
  const items = Array.from({ length: 20 }, (_, i) => ({ id: crypto.randomUUID(), title: 'Task ' + i, status: 'todo', tags: ['a', 'b'], dueDate: null, createdAt: new Date().toISOString() }));
  const app = Fastify();
  app.get('/items', async () => ({ items, nextCursor: null }));
  await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
  `,
  );
  const ceiling = await boot(ceilingDir, {}, ['ceiling.mjs'], '/items');
  const ceilingLoad = await measure(ceiling.baseUrl, { name: 'bare Fastify, 20 items', method: 'GET', path: '/items' });
  await ceiling.stop();

  console.log(`\nThroughput, ${connections} connections, ${duration} s each, PostgreSQL (req/s; latency ms)`);
  printTable(
    ['template', 'endpoint', 'req/s', 'p50', 'p99', 'non-2xx', '% of ceiling'],
    [
      ['—', ceilingLoad.name, ceilingLoad.rps.toFixed(0), String(ceilingLoad.p50), String(ceilingLoad.p99), String(ceilingLoad.errors), '100'],
      ...loads.map(({ template, load }) => [
        template,
        load.name,
        load.rps.toFixed(0),
        String(load.p50),
        String(load.p99),
        String(load.errors),
        ((100 * load.rps) / ceilingLoad.rps).toFixed(0),
      ]),
    ],
  );
  console.log(`\nStart-up (process start → /readyz 200, ms; all but "fresh" and "migrating": median of ${STARTUP_RUNS}) and idle RSS after start`);
  printTable(
    ['template', 'PGlite fresh', 'PGlite existing', 'Postgres (migrating)', 'Postgres', `Postgres, Node ${IMAGE_NODE_MAJOR}`, 'idle RSS MB'],
    startups,
  );
  console.log('\nInstall footprint');
  printTable(['template', 'packages', 'node_modules MB', 'production packages', 'production MB'], footprints);
}

/** What a measured server runs with (a database URL aside). */
function serverEnv(scenario: Scenario | undefined, upstreamEnv: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: 'production',
    JWT_SECRET: randomSecret(),
    // The load comes from one IP: lift the per-IP limit, or most answers would be 429s.
    RATE_LIMIT_PER_MINUTE: '100000000',
    LOG_LEVEL: 'warn',
    ...scenario?.env,
    ...upstreamEnv,
  };
}

/**
 * Already-built projects of one template (e.g. the same template before and after a change,
 * installed with the same dependencies), each on a database of its own on the same PostgreSQL,
 * filled the same way, then loaded alternately: round after round, in ABBA order, so a machine
 * that drifts (other tenants, another job) weighs on each about equally. Next to req/s and
 * latency, the CPU time per request of the server process and of the PostgreSQL backends
 * connected to its database (`/proc/<pid>/stat` before and after the load): on a shared machine
 * that drifts far less than wall-clock figures.
 */
async function compareBuiltProjects(dirs: string[]) {
  const [template, ...others] = values.templates.split(',');
  const scenario = template ? scenarios[template] : undefined;
  if (!scenario || others.length > 0) throw new Error('--project needs --templates naming the one template the projects are built from');
  const endpoints = values.endpoints?.split(',');
  const rounds = Number(values.rounds);
  const projects: { name: string; server: Booted; database: string; requests: BenchRequest[] }[] = [];
  const servers: Booted[] = [];
  const upstreams: { stop(): Promise<void> }[] = [];
  const rows: string[][] = [];
  try {
    for (const dir of dirs) {
      console.log(`\n▶ ${basename(dir)}: migrate, fill`);
      const upstream = scenario.upstream ? await scenario.upstream(dir) : undefined;
      if (upstream) upstreams.push(upstream);
      const databaseUrl = await createDatabase(`bench_${template}`);
      const env = { ...serverEnv(scenario, upstream?.env), DATABASE_URL: databaseUrl };
      await (await boot(dir, env)).stop();
      await scenario.before?.(dir, databaseUrl);
      const server = await boot(dir, env);
      servers.push(server);
      const offered = await scenario.prepare(server.baseUrl);
      const unknown = endpoints?.filter((name) => !offered.some((request) => request.name === name)) ?? [];
      if (unknown.length > 0) throw new Error(`--endpoints: no ${unknown.join(', ')} in ${template}'s scenario (${offered.map((r) => r.name).join(', ')})`);
      const requests = offered.filter((request) => !endpoints || endpoints.includes(request.name));
      projects.push({ name: basename(dir), server, database: new URL(databaseUrl).pathname.slice(1), requests });
      await execa('psql', [databaseUrl, '-v', 'ON_ERROR_STOP=1', '-qc', 'ANALYZE']);
    }
    for (let round = 1; round <= rounds; round++) {
      for (const project of round % 2 ? projects : [...projects].reverse()) {
        for (const request of project.requests) {
          const load1 = loadavg()[0]!;
          const before = await cpuMicros(project.server.pid, project.database);
          const load = await measure(project.server.baseUrl, request);
          const after = await cpuMicros(project.server.pid, project.database);
          const perRequest = (micros: number | undefined) => (micros === undefined ? '—' : (micros / load.total).toFixed(0));
          rows.push([
            request.name,
            project.name,
            String(round),
            load.rps.toFixed(0),
            String(load.p50),
            String(load.p99),
            String(load.errors),
            perRequest(after.server - before.server),
            perRequest(after.postgres && before.postgres && cpuSince(before.postgres, after.postgres)),
            load1.toFixed(1),
          ]);
          console.log(rows.at(-1)!.join(' · '));
        }
      }
    }
  } finally {
    for (const server of servers) await server.stop();
    for (const upstream of upstreams) await upstream.stop();
    await dropCreatedDatabases();
  }
  console.log(`\n${template}: ${connections} connections, ${duration} s each, PostgreSQL, alternately (CPU µs per request)`);
  printTable(['endpoint', 'project', 'round', 'req/s', 'p50', 'p99', 'non-2xx', 'server CPU', 'PostgreSQL CPU', 'load average'], rows);
}


/** user + system CPU time of a process so far, µs (fields 14 and 15 of /proc/<pid>/stat). */
async function processCpuMicros(pid: number | string): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1e6) / CLOCK_TICKS_PER_SECOND;
}

/**
 * CPU time so far (µs) of the server and of each PostgreSQL backend connected to `database`
 * (found by its process title, `postgres: [<cluster>: ]<user> <database> <client> …`). Counting only those
 * backends keeps other databases' work on a shared server out. `postgres` is undefined when
 * PostgreSQL's processes are not visible (a server on another host).
 */
async function cpuMicros(serverPid: number, database: string): Promise<{ server: number; postgres: Map<string, number> | undefined }> {
  let postgres: Map<string, number> | undefined;
  for (const pid of (await readdir('/proc')).filter((entry) => /^\d+$/.test(entry))) {
    const title = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (!title.startsWith('postgres')) continue;
    postgres ??= new Map();
    if (!title.replaceAll('\0', ' ').includes(` ${database} `)) continue;
    const micros = await processCpuMicros(pid).catch(() => undefined);
    if (micros !== undefined) postgres.set(pid, micros);
  }
  return { server: await processCpuMicros(serverPid), postgres };
}

/** The CPU the backends used between two `cpuMicros`: one that connected meanwhile counts whole. */
function cpuSince(before: Map<string, number>, after: Map<string, number>): number {
  let micros = 0;
  for (const [pid, total] of after) micros += total - (before.get(pid) ?? 0);
  return micros;
}

async function measure(baseUrl: string, request: BenchRequest): Promise<Load> {
  const result = await autocannon({
    url: baseUrl,
    connections,
    duration,
    requests: [request, ...(request.followedBy ? [request.followedBy] : [])].map((step) => ({
      method: step.method,
      path: step.path,
      // A JSON content type with an empty body is a 400, so only requests with a body send one.
      headers: { ...(step.body ? { 'content-type': 'application/json' } : {}), ...step.headers },
      ...(step.body ? { body: step.body } : {}),
      ...(step.setupRequest ? { setupRequest: step.setupRequest as never } : {}),
    })),
  });
  return {
    name: request.name,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.non2xx + result.errors,
    total: result.requests.total,
  };
}

interface Booted {
  baseUrl: string;
  pid: number;
  startupMs: number;
  rssKb: number;
  stop(): Promise<void>;
}

/** One start is noisy on a shared machine: the median of several, each stopped before the next. */
async function medianStartup(cwd: string, env: Record<string, string>, node = 'node'): Promise<number> {
  const times: number[] = [];
  for (let run = 0; run < STARTUP_RUNS; run++) {
    const booted = await boot(cwd, env, ['dist/server.js'], '/readyz', node);
    times.push(booted.startupMs);
    await booted.stop();
  }
  return median(times);
}

/** The Node the generated Dockerfile runs (`node:<major>-slim`), from the npm registry's `node` package. */
async function imageNode(): Promise<string> {
  return join(await installNode(String(IMAGE_NODE_MAJOR)), 'node');
}

async function boot(
  cwd: string,
  env: Record<string, string>,
  args = ['dist/server.js'],
  readyPath = '/readyz',
  node = 'node',
): Promise<Booted> {
  const port = await freePort();
  const started = process.hrtime.bigint();
  const child: ChildProcess = spawn(node, args, { cwd, env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' }, stdio: ['ignore', 'ignore', 'inherit'] });
  const baseUrl = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${args.join(' ')} exited with ${child.exitCode} in ${cwd}`);
    const ok = await fetch(`${baseUrl}${readyPath}`).then((r) => r.ok, () => false);
    if (ok) break;
    await sleep(5);
  }
  const startupMs = Number(process.hrtime.bigint() - started) / 1e6;
  await sleep(500);
  const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return {
    baseUrl,
    pid: child.pid!,
    startupMs,
    rssKb,
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

async function footprint(dir: string): Promise<string[]> {
  const count = async (cwd: string) => (await execa('npm', ['ls', '--all', '--parseable'], { cwd, reject: false })).stdout.split('\n').length - 1;
  const size = async (path: string) => Number((await execa('du', ['-sk', path])).stdout.split('\t')[0]) / 1024;
  const production = join(WORK, `${dir.split('/').pop()}-production`);
  await rm(production, { recursive: true, force: true });
  await execa('mkdir', ['-p', production]);
  await execa('cp', [join(dir, 'package.json'), join(dir, 'package-lock.json'), production]);
  // `npm install` rather than `npm ci`: this machine's registry mirror lacks other platforms'
  // optional packages, so its lockfiles miss them and npm 11's `npm ci` refuses them.
  await execa('npm', ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: production });
  return [
    String(await count(dir)),
    (await size(join(dir, 'node_modules'))).toFixed(0),
    String(await count(production)),
    (await size(join(production, 'node_modules'))).toFixed(0),
  ];
}
