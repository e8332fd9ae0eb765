import * as z from 'zod';

/**
 * The fields of each event and message WeCom sends to a self-built app's
 * callback URL, under WeCom's own names (wecom-reference.md §2; the message
 * fields from 接收消息 doc 90239). Every value arrives as a string.
 *
 * Only what identifies the event is required. WeCom trims what it sends over
 * time (create_user from callbacks configured after 2022-08-15 carries only
 * UserID and Department; update events carry only what changed), and an event
 * that fails validation is kept as `unknown` rather than lost, so a field that
 * may be absent is optional. Fields not listed here are kept as they came.
 */

/** An identifier used as a FIFO group key or a lookup id: empty would be meaningless. */
const id = z.string().min(1);
const text = z.string();
const optional = z.optional(z.string());

const memberFields = {
  Name: optional,
  Department: optional,
  MainDepartment: optional,
  IsLeaderInDept: optional,
  DirectLeader: optional,
  Position: optional,
  Mobile: optional,
  Gender: optional,
  Email: optional,
  BizMail: optional,
  Status: optional,
  Avatar: optional,
  Alias: optional,
  Telephone: optional,
  Address: optional,
  // Nested <Item> elements (text, web and miniprogram attributes), not a string.
  ExtAttr: z.optional(z.unknown()),
};

export const contactFields = {
  createUser: { UserID: id, ...memberFields },
  updateUser: { UserID: id, NewUserID: optional, ...memberFields },
  deleteUser: { UserID: id },
  createParty: { Id: id, Name: optional, ParentId: optional, Order: optional },
  updateParty: { Id: id, Name: optional, ParentId: optional },
  deleteParty: { Id: id },
  // WeCom advises re-reading the tag rather than trusting these comma-separated lists.
  updateTag: { TagId: id, AddUserItems: optional, DelUserItems: optional, AddPartyItems: optional, DelPartyItems: optional },
};

const customerPair = { UserID: id, ExternalUserID: id };

export const externalContactFields = {
  // State is the 「联系我」 or 获客链接 state; WelcomeCode is short-lived, use it promptly.
  add: { ...customerPair, State: optional, WelcomeCode: optional },
  edit: customerPair,
  // Source is DELETE_BY_TRANSFER when 在职继承 removed the customer.
  delete: { ...customerPair, Source: optional },
  deleteFollowUser: customerPair,
  transferFail: { ...customerPair, FailReason: z.enum(['customer_refused', 'customer_limit_exceed']) },
};

/** `<MemChangeList>` holds one `<Item>` per member; one Item reads as a string, several as an array. */
const memberChangeList = z.union([
  z.string().regex(/^\s*$/),
  z.looseObject({ Item: z.optional(z.union([z.string(), z.array(z.string())])) }),
]);

export const externalChatFields = {
  chat: { ChatId: id },
  update: {
    ChatId: id,
    UpdateDetail: z.enum(['add_member', 'del_member', 'change_owner', 'change_name', 'change_notice']),
    JoinScene: optional,
    QuitScene: optional,
    MemChangeCnt: optional,
    MemChangeList: z.optional(memberChangeList),
    LastMemVer: optional,
    CurMemVer: optional,
  },
};

/** Adds `memChangeList`, the member ids of a chat update as a plain list. */
export function withMemberList<T extends { MemChangeList?: z.output<typeof memberChangeList> }>(event: T): T & { memChangeList: string[] } {
  const list = event.MemChangeList;
  const items = typeof list === 'object' ? list.Item : undefined;
  return { ...event, memChangeList: items === undefined ? [] : typeof items === 'string' ? [items] : items };
}

const tagType = z.enum(['tag', 'tag_group']);

export const externalTagFields = {
  // StrategyId is present only for tags that belong to a rule group (规则组).
  change: { Id: id, TagType: tagType, StrategyId: optional },
  // A reorder names the group whose tags moved, or none when the groups themselves moved.
  shuffle: { Id: optional, StrategyId: optional },
};

export const msgAuditFields = { AgentID: optional };

const messageBase = { FromUserName: id, MsgId: id, AgentID: optional };

export const messageFields = {
  text: { ...messageBase, Content: text },
  image: { ...messageBase, MediaId: id, PicUrl: optional },
  voice: { ...messageBase, MediaId: id, Format: optional },
  video: { ...messageBase, MediaId: id, ThumbMediaId: optional },
  location: { ...messageBase, Location_X: text, Location_Y: text, Scale: optional, Label: optional, AppType: optional },
  link: { ...messageBase, Url: text, Title: optional, Description: optional, PicUrl: optional },
  // A MsgType we do not model: keep what identifies it and carry the rest as it came.
  other: { MsgType: text, FromUserName: optional, MsgId: optional, AgentID: optional },
};
