import { CallbackCrypto } from '../../../shared/wecom/crypto/callback-crypto';
import { WECOM_EVENT_TYPES, eventEntityKey, parseEventXml, weComEventSchema, type WeComEvent } from '../../../shared/wecom/events';
import { vectorSetA, vectorSetB } from '../../support/official-vectors';
import { eventFixture, fixtureNameForType } from './event-fixtures';

const EXTERNAL_USER = 'woAJ2GCAAAXtWyujaWJHDDGi0mAAAA';
const CHAT = 'wrOgQhDgAAMYQiS5ol9G7gK9JVAAAA';
const TAG = 'etm7wjCgAA5-gYpQFUwG1SxY8gLldpXA';
const MEDIA = '1G6nrLmr5EC3MMb_-zK1dDdzmd0p7cNliYu9V5w7o8K0';

/** Unwraps an event of one type so a test can read its typed fields. */
function expectType<T extends WeComEvent['type']>(event: WeComEvent, type: T): Extract<WeComEvent, { type: T }> {
  expect(event.type).toBe(type);
  return event as Extract<WeComEvent, { type: T }>;
}

/** A minimal event in WeCom's shape, for cases no captured fixture covers. */
function eventXml(fields: Record<string, string>): string {
  const elements = Object.entries(fields).map(([name, value]) => `<${name}><![CDATA[${value}]]></${name}>`);
  return `<xml>\n${elements.join('\n')}\n</xml>`;
}

const header = { ToUserName: 'ww1436e0e65a779aee', FromUserName: 'sys', CreateTime: '1403610513', MsgType: 'event' };

describe('parseEventXml: one fixture per type', () => {
  it.each<[fixture: string, type: WeComEvent['type'], fields: Record<string, unknown>, key: string]>([
    ['change-contact-create-user', 'change_contact.create_user', { UserID: 'zhangsan', Name: '张三', Department: '1,2,3', Position: '产品经理', Address: '广州市' }, 'user:zhangsan'],
    ['change-contact-update-user', 'change_contact.update_user', { UserID: 'zhangsan', NewUserID: 'zhangsan001', Mobile: '13800000000' }, 'user:zhangsan'],
    ['change-contact-delete-user', 'change_contact.delete_user', { UserID: 'zhangsan' }, 'user:zhangsan'],
    ['change-contact-create-party', 'change_contact.create_party', { Id: '2', Name: '张三', ParentId: '1', Order: '1' }, 'party:2'],
    ['change-contact-update-party', 'change_contact.update_party', { Id: '2', ParentId: '1' }, 'party:2'],
    ['change-contact-delete-party', 'change_contact.delete_party', { Id: '2' }, 'party:2'],
    ['change-contact-update-tag', 'change_contact.update_tag', { TagId: '1', AddUserItems: 'zhangsan,lisi', DelPartyItems: '3,4' }, 'tag:1'],
    [
      'change-external-contact-add-external-contact',
      'change_external_contact.add_external_contact',
      { UserID: 'zhangsan', ExternalUserID: EXTERNAL_USER, State: 'teststate', WelcomeCode: 'WELCOMECODE' },
      `external:${EXTERNAL_USER}`,
    ],
    [
      'change-external-contact-add-half-external-contact',
      'change_external_contact.add_half_external_contact',
      { UserID: 'zhangsan', ExternalUserID: EXTERNAL_USER, WelcomeCode: 'WELCOMECODE' },
      `external:${EXTERNAL_USER}`,
    ],
    ['change-external-contact-edit-external-contact', 'change_external_contact.edit_external_contact', { UserID: 'zhangsan', ExternalUserID: EXTERNAL_USER }, `external:${EXTERNAL_USER}`],
    [
      'change-external-contact-del-external-contact',
      'change_external_contact.del_external_contact',
      { UserID: 'zhangsan', ExternalUserID: EXTERNAL_USER, Source: 'DELETE_BY_TRANSFER' },
      `external:${EXTERNAL_USER}`,
    ],
    ['change-external-contact-del-follow-user', 'change_external_contact.del_follow_user', { UserID: 'zhangsan', ExternalUserID: EXTERNAL_USER }, `external:${EXTERNAL_USER}`],
    [
      'change-external-contact-transfer-fail',
      'change_external_contact.transfer_fail',
      { UserID: 'zhangsan', ExternalUserID: EXTERNAL_USER, FailReason: 'customer_refused' },
      `external:${EXTERNAL_USER}`,
    ],
    ['change-external-chat-create', 'change_external_chat.create', { ChatId: CHAT }, `chat:${CHAT}`],
    [
      'change-external-chat-update',
      'change_external_chat.update',
      { ChatId: CHAT, UpdateDetail: 'add_member', JoinScene: '1', QuitScene: '0', MemChangeCnt: '2', memChangeList: ['Jack', 'Rose'], CurMemVer: '71217227bbd112ecfe3a49c482195cb4' },
      `chat:${CHAT}`,
    ],
    ['change-external-chat-update-one-member', 'change_external_chat.update', { UpdateDetail: 'del_member', QuitScene: '1', memChangeList: ['Jack'] }, `chat:${CHAT}`],
    ['change-external-chat-dismiss', 'change_external_chat.dismiss', { ChatId: CHAT }, `chat:${CHAT}`],
    ['change-external-tag-create', 'change_external_tag.create', { Id: TAG, TagType: 'tag', StrategyId: '1' }, `corptag:${TAG}`],
    ['change-external-tag-update', 'change_external_tag.update', { Id: TAG, TagType: 'tag' }, `corptag:${TAG}`],
    ['change-external-tag-delete', 'change_external_tag.delete', { Id: TAG, TagType: 'tag' }, `corptag:${TAG}`],
    ['change-external-tag-shuffle', 'change_external_tag.shuffle', { Id: 'etm7wjCgAAeA7ukRW8LhD6PzL8aD8Nvg', StrategyId: '1' }, 'corptag:etm7wjCgAAeA7ukRW8LhD6PzL8aD8Nvg'],
    ['msgaudit-notify', 'msgaudit_notify', { corpId: 'CorpID', createTime: '1629101687', AgentID: '2000004' }, 'msgaudit'],
    ['message-text', 'message.text', { FromUserName: 'zhangsan', Content: 'this is a test', MsgId: '1234567890123456', AgentID: '1000002' }, 'msg:zhangsan'],
    ['message-image', 'message.image', { MediaId: MEDIA, PicUrl: 'https://wework.qpic.cn/wwpic/this-is-a-url/0' }, 'msg:zhangsan'],
    ['message-voice', 'message.voice', { MediaId: MEDIA, Format: 'amr' }, 'msg:zhangsan'],
    ['message-video', 'message.video', { MediaId: MEDIA, ThumbMediaId: `2-${MEDIA.slice(1)}` }, 'msg:zhangsan'],
    ['message-location', 'message.location', { Location_X: '23.134', Location_Y: '113.358', Scale: '20', Label: '广州市海珠区', AppType: 'wxwork' }, 'msg:zhangsan'],
    ['message-link', 'message.link', { Title: 'this is a title!', Url: 'https://work.weixin.qq.com/', Description: 'this is a description!' }, 'msg:zhangsan'],
    // A MsgType without a row of its own (synthetic: `file` is not one of WeCom's documented app message types).
    ['message-other', 'message.other', { MsgType: 'file', FromUserName: 'zhangsan', MsgId: '1234567890123456', AgentID: '1000002', FileName: '季度报告.pdf' }, 'msg:zhangsan'],
  ])('%s parses as %s', (fixture, type, fields, key) => {
    // Act
    const event = parseEventXml(eventFixture(fixture));

    // Assess
    expect(event).toMatchObject({ type, ...fields });
    expect(eventEntityKey(event)).toBe(key);
  });

  it('covers every known type with a fixture named after it', () => {
    const known = WECOM_EVENT_TYPES.filter((type) => type !== 'unknown');
    expect(known).toHaveLength(28);
    for (const type of known) {
      expect(parseEventXml(eventFixture(fixtureNameForType(type))).type).toBe(type);
    }
  });

  it('fills corpId and createTime from ToUserName and CreateTime, and keeps the envelope fields', () => {
    const event = parseEventXml(eventFixture('change-contact-delete-user'));
    expect(event).toEqual({
      type: 'change_contact.delete_user',
      corpId: 'toUser',
      createTime: '1403610513',
      ToUserName: 'toUser',
      FromUserName: 'sys',
      CreateTime: '1403610513',
      MsgType: 'event',
      Event: 'change_contact',
      ChangeType: 'delete_user',
      UserID: 'zhangsan',
    });
  });

  it('keeps a nested field such as ExtAttr as its element structure', () => {
    const event = expectType(parseEventXml(eventFixture('change-contact-create-user')), 'change_contact.create_user');
    expect(event.ExtAttr).toEqual({
      Item: [
        { Name: '爱好', Type: '0', Text: { Value: '旅游' } },
        { Name: '卡号', Type: '1', Web: { Title: '企业微信', Url: 'https://work.weixin.qq.com' } },
      ],
    });
  });

  it('re-validates with weComEventSchema after a JSON round trip, as a queue consumer would', () => {
    for (const type of WECOM_EVENT_TYPES.filter((t) => t !== 'unknown')) {
      const event = parseEventXml(eventFixture(fixtureNameForType(type)));
      expect(weComEventSchema.parse(JSON.parse(JSON.stringify(event)))).toEqual(event);
    }
    const unknown = parseEventXml(eventFixture('unknown-enter-agent'));
    expect(weComEventSchema.parse(JSON.parse(JSON.stringify(unknown)))).toEqual(unknown);
  });
});

describe('parseEventXml: the official vectors', () => {
  it('reads set A (CDATA, a newline after each element) as a text message', () => {
    expect(Buffer.byteLength(vectorSetA.post.plaintext)).toBe(284);
    const event = expectType(parseEventXml(vectorSetA.post.plaintext), 'message.text');
    expect(event).toMatchObject({ corpId: 'wx5823bf96d3bd56c7', createTime: '1409659813', FromUserName: 'mycreate', MsgId: '4561255354251345929', AgentID: '218' });
    expect(event.Content).toBe('hello');
  });

  it('reads set B (no CDATA, Chinese content) as a text message', () => {
    const event = expectType(parseEventXml(vectorSetB.post.plaintext), 'message.text');
    expect(event).toMatchObject({ corpId: 'ww1436e0e65a779aee', createTime: '1476422779', FromUserName: 'ChenJiaShun', MsgId: '1456453720', AgentID: '1000002' });
    expect(event.Content).toBe('你好');
  });

  it.each([
    ['A', vectorSetA, 'hello'],
    ['B', vectorSetB, '你好'],
  ])('reads set %s straight from its decrypted POST ciphertext', (_name, vector, content) => {
    // Prepare
    const crypto = new CallbackCrypto({ token: vector.token, encodingAesKey: vector.encodingAesKey, receiveId: vector.corpId });

    // Act
    const event = parseEventXml(crypto.decrypt(vector.post.encrypt));

    // Assess
    expect(event).toMatchObject({ type: 'message.text', corpId: vector.corpId, Content: content });
  });
});

describe('parseEventXml: values as sent', () => {
  it('keeps CDATA exactly: spaces, newlines, markup and entity-like text', () => {
    const content = '  <b>bold</b> &amp; <!DOCTYPE html>\n\tline two  ';
    const event = parseEventXml(eventXml({ ...header, MsgType: 'text', FromUserName: 'zhangsan', Content: content, MsgId: '1' }));
    expect(expectType(event, 'message.text').Content).toBe(content);
  });

  it('decodes the predefined entities and character references in plain text', () => {
    const xml = '<xml><ToUserName>ww1</ToUserName><FromUserName>u1</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><Content>a &lt;b&gt; &amp; &quot;c&quot; &apos;d&apos; &#20320;&#x597D; &nbsp;</Content><MsgId>1</MsgId></xml>';
    expect(expectType(parseEventXml(xml), 'message.text').Content).toBe('a <b> & "c" \'d\' 你好 &nbsp;');
  });

  it('ignores whitespace between elements: compact, newline and indented forms read the same', () => {
    const elements = ['<ToUserName><![CDATA[ww1]]></ToUserName>', '<CreateTime>1</CreateTime>', '<MsgType><![CDATA[event]]></MsgType>', '<Event><![CDATA[change_external_chat]]></Event>', '<ChangeType><![CDATA[update]]></ChangeType>', '<ChatId><![CDATA[wr1]]></ChatId>', '<UpdateDetail><![CDATA[add_member]]></UpdateDetail>', '<MemChangeList><Item>a</Item><Item>b</Item></MemChangeList>'];
    const compact = parseEventXml(`<xml>${elements.join('')}</xml>`);
    const newlines = parseEventXml(`<xml>${elements.join('\n')}\n</xml>`);
    const indented = parseEventXml(`<?xml version="1.0" encoding="UTF-8"?>\r\n<xml>\r\n\t${elements.join('\r\n\t').replace('<Item>a</Item><Item>b</Item>', '\r\n\t\t<Item>a</Item>\r\n\t\t<Item>b</Item>\r\n\t')}\r\n</xml>\r\n`);
    expect(newlines).toEqual(compact);
    expect(indented).toEqual(compact);
    expect(compact).toMatchObject({ type: 'change_external_chat.update', memChangeList: ['a', 'b'] });
  });

  it('keeps plain text unchanged, surrounding spaces included', () => {
    const xml = '<xml><ToUserName>ww1</ToUserName><FromUserName>u1</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><Content>  two spaces  </Content><MsgId>1</MsgId></xml>';
    expect(expectType(parseEventXml(xml), 'message.text').Content).toBe('  two spaces  ');
  });

  it('keeps fields it does not know on a known type', () => {
    const event = parseEventXml(eventXml({ ...header, Event: 'change_contact', ChangeType: 'delete_user', UserID: 'zhangsan', FutureField: 'new in 2027' }));
    expect(event).toMatchObject({ type: 'change_contact.delete_user', FutureField: 'new in 2027' });
  });

  it('reads a create_user from a callback configured after 2022-08-15 (UserID and Department only)', () => {
    const event = parseEventXml(eventXml({ ...header, Event: 'change_contact', ChangeType: 'create_user', UserID: 'zhangsan', Department: '1' }));
    expect(event).toMatchObject({ type: 'change_contact.create_user', UserID: 'zhangsan', Department: '1' });
  });

  it('gives a chat update without MemChangeList an empty memChangeList', () => {
    const event = parseEventXml(eventXml({ ...header, Event: 'change_external_chat', ChangeType: 'update', ChatId: 'wr1', UpdateDetail: 'change_name' }));
    expect(expectType(event, 'change_external_chat.update').memChangeList).toEqual([]);
  });

  it('reads a tag shuffle that names no group, keyed on the shuffle itself', () => {
    const event = parseEventXml(eventXml({ ...header, Event: 'change_external_tag', ChangeType: 'shuffle' }));
    expect(event.type).toBe('change_external_tag.shuffle');
    expect(eventEntityKey(event)).toBe('corptag:shuffle');
  });

  it('reads msgaudit_notify without an AgentID', () => {
    expect(parseEventXml(eventXml({ ...header, Event: 'msgaudit_notify' })).type).toBe('msgaudit_notify');
  });
});

describe('parseEventXml: unknown events are kept, not thrown', () => {
  it.each([
    ['unknown-enter-agent', /unsupported event "enter_agent"/],
    ['unknown-subscribe', /unsupported event "subscribe"/],
  ])('keeps the generic app event %s raw', (fixture, reason) => {
    const event = parseEventXml(eventFixture(fixture));
    expect(event).toMatchObject({ type: 'unknown', corpId: 'toUser', reason: expect.stringMatching(reason) });
    expect(eventEntityKey(event)).toBe('unknown');
  });

  it('keeps every raw field of an unknown event', () => {
    const event = parseEventXml(eventFixture('unknown-enter-agent'));
    expect(event).toEqual({
      type: 'unknown',
      corpId: 'toUser',
      createTime: '1408091189',
      reason: 'unsupported event "enter_agent"',
      fields: { ToUserName: 'toUser', FromUserName: 'zhangsan', CreateTime: '1408091189', MsgType: 'event', Event: 'enter_agent', EventKey: '', AgentID: '1000002' },
    });
  });

  it.each<[string, Record<string, string>, RegExp]>([
    ['an unknown ChangeType of a known family', { ...header, Event: 'change_contact', ChangeType: 'merge_user', UserID: 'zhangsan' }, /unsupported event "change_contact" with ChangeType "merge_user"/],
    ['a change event without ChangeType', { ...header, Event: 'change_contact', UserID: 'zhangsan' }, /unsupported event "change_contact"/],
    ['an event family we do not know', { ...header, Event: 'sandbox_future_event', ChangeType: 'something_new', Detail: 'kept raw' }, /sandbox_future_event/],
    ['an event without Event', { ...header }, /without an Event/],
    ['a payload without MsgType', { ToUserName: 'ww1', CreateTime: '1', Content: 'hi' }, /no MsgType/],
    ['an empty MsgType', { ToUserName: 'ww1', CreateTime: '1', MsgType: '' }, /no MsgType/],
    ['an Event and ChangeType that spell a message type', { ...header, Event: 'message', ChangeType: 'text', FromUserName: 'u', Content: 'x', MsgId: '1' }, /unsupported event "message"/],
    ['an Event that spells a whole type', { ...header, Event: 'change_contact.delete_user', UserID: 'zhangsan' }, /unsupported event/],
  ])('returns unknown for %s', (_name, fields, reason) => {
    const event = parseEventXml(eventXml(fields));
    expect(event).toMatchObject({ type: 'unknown', corpId: fields.ToUserName, reason: expect.stringMatching(reason) });
    expect(event.type === 'unknown' && event.fields).toEqual(fields);
  });

  it.each<[string, Record<string, string>, RegExp]>([
    ['delete_user without UserID', { ...header, Event: 'change_contact', ChangeType: 'delete_user' }, /^invalid change_contact\.delete_user: UserID: /],
    ['delete_user with an empty UserID', { ...header, Event: 'change_contact', ChangeType: 'delete_user', UserID: '' }, /UserID/],
    ['a chat update without ChatId', { ...header, Event: 'change_external_chat', ChangeType: 'update', UpdateDetail: 'add_member' }, /ChatId/],
    ['transfer_fail with a FailReason outside the enum', { ...header, Event: 'change_external_contact', ChangeType: 'transfer_fail', UserID: 'u', ExternalUserID: 'wm1', FailReason: 'customer_busy' }, /FailReason/],
    ['a chat update with an UpdateDetail outside the enum', { ...header, Event: 'change_external_chat', ChangeType: 'update', ChatId: 'wr1', UpdateDetail: 'change_avatar' }, /UpdateDetail/],
    ['a tag change with a TagType outside the enum', { ...header, Event: 'change_external_tag', ChangeType: 'create', Id: 'et1', TagType: 'label' }, /TagType/],
    ['a tag change without TagType', { ...header, Event: 'change_external_tag', ChangeType: 'delete', Id: 'et1' }, /TagType/],
    ['a text message without Content', { ToUserName: 'ww1', FromUserName: 'u1', CreateTime: '1', MsgType: 'text', MsgId: '1' }, /Content/],
    ['a text message without MsgId', { ToUserName: 'ww1', FromUserName: 'u1', CreateTime: '1', MsgType: 'text', Content: 'hi' }, /MsgId/],
    ['an event without CreateTime', { ToUserName: 'ww1', FromUserName: 'sys', MsgType: 'event', Event: 'change_contact', ChangeType: 'delete_user', UserID: 'u' }, /createTime/],
  ])('returns unknown with a reason for %s', (_name, fields, reason) => {
    const event = parseEventXml(eventXml(fields));
    expect(event).toMatchObject({ type: 'unknown', reason: expect.stringMatching(reason), fields });
  });

  it('returns unknown when a field that must be text has child elements', () => {
    const xml = '<xml><ToUserName>ww1</ToUserName><CreateTime>1</CreateTime><MsgType>event</MsgType><Event>change_contact</Event><ChangeType>delete_user</ChangeType><UserID><a>1</a></UserID></xml>';
    expect(parseEventXml(xml)).toMatchObject({ type: 'unknown', reason: expect.stringMatching(/UserID/), fields: { UserID: { a: '1' } } });
  });

  it('returns unknown when a field is repeated', () => {
    const xml = '<xml><ToUserName>ww1</ToUserName><CreateTime>1</CreateTime><MsgType>event</MsgType><Event>change_contact</Event><ChangeType>delete_user</ChangeType><UserID>a</UserID><UserID>b</UserID></xml>';
    expect(parseEventXml(xml)).toMatchObject({ type: 'unknown', fields: { UserID: ['a', 'b'] } });
  });

  it('gives createTime as an empty string when CreateTime is missing', () => {
    expect(parseEventXml(eventXml({ ToUserName: 'ww1' }))).toMatchObject({ type: 'unknown', createTime: '' });
  });

  it('does not let an element named type or corpId replace the parsed values', () => {
    const event = parseEventXml(eventXml({ ...header, Event: 'change_contact', ChangeType: 'delete_user', UserID: 'u', type: 'message.text', corpId: 'evil' }));
    expect(event).toMatchObject({ type: 'change_contact.delete_user', corpId: header.ToUserName });
  });
});
