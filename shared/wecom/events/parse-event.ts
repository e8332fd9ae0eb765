import type * as z from 'zod';
import { EventXmlError } from './event-xml-error';
import { resolveEventType, type UnknownEvent, type WeComEvent } from './event-types';
import { readEventXml, type XmlRecord } from './read-event-xml';

// Callers need only this module to parse and to catch.
export { EventXmlError } from './event-xml-error';
export type { WeComEvent, WeComEventType, UnknownEvent, KnownEvent } from './event-types';

/**
 * Reads a decrypted callback payload into a typed, validated event.
 *
 * Throws EventXmlError only when the payload is not an event document at all
 * (see read-event-xml and xml-guard) or names no corp. An event we do not know,
 * or one whose fields fail validation, comes back as `type: 'unknown'` with every
 * raw field, so the callback can still be acknowledged and the event kept.
 */
export function parseEventXml(xml: string): WeComEvent {
  const fields = readEventXml(xml);
  const corpId = fields.ToUserName;
  // Without the corp there is no tenant to file the event under.
  if (typeof corpId !== 'string' || corpId === '') throw new EventXmlError('the event has no single, non-empty <ToUserName>');
  const createTime = fields.CreateTime;

  const resolved = resolveEventType(fields);
  if ('reason' in resolved) return unknownEvent(corpId, createTime, resolved.reason, fields);

  const { row } = resolved;
  // Our names go last so a stray <type> or <corpId> element cannot replace them.
  const result = row.schema.safeParse({ ...fields, type: row.type, corpId, createTime });
  if (!result.success) return unknownEvent(corpId, createTime, `invalid ${row.type}: ${describeIssues(result.error.issues)}`, fields);
  return result.data;
}

function unknownEvent(corpId: string, createTime: XmlRecord[string] | undefined, reason: string, fields: XmlRecord): UnknownEvent {
  return { type: 'unknown', corpId, createTime: typeof createTime === 'string' ? createTime : '', reason, fields };
}

const MAX_ISSUES = 3;

/** Field paths and zod's messages; zod's messages do not quote the input, so this is safe to log. */
function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  const described = issues.slice(0, MAX_ISSUES).map((issue) => `${issue.path.join('.') || '(event)'}: ${issue.message}`);
  if (issues.length > MAX_ISSUES) described.push(`and ${issues.length - MAX_ISSUES} more`);
  return described.join('; ');
}
