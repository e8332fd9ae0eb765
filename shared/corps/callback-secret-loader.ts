import { corpSecretName, CallbackSecretSchema, type CallbackSecret } from './corp-secrets';
import { parseCorpSecret } from './parse-corp-secret';
import type { SecretStore } from '../secrets/secret-store';

export type CallbackSecretLoader = (corpId: string, options?: { fresh?: boolean }) => Promise<CallbackSecret | undefined>;

/** Reads a corp's callback secret (the only secret the callback function may read). */
export function callbackSecretLoader(store: SecretStore, stage: string): CallbackSecretLoader {
  return async (corpId, options) => {
    const name = corpSecretName(stage, corpId, 'callback');
    const raw = await store.get(name, options);
    return raw === undefined ? undefined : parseCorpSecret(name, raw, CallbackSecretSchema);
  };
}
