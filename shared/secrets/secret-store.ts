/**
 * Where secret values live: Secrets Manager in AWS, a 0600 file locally.
 * Values are opaque strings (JSON documents for corp secrets).
 */
export interface SecretStore {
  /**
   * The value, or undefined when no secret has that name. A missing secret is never
   * cached; `fresh` bypasses any cache (after a rotation the cached value is stale).
   */
  get(name: string, options?: { fresh?: boolean }): Promise<string | undefined>;
  /** Creates the secret or replaces its value. */
  put(name: string, value: string): Promise<void>;
  /** Names of the secrets that start with `prefix`. */
  list(prefix: string): Promise<string[]>;
}
