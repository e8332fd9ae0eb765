import {
  CreateSecretCommand,
  ListSecretsCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import type { SecretStore } from './secret-store';

/** How long a secret value is reused before Secrets Manager is asked again. */
export const DEFAULT_SECRET_MAX_AGE_SECONDS = 120;

/**
 * Secrets Manager behind the SecretStore port. Reads go through the Powertools
 * provider (cached for `maxAgeSeconds`); a missing secret throws inside the
 * provider, which caches only values, so a corp added later is seen at once.
 */
export class AwsSecretStore implements SecretStore {
  private readonly provider: SecretsProvider;

  constructor(
    private readonly client: SecretsManagerClient = new SecretsManagerClient({}),
    private readonly maxAgeSeconds = DEFAULT_SECRET_MAX_AGE_SECONDS,
  ) {
    this.provider = new SecretsProvider({ awsSdkV3Client: client });
  }

  async get(name: string, options: { fresh?: boolean } = {}): Promise<string | undefined> {
    try {
      const value = await this.provider.get(name, { maxAge: this.maxAgeSeconds, forceFetch: options.fresh ?? false });
      return typeof value === 'string' ? value : undefined;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async put(name: string, value: string): Promise<void> {
    try {
      await this.client.send(new PutSecretValueCommand({ SecretId: name, SecretString: value }));
    } catch (error) {
      if (!isNotFound(error)) throw error;
      await this.client.send(new CreateSecretCommand({ Name: name, SecretString: value }));
    }
  }

  async list(prefix: string): Promise<string[]> {
    const names: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.client.send(
        new ListSecretsCommand({ Filters: [{ Key: 'name', Values: [prefix] }], NextToken: nextToken }),
      );
      for (const secret of page.SecretList ?? []) {
        if (secret.Name?.startsWith(prefix)) names.push(secret.Name);
      }
      nextToken = page.NextToken;
    } while (nextToken);
    return names.sort();
  }
}

/** Powertools wraps SDK errors in GetParameterError with the SDK error as `cause`. */
function isNotFound(error: unknown): boolean {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if (e instanceof ResourceNotFoundException || e.name === 'ResourceNotFoundException') return true;
  }
  return false;
}
