import { Logger } from '@aws-lambda-powertools/logger';

/**
 * One structured logger per function. Secret values are never passed to it; the
 * callback path logs identifiers (corp, event type, dedupe id), never plaintext.
 */
export function createLogger(serviceName: string): Logger {
  return new Logger({ serviceName });
}

export type { Logger };
