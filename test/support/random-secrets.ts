import { randomBytes } from 'node:crypto';
import { generateCallbackToken, generateEncodingAesKey } from '../../shared/corps/callback-keys';

/** Test secrets are made at run time, never written into the repository. */
export function randomCallbackKeys(): { token: string; encodingAesKey: string } {
  return { token: generateCallbackToken(), encodingAesKey: generateEncodingAesKey() };
}

export function randomCorpId(): string {
  return `ww${randomBytes(8).toString('hex')}`;
}

export function randomAppSecret(): string {
  return randomBytes(32).toString('base64url');
}
