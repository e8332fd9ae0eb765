import { corpSecretName, CallbackSecretSchema, type CallbackSecret } from '../corps/corp-secrets';
import type { SecretStore } from '../secrets/secret-store';

export type CallbackSecretLoader = (corpId: string, options?: { fresh?: boolean }) => Promise<CallbackSecret | undefined>;

/** Reads a corp's callback secret (the only secret the callback function may read). */
export function callbackSecretLoader(store: SecretStore, stage: string): CallbackSecretLoader {
  return async (corpId, options) => {
    const name = corpSecretName(stage, corpId, 'callback');
    const raw = await store.get(name, options);
    if (raw === undefined) return undefined;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      // JSON.parse quotes the start of its input in its message: never let that reach a log.
      throw new Error(`secret ${name} is not valid JSON`);
    }
    const parsed = CallbackSecretSchema.safeParse(json);
    if (!parsed.success) throw new Error(`secret ${name} does not hold a callback secret (${parsed.error.issues.map((i) => i.path.join('.')).join(', ')})`);
    return parsed.data;
  };
}
