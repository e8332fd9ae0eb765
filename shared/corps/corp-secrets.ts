import * as z from 'zod';
import { ENCODING_AES_KEY_PATTERN } from '../wecom/crypto/callback-crypto';
import { CorpIdSchema } from './corp-id';

/**
 * Per-corp secrets are split by who may read them: the callback function reads
 * only `…/callback`, never the app secret.
 */
export const SECRET_PREFIX = 'wecom-connector';

export type CorpSecretKind = 'callback' | 'app';

export function corpSecretName(stage: string, corpId: string, kind: CorpSecretKind): string {
  return `${SECRET_PREFIX}/${stage}/corps/${corpId}/${kind}`;
}

export function corpSecretsPrefix(stage: string): string {
  return `${SECRET_PREFIX}/${stage}/corps/`;
}

/** Parses `…/corps/{corpId}/{kind}` back into its parts, or undefined for any other name. */
export function parseCorpSecretName(stage: string, name: string): { corpId: string; kind: CorpSecretKind } | undefined {
  const prefix = corpSecretsPrefix(stage);
  if (!name.startsWith(prefix)) return undefined;
  const [corpId, kind, ...rest] = name.slice(prefix.length).split('/');
  if (rest.length > 0 || !corpId || (kind !== 'callback' && kind !== 'app')) return undefined;
  return { corpId, kind };
}

export const CallbackTokenSchema = z.string().regex(/^[A-Za-z0-9]{1,32}$/, 'callback token must be 1-32 characters [A-Za-z0-9]');
export const EncodingAesKeySchema = z.string().regex(ENCODING_AES_KEY_PATTERN, 'EncodingAESKey must be exactly 43 characters [A-Za-z0-9]');

export const CallbackKeyPairSchema = z.object({
  token: CallbackTokenSchema,
  encodingAesKey: EncodingAesKeySchema,
});
export type CallbackKeyPair = z.infer<typeof CallbackKeyPairSchema>;

export const CallbackSecretSchema = CallbackKeyPairSchema.extend({
  corpId: CorpIdSchema,
  /** The pair replaced by the last rotation, accepted until `validUntil` (ISO time). */
  previous: CallbackKeyPairSchema.extend({ validUntil: z.iso.datetime() }).optional(),
});
export type CallbackSecret = z.infer<typeof CallbackSecretSchema>;

export const AppSecretSchema = z.object({
  corpId: CorpIdSchema,
  agentId: z.string().regex(/^[0-9]{1,12}$/, 'agent id must be a number'),
  secret: z.string().min(1).max(256),
});
export type AppSecret = z.infer<typeof AppSecretSchema>;

/** Key pairs accepted at `now`: the current one first, then the previous one inside its grace period. */
export function acceptedCallbackPairs(secret: CallbackSecret, now: Date): CallbackKeyPair[] {
  const pairs: CallbackKeyPair[] = [{ token: secret.token, encodingAesKey: secret.encodingAesKey }];
  if (secret.previous && Date.parse(secret.previous.validUntil) > now.getTime()) {
    pairs.push({ token: secret.previous.token, encodingAesKey: secret.previous.encodingAesKey });
  }
  return pairs;
}
