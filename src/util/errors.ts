/**
 * Errors meant for the user: one line, naming the file (and line/column where there is one) and
 * what to do. The CLI prints `error: <message>` and exits 2; it never prints a stack for these.
 */
export class InputError extends Error {
  override name = 'InputError';
}

/** A rubric, mapping or config file that is not valid. May carry several located problems. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(
    message: string,
    readonly problems: string[] = [],
  ) {
    super(message);
  }
}

/** Wrong flags or arguments. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export function isUserError(e: unknown): e is InputError | ConfigError | UsageError {
  return e instanceof InputError || e instanceof ConfigError || e instanceof UsageError;
}
