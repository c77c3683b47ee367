/**
 * A first commit, when it is safe and possible: git on PATH, the project not already inside a
 * work tree (never nest a repository in the user's), and an identity configured (git would
 * otherwise guess one from the host name and commit under it).
 */
import { execa } from 'execa';
import { FIRST_COMMIT_MESSAGE, GIT_COMMANDS } from './commands.js';
import { cancelled, workError } from './errors.js';


export type GitResult = { created: true } | { created: false; reason: string; hint?: string };

/** `cdFirst` is the `cd … && ` that hints need, or '' when the project is the current directory. */
export async function initGitRepository(cwd: string, options: { signal: AbortSignal; cdFirst: string }): Promise<GitResult> {
  const git = async (args: string[]) => {
    const result = await execa('git', args, { cwd, cancelSignal: options.signal, stdin: 'ignore', reject: false });
    if (result.isCanceled) throw cancelled('Git was interrupted; the project files are in place.');
    return result;
  };

  const version = await git(['--version']);
  if (version.failed && (version as { code?: string }).code === 'ENOENT') {
    return { created: false, reason: 'git is not on PATH', hint: `After installing git: ${options.cdFirst}${GIT_COMMANDS}` };
  }
  const inside = await git(['rev-parse', '--show-toplevel']);
  if (!inside.failed) {
    return { created: false, reason: `the project is already inside the git work tree ${inside.stdout.trim()}` };
  }
  const author = await git(['-c', 'user.useConfigOnly=true', 'var', 'GIT_AUTHOR_IDENT']);
  const committer = await git(['-c', 'user.useConfigOnly=true', 'var', 'GIT_COMMITTER_IDENT']);
  if (author.failed || committer.failed) {
    return {
      created: false,
      reason: 'no git identity is configured',
      hint: `Set one (git config --global user.name "Your Name" && git config --global user.email you@example.com), then: ${options.cdFirst}${GIT_COMMANDS}`,
    };
  }

  for (const args of [['init', '-b', 'main'], ['add', '-A'], ['commit', '--quiet', '-m', FIRST_COMMIT_MESSAGE]]) {
    const result = await git(args);
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
