import { ZodError } from 'zod';
import { CorpExistsError, CorpNotFoundError } from '../../shared/corps/corp-registry';

/** Exit codes are the CLI's contract with scripts: 0 only on success. */
export const EXIT_OK = 0;
export const EXIT_OPERATIONAL = 1;
export const EXIT_USAGE = 2;
/** The shell convention for "stopped by Ctrl-C" (128 + SIGINT). */
export const EXIT_CANCELLED = 130;

/** An error whose message is written for the admin and may be shown as is. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT_OPERATIONAL,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'CliError';
  }
}

/** Bad flags or arguments: nothing was read or written. */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message, EXIT_USAGE);
    this.name = 'UsageError';
  }
}

export class PromptCancelledError extends CliError {
  constructor() {
    super('cancelled', EXIT_CANCELLED);
    this.name = 'PromptCancelledError';
  }
}

/** zod issues as `path: message` pairs; zod's own messages never quote the input, so no secret leaks. */
export function formatZodError(error: ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}

/**
 * Turns any error into one line and an exit code. Messages we did not write are
 * reduced to the error's name and message (never its stack), and the innermost
 * cause is added because SDK wrappers (Powertools) hide the useful part there.
 */
export function describeError(error: unknown): { message: string; exitCode: number } {
  if (error instanceof CliError) return { message: oneLine(error.message), exitCode: error.exitCode };
  if (error instanceof CorpNotFoundError || error instanceof CorpExistsError) {
    return { message: error.message, exitCode: EXIT_OPERATIONAL };
  }
  if (error instanceof ZodError) {
    // Flags are validated before any call, so a ZodError here comes from a stored secret.
    return { message: `stored corp data is invalid: ${formatZodError(error)}`, exitCode: EXIT_OPERATIONAL };
  }
  if (error instanceof SyntaxError) {
    // JSON.parse quotes the start of the text it failed on, which would be secret data.
    return { message: 'stored secret data is not valid JSON', exitCode: EXIT_OPERATIONAL };
  }
  if (error instanceof Error) {
    let message = `${error.name}: ${error.message}`;
    const root = innermostCause(error);
    if (root !== error && !(root instanceof SyntaxError) && !message.includes(root.message)) {
      message += ` (${root.name}: ${root.message})`;
    }
    if (root.name === 'CredentialsProviderError') message += ' — set AWS_PROFILE or AWS credentials for --stage';
    return { message: oneLine(message), exitCode: EXIT_OPERATIONAL };
  }
  return { message: oneLine(String(error)), exitCode: EXIT_OPERATIONAL };
}

function innermostCause(error: Error): Error {
  let current = error;
  for (let depth = 0; depth < 10 && current.cause instanceof Error; depth++) current = current.cause;
  return current;
}

export function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
