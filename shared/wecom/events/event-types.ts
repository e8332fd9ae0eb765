import * as z from 'zod';
import {
  contactFields,
  externalChatFields,
  externalContactFields,
  externalTagFields,
  messageFields,
  msgAuditFields,
  withMemberList,
} from './event-schemas';
import type { XmlRecord } from './read-event-xml';

/**
 * The one table of event types we understand. Each row says how WeCom labels the
 * event (MsgType / Event / ChangeType), which zod schema validates it, and which
 * field names the entity it is about. Adding a type is adding a row; the
 * `WeComEvent` union, the routing and the entity keys all follow from it.
 */

/** How `eventEntityKey` names the entity: `{prefix}:{value of field}`. */
export interface EntityRule<Field extends string = string> {
  prefix: string;
  /** Absent for events about the corp as a whole (`msgaudit`). */
  field?: Field;
  /** Written after the prefix when the field is absent or empty (a tag shuffle may name no group). */
  fallback?: string;
}

interface Route {
  /** `event`, a message's MsgType, or undefined for "any MsgType not otherwise listed". */
  msgType: string | undefined;
  event?: string;
  changeType?: string;
}

const eventBase = { corpId: z.string().min(1), createTime: z.string() };

function eventSchema<const T extends string, S extends z.ZodRawShape>(type: T, fields: S) {
  // looseObject: WeCom adds fields over time; they are carried along, not dropped.
  return z.looseObject({ ...fields, type: z.literal(type), ...eventBase });
}

function changeEvent<const E extends string, const C extends string, S extends z.ZodRawShape>(
  event: E,
  changeType: C,
  fields: S,
  entity: EntityRule<keyof S & string>,
) {
  const type = `${event}.${changeType}` as const;
  const route: Route = { msgType: 'event', event, changeType };
  return { type, route, schema: eventSchema(type, fields), entity };
}

function plainEvent<const E extends string, S extends z.ZodRawShape>(event: E, fields: S, entity: EntityRule<keyof S & string>) {
  const route: Route = { msgType: 'event', event };
  return { type: event, route, schema: eventSchema(event, fields), entity };
}

function message<const M extends string, S extends z.ZodRawShape>(msgType: M, fields: S, entity: EntityRule<keyof S & string>) {
  const type = `message.${msgType}` as const;
  const route: Route = { msgType };
  return { type, route, schema: eventSchema(type, fields), entity };
}

/** The catch-all for any MsgType without a row of its own. */
function otherMessage<S extends z.ZodRawShape>(fields: S, entity: EntityRule<keyof S & string>) {
  const type = 'message.other' as const;
  const route: Route = { msgType: undefined };
  return { type, route, schema: eventSchema(type, fields), entity };
}

/** A row whose validated value is reshaped, e.g. to add a normalised list. */
function normalised<const T extends string, S extends z.ZodType, F extends string, O>(
  row: { type: T; route: Route; schema: S; entity: EntityRule<F> },
  normalise: (value: z.output<S>) => O,
) {
  return { ...row, schema: z.pipe(row.schema, z.transform(normalise)) };
}

const user = { prefix: 'user', field: 'UserID' } as const;
const party = { prefix: 'party', field: 'Id' } as const;
const customer = { prefix: 'external', field: 'ExternalUserID' } as const;
const chat = { prefix: 'chat', field: 'ChatId' } as const;
const corpTag = { prefix: 'corptag', field: 'Id', fallback: 'shuffle' } as const;
const sender = { prefix: 'msg', field: 'FromUserName' } as const;

export const EVENT_TYPES = [
  changeEvent('change_contact', 'create_user', contactFields.createUser, user),
  changeEvent('change_contact', 'update_user', contactFields.updateUser, user),
  changeEvent('change_contact', 'delete_user', contactFields.deleteUser, user),
  changeEvent('change_contact', 'create_party', contactFields.createParty, party),
  changeEvent('change_contact', 'update_party', contactFields.updateParty, party),
  changeEvent('change_contact', 'delete_party', contactFields.deleteParty, party),
  changeEvent('change_contact', 'update_tag', contactFields.updateTag, { prefix: 'tag', field: 'TagId' }),

  changeEvent('change_external_contact', 'add_external_contact', externalContactFields.add, customer),
  changeEvent('change_external_contact', 'add_half_external_contact', externalContactFields.add, customer),
  changeEvent('change_external_contact', 'edit_external_contact', externalContactFields.edit, customer),
  changeEvent('change_external_contact', 'del_external_contact', externalContactFields.delete, customer),
  changeEvent('change_external_contact', 'del_follow_user', externalContactFields.deleteFollowUser, customer),
  changeEvent('change_external_contact', 'transfer_fail', externalContactFields.transferFail, customer),

  changeEvent('change_external_chat', 'create', externalChatFields.chat, chat),
  normalised(changeEvent('change_external_chat', 'update', externalChatFields.update, chat), withMemberList),
  changeEvent('change_external_chat', 'dismiss', externalChatFields.chat, chat),

  changeEvent('change_external_tag', 'create', externalTagFields.change, corpTag),
  changeEvent('change_external_tag', 'update', externalTagFields.change, corpTag),
  changeEvent('change_external_tag', 'delete', externalTagFields.change, corpTag),
  changeEvent('change_external_tag', 'shuffle', externalTagFields.shuffle, corpTag),

  plainEvent('msgaudit_notify', msgAuditFields, { prefix: 'msgaudit' }),

  message('text', messageFields.text, sender),
  message('image', messageFields.image, sender),
  message('voice', messageFields.voice, sender),
  message('video', messageFields.video, sender),
  message('location', messageFields.location, sender),
  message('link', messageFields.link, sender),
  otherMessage(messageFields.other, sender),
];

export type EventTypeRow = (typeof EVENT_TYPES)[number];
export type KnownEventType = EventTypeRow['type'];
export type WeComEventType = KnownEventType | 'unknown';

/** What a payload we cannot type becomes: never thrown away, never thrown. */
export const unknownEventSchema = z.object({
  type: z.literal('unknown'),
  corpId: z.string(),
  createTime: z.string(),
  /** Why it is unknown: an unsupported type, or which fields failed validation. */
  reason: z.string(),
  /** Every field as it came, including ToUserName, MsgType, Event and ChangeType. */
  fields: z.record(z.string(), z.unknown()),
});

/** Every event `parseEventXml` can return; consumers can re-validate a queued event with it. */
export const weComEventSchema = z.discriminatedUnion('type', [unknownEventSchema, ...EVENT_TYPES.map((row) => row.schema)]);

export type WeComEvent = z.infer<typeof weComEventSchema>;
export type UnknownEvent = z.infer<typeof unknownEventSchema>;
export type KnownEvent = Exclude<WeComEvent, UnknownEvent>;

export const WECOM_EVENT_TYPES: readonly WeComEventType[] = [...EVENT_TYPES.map((row) => row.type), 'unknown'];

const rowsByType = new Map<string, EventTypeRow>(EVENT_TYPES.map((row) => [row.type, row]));

export function findEventType(type: string): EventTypeRow | undefined {
  return rowsByType.get(type);
}

// Routing indexes. Nested maps rather than joined strings, so no combination of
// raw Event and ChangeType values can spell another type's key.
const messageRows = new Map<string, EventTypeRow>();
const eventRows = new Map<string, Map<string, EventTypeRow>>();
let otherMessageRow: EventTypeRow | undefined;
for (const row of EVENT_TYPES) {
  const { msgType, event, changeType } = row.route;
  if (msgType === undefined) otherMessageRow = row;
  else if (msgType !== 'event') messageRows.set(msgType, row);
  else if (event !== undefined) {
    const byChange = eventRows.get(event) ?? new Map<string, EventTypeRow>();
    byChange.set(changeType ?? '', row);
    eventRows.set(event, byChange);
  }
}

/** Which row describes these raw fields, or why none does. */
export function resolveEventType(fields: XmlRecord): { row: EventTypeRow } | { reason: string } {
  const msgType = fields.MsgType;
  if (typeof msgType !== 'string' || msgType === '') return { reason: 'no MsgType' };
  if (msgType !== 'event') {
    const row = messageRows.get(msgType) ?? otherMessageRow;
    return row ? { row } : { reason: `unsupported MsgType ${quote(msgType)}` };
  }
  const { Event: event, ChangeType: changeType } = fields;
  if (typeof event !== 'string' || event === '') return { reason: 'event without an Event name' };
  if (changeType !== undefined && typeof changeType !== 'string') return { reason: `event ${quote(event)} has a ChangeType that is not text` };
  const row = eventRows.get(event)?.get(changeType ?? '');
  if (row) return { row };
  return { reason: changeType === undefined ? `unsupported event ${quote(event)}` : `unsupported event ${quote(event)} with ChangeType ${quote(changeType)}` };
}

/** Raw values go into reasons that get logged: bounded, and quoted so they cannot pass for our words. */
function quote(value: string): string {
  return JSON.stringify(value.length > 64 ? `${value.slice(0, 64)}…` : value);
}
