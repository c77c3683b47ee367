/**
 * A first commit, when it is safe and possible: git on PATH, the project not already inside a
 * work tree (never nest a repository in the user's), and an identity configured (git would
 * otherwise guess one from the host name and commit under it).
 */
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { execa } from 'execa';
import { FIRST_COMMIT_MESSAGE, GIT_COMMANDS } from './commands.js';
import { cancelled, workError } from './errors.js';

export type GitResult = { created: true } | { created: false; reason: string; hint?: string };

/** Whether a first commit can be made in `dir`, and if not, why (and how to finish by hand). */
export type GitReadiness = { ready: true } | { ready: false; reason: string; hint?: string };

type Git = (args: string[], cwd: string) => Promise<{ failed: boolean; stdout: string; stderr: string; shortMessage?: string; code?: string }>;

function gitRunner(signal?: AbortSignal): Git {
  return async (args, cwd) => {
    const result = await execa('git', args, { cwd, stdin: 'ignore', reject: false, ...(signal ? { cancelSignal: signal } : {}) });
    if (result.isCanceled) throw cancelled('Git was interrupted; the project files are in place.');
    return { ...result, stdout: String(result.stdout), stderr: String(result.stderr), code: (result as { code?: string }).code };
  };
}

/**
 * The three conditions, checked without changing anything (so `--dry-run` can report them too).
 * `dir` need not exist yet: the work-tree question is asked of its nearest existing ancestor.
 */
export async function gitReadiness(dir: string, options: { cdFirst: string; signal?: AbortSignal }): Promise<GitReadiness> {
  const git = gitRunner(options.signal);
  const cwd = nearestExisting(dir);
  const version = await git(['--version'], cwd);
  if (version.failed && version.code === 'ENOENT') {
    return { ready: false, reason: 'git is not on PATH', hint: `After installing git: ${options.cdFirst}${GIT_COMMANDS}` };
  }
  const inside = await git(['rev-parse', '--show-toplevel'], cwd);
  if (!inside.failed) {
    return { ready: false, reason: `the project is already inside the git work tree ${inside.stdout.trim()}` };
  }
  const author = await git(['-c', 'user.useConfigOnly=true', 'var', 'GIT_AUTHOR_IDENT'], cwd);
  const committer = await git(['-c', 'user.useConfigOnly=true', 'var', 'GIT_COMMITTER_IDENT'], cwd);
  if (author.failed || committer.failed) {
    return {
      ready: false,
      reason: 'no git identity is configured',
      hint: `Set one (git config --global user.name "Your Name" && git config --global user.email you@example.com), then: ${options.cdFirst}${GIT_COMMANDS}`,
    };
  }
  return { ready: true };
}

function nearestExisting(dir: string): string {
  let current = dir;
  while (!existsSync(current) && dirname(current) !== current) current = dirname(current);
  return current;
}

/** `cdFirst` is the `cd … && ` that hints need, or '' when the project is the current directory. */
export async function initGitRepository(cwd: string, options: { signal: AbortSignal; cdFirst: string }): Promise<GitResult> {
  const readiness = await gitReadiness(cwd, options);
  if (!readiness.ready) return { created: false, reason: readiness.reason, ...(readiness.hint ? { hint: readiness.hint } : {}) };
  const git = gitRunner(options.signal);
  for (const args of [['init', '-b', 'main'], ['add', '-A'], ['commit', '--quiet', '-m', FIRST_COMMIT_MESSAGE]]) {
    const result = await git(args, cwd);
    if (result.failed) {
      const reason = result.stderr.trim().split('\n').at(-1) || result.shortMessage;
      throw workError(
        `git ${args[0]} failed: ${reason}. The project files are in place.`,
        `To finish by hand: ${options.cdFirst}${args[0] === 'init' ? GIT_COMMANDS : `git add -A && git commit -m "${FIRST_COMMIT_MESSAGE}"`}`,
      );
    }
  }
  return { created: true };
}
