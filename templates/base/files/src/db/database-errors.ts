/** How the app tells database errors apart: a client's mistake, a duplicate, or an overload. */

/** SQLSTATE of a PostgreSQL error (both drivers expose it as `code`), e.g. `23505`. */
export function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** @public For a service to turn a duplicate (email, SKU…) into a 409. */
export const isUniqueViolation = (error: unknown) => sqlState(error) === '23505';

/**
 * The database cannot take this request now: every connection stayed busy for the whole wait,
 * or the server cannot be reached. Not the client's fault and not a bug: a 503, try again.
 */
export class DatabaseUnavailableError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DatabaseUnavailableError';
  }
}

/**
 * SQLSTATEs that mean "overloaded, try later": query_canceled (the statement_timeout fired),
 * too_many_connections, cannot_connect_now (the server is starting or shutting down).
 */
const OVERLOADED_STATES = new Set(['57014', '53300', '57P03']);

export const isDatabaseUnavailable = (error: unknown) =>
  error instanceof DatabaseUnavailableError || OVERLOADED_STATES.has(sqlState(error) ?? '');

/**
 * SQLSTATEs of a transaction PostgreSQL aborted so that another could finish: deadlock_detected
 * (two transactions each waiting for a row the other holds) and serialization_failure. Nothing
 * is wrong with the request and nothing was written: sent again, it succeeds. Code should take
 * locks in one order so deadlocks stay rare, but no code can rule every one out.
 */
const CONFLICT_STATES = new Set(['40P01', '40001']);

export const isTransactionConflict = (error: unknown) => CONFLICT_STATES.has(sqlState(error) ?? '');
