import { corpSecretName, CallbackSecretSchema, type CallbackSecret } from '../corps/corp-secrets';
import type { SecretStore } from '../secrets/secret-store';

/** Reads a corp's callback secret (the only secret the callback function may read). */
export function callbackSecretLoader(store: SecretStore, stage: string): (corpId: string) => Promise<CallbackSecret | undefined> {
  return async (corpId) => {
    const raw = await store.get(corpSecretName(stage, corpId, 'callback'));
    return raw === undefined ? undefined : CallbackSecretSchema.parse(JSON.parse(raw));
  };
}
