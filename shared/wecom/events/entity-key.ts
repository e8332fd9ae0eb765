import { createHash } from 'node:crypto';
import { findEventType, type WeComEvent } from './event-types';

/**
 * The entity an event is about, e.g. `user:zhangsan` or `chat:wrOgQhDgAA…`.
 *
 * It becomes part of an SQS FIFO MessageGroupId (prefixed with the corp id), so
 * events about one entity are handled in order while different entities proceed
 * in parallel. A group id allows at most 128 characters, each printable ASCII
 * other than space; the key is kept within 100 so a corp id and separator fit.
 */
export const MAX_ENTITY_KEY_LENGTH = 100;

// Alphanumerics and !"#$%&'()*+,-./:;<=>?@[\]^_`{|}~ — printable ASCII without space.
const GROUP_ID_CHARS = /^[\x21-\x7e]*$/;
const HASH_MARK = '~';
const HASH_HEX_LENGTH = 32;

export function eventEntityKey(event: WeComEvent): string {
  const row = findEventType(event.type);
  if (!row) return 'unknown';
  const { prefix, field, fallback } = row.entity;
  const value = field === undefined ? undefined : (event as Record<string, unknown>)[field];
  if (typeof value === 'string' && value !== '') {
    return `${prefix}:${safeId(value, MAX_ENTITY_KEY_LENGTH - prefix.length - 1)}`;
  }
  return fallback === undefined ? prefix : `${prefix}:${fallback}`;
}

/**
 * An id that is too long or holds characters a group id cannot (non-ASCII,
 * spaces, controls) is replaced by a hash prefix, marked with `~`. Ids that
 * already start with `~` are hashed too, so a raw id can never pass for a hashed
 * one. WeCom's ids are short ASCII in practice; this is for whatever is not.
 */
function safeId(id: string, room: number): string {
  if (id.length <= room && GROUP_ID_CHARS.test(id) && !id.startsWith(HASH_MARK)) return id;
  return HASH_MARK + createHash('sha256').update(id, 'utf8').digest('hex').slice(0, HASH_HEX_LENGTH);
}
