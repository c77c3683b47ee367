/** The exit codes of the contract (docs: README "Exit codes"). */
export const EXIT = { ok: 0, failed: 1, usage: 2, cancelled: 130 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/**
 * Every error the user should see as one line (plus an optional hint), never as a stack trace.
 * Anything else that escapes is a bug and is reported as such by `index.ts`.
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
    readonly hint?: string,
  ) {
    super(message);
  }
}

export const usageError = (message: string, hint?: string) => new CliError(message, EXIT.usage, hint);
export const workError = (message: string, hint?: string) => new CliError(message, EXIT.failed, hint);
export const cancelled = (hint?: string) => new CliError('Cancelled.', EXIT.cancelled, hint);
