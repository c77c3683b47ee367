/**
 * The README's "First calls with curl" block, run as written (with the port of a test server):
 * if an example stops working, a test fails instead of a reader.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);

async function readmeCurlBlock(): Promise<string> {
  const readme = await readFile('README.md', 'utf8');
  const section = readme.slice(readme.indexOf('### First calls with curl'));
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1];
  if (!block) throw new Error('README.md has no "First calls with curl" block');
  return block;
}

/** Runs the block with `sh -e` against `baseUrl` instead of localhost:3000; returns its output. */
export async function runReadmeCurlBlock(baseUrl: string): Promise<string> {
  const block = (await readmeCurlBlock()).replaceAll('localhost:3000', baseUrl.replace(/^http:\/\//, ''));
  const { stdout } = await run('sh', ['-ec', block], { timeout: 30_000 });
  return stdout;
}
