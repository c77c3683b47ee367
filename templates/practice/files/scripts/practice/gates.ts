/**
 * What must hold before an exercise is recorded, besides its own tests: the whole project
 * type-checks (a test runs TypeScript without checking types, so `reply.code(204).send()` in
 * the wrong place passes the tests and breaks `npm run build`), and after recording, the
 * exercise's files are formatted the way `npm run lint` wants.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';

function run(command: string, args: string[]): Promise<{ code: number; output: string; stdout: string }> {
  return new Promise((resolve) => {
    let output = '';
    let stdout = '';
    const child = spawn(process.execPath, [command, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('error', (error) => resolve({ code: 1, output: error.message, stdout }));
    child.on('close', (code) => resolve({ code: code ?? 1, output, stdout }));
  });
}

/**
 * `tsc --noEmit` with incremental build info kept in node_modules/.cache (git-ignored): after
 * the first run only what changed is checked again, well under a second. Returns the errors,
 * one line each (`file(line,col): error TS…: message`), empty when the project type-checks.
 */
export async function typecheck(): Promise<string[]> {
  const tsc = join('node_modules', 'typescript', 'bin', 'tsc');
  const buildInfo = join('node_modules', '.cache', 'practice', 'tsconfig.tsbuildinfo');
  const { code, output } = await run(tsc, [
    '--noEmit',
    '--incremental',
    '--tsBuildInfoFile',
    buildInfo,
    '--pretty',
    'false',
  ]);
  if (code === 0) return [];
  const errors = output.split('\n').filter((line) => /error TS\d+/.test(line));
  return errors.length > 0 ? errors : [output.trim().split('\n')[0] ?? `tsc exited with ${code}`];
}

/**
 * Formats the exercise's files (Biome, as `npm run format` would, on these files only), then
 * returns what `npm run lint` would still say about them: the lint rules a formatter cannot fix.
 */
export async function formatAndLint(files: string[]): Promise<{ formatted: boolean; problems: string[] }> {
  const own = files.filter((file) => /\.(ts|js|mjs|json)$/.test(file));
  if (own.length === 0) return { formatted: false, problems: [] };
  const biome = join('node_modules', '@biomejs', 'biome', 'bin', 'biome');
  const format = await run(biome, ['format', '--write', ...own]);
  const formatted = /Fixed [1-9]/.test(format.output);
  const check = await run(biome, ['lint', '--reporter=github', ...own]);
  const problems =
    check.code === 0
      ? []
      : check.stdout
          .split('\n')
          .filter((line) => line.startsWith('::'))
          .map((line) => {
            // ::error title=lint/style/useConst,file=src/x.ts,line=3,…::This let declares…
            const [, meta = '', message = ''] = /^::\w+ (.*?)::(.*)$/.exec(line) ?? [];
            const field = (name: string) => new RegExp(`${name}=([^,]*)`).exec(meta)?.[1] ?? '';
            const file = field('file').replace(`${process.cwd()}/`, '');
            return `${file}:${field('line')}  ${message}  (${field('title')})`;
          });
  return { formatted, problems };
}
