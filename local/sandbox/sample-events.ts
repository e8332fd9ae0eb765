import { randomBytes } from 'node:crypto';

/**
 * Events the sandbox can push, shaped as WeCom sends them (CDATA, one element per
 * line, FromUserName `sys`). Each call makes a fresh event: current CreateTime and
 * random ids, so two pushes are two distinct events.
 */
export type SampleEventName = keyof typeof SAMPLES;

const cdata = (value: string) => `<![CDATA[${value}]]>`;

function event(corpId: string, event: string, changeType: string | undefined, fields: Record<string, string>, now: Date): string {
  const lines = [
    `<ToUserName>${cdata(corpId)}</ToUserName>`,
    `<FromUserName>${cdata('sys')}</FromUserName>`,
    `<CreateTime>${Math.floor(now.getTime() / 1000)}</CreateTime>`,
    `<MsgType>${cdata('event')}</MsgType>`,
    `<Event>${cdata(event)}</Event>`,
    ...(changeType ? [`<ChangeType>${cdata(changeType)}</ChangeType>`] : []),
    ...Object.entries(fields).map(([name, value]) => `<${name}>${/^[0-9]+$/.test(value) ? value : cdata(value)}</${name}>`),
  ];
  return `<xml>${lines.join('\n')}</xml>`;
}

const userId = () => `user${randomBytes(3).toString('hex')}`;
const externalUserId = () => `wm${randomBytes(14).toString('base64url')}`;
const chatId = () => `wr${randomBytes(14).toString('base64url')}`;

const SAMPLES = {
  create_user: (corpId: string, now: Date) => event(corpId, 'change_contact', 'create_user', { UserID: userId(), Department: '1' }, now),
  update_user: (corpId: string, now: Date) => event(corpId, 'change_contact', 'update_user', { UserID: userId(), Position: '产品经理' }, now),
  delete_user: (corpId: string, now: Date) => event(corpId, 'change_contact', 'delete_user', { UserID: userId() }, now),
  create_party: (corpId: string, now: Date) =>
    event(corpId, 'change_contact', 'create_party', { Id: String(2 + (randomBytes(1)[0]! % 200)), Name: '销售部', ParentId: '1', Order: '1' }, now),
  update_tag: (corpId: string, now: Date) => event(corpId, 'change_contact', 'update_tag', { TagId: '1', AddUserItems: userId() }, now),
  add_external_contact: (corpId: string, now: Date) =>
    event(corpId, 'change_external_contact', 'add_external_contact', { UserID: userId(), ExternalUserID: externalUserId(), State: 'sandbox', WelcomeCode: randomBytes(8).toString('hex') }, now),
  edit_external_contact: (corpId: string, now: Date) =>
    event(corpId, 'change_external_contact', 'edit_external_contact', { UserID: userId(), ExternalUserID: externalUserId() }, now),
  del_follow_user: (corpId: string, now: Date) =>
    event(corpId, 'change_external_contact', 'del_follow_user', { UserID: userId(), ExternalUserID: externalUserId() }, now),
  transfer_fail: (corpId: string, now: Date) =>
    event(corpId, 'change_external_contact', 'transfer_fail', { FailReason: 'customer_refused', UserID: userId(), ExternalUserID: externalUserId() }, now),
  chat_create: (corpId: string, now: Date) => event(corpId, 'change_external_chat', 'create', { ChatId: chatId() }, now),
  chat_add_member: (corpId: string, now: Date) =>
    event(corpId, 'change_external_chat', 'update', { ChatId: chatId(), UpdateDetail: 'add_member', JoinScene: '3', MemChangeCnt: '1', LastMemVer: '1', CurMemVer: '2' }, now),
  chat_dismiss: (corpId: string, now: Date) => event(corpId, 'change_external_chat', 'dismiss', { ChatId: chatId() }, now),
  tag_create: (corpId: string, now: Date) =>
    event(corpId, 'change_external_tag', 'create', { Id: `et${randomBytes(8).toString('hex')}`, TagType: 'tag' }, now),
  tag_shuffle: (corpId: string, now: Date) => event(corpId, 'change_external_tag', 'shuffle', { Id: `et${randomBytes(8).toString('hex')}` }, now),
  msgaudit_notify: (corpId: string, now: Date) => event(corpId, 'msgaudit_notify', undefined, { AgentID: '1000002' }, now),
  text_message: (corpId: string, now: Date) =>
    `<xml><ToUserName>${cdata(corpId)}</ToUserName>\n<FromUserName>${cdata(userId())}</FromUserName>\n<CreateTime>${Math.floor(now.getTime() / 1000)}</CreateTime>\n<MsgType>${cdata('text')}</MsgType>\n<Content>${cdata('你好, sandbox')}</Content>\n<MsgId>${BigInt(`0x${randomBytes(7).toString('hex')}`)}</MsgId>\n<AgentID>1000002</AgentID>\n</xml>`,
  unknown_event: (corpId: string, now: Date) => event(corpId, 'sandbox_future_event', 'something_new', { Detail: 'kept raw' }, now),
} satisfies Record<string, (corpId: string, now: Date) => string>;

export const sampleEventNames = Object.keys(SAMPLES) as SampleEventName[];

export function isSampleEventName(name: string): name is SampleEventName {
  return Object.prototype.hasOwnProperty.call(SAMPLES, name);
}

export function sampleEvent(name: SampleEventName, corpId: string, now = new Date()): string {
  return SAMPLES[name](corpId, now);
}
