import { randomInt } from 'node:crypto';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomAlphanumeric(length: number, pick: (max: number) => number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHANUMERIC[pick(ALPHANUMERIC.length)];
  return out;
}

/** A callback Token for the WeCom console: 32 characters [A-Za-z0-9], uniformly random. */
export function generateCallbackToken(pick: (max: number) => number = randomInt): string {
  return randomAlphanumeric(32, pick);
}

/** An EncodingAESKey: 43 characters [A-Za-z0-9] (decodes to 32 key bytes). */
export function generateEncodingAesKey(pick: (max: number) => number = randomInt): string {
  return randomAlphanumeric(43, pick);
}
