import { createHash } from 'node:crypto';
import { MAX_ENTITY_KEY_LENGTH, eventEntityKey, type WeComEvent } from '../../../shared/wecom/events';

const GROUP_ID_CHARS = /^[A-Za-z0-9!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]+$/;
const base = { corpId: 'ww1', createTime: '1' };

const sha256Prefix = (value: string) => createHash('sha256').update(value, 'utf8').digest('hex').slice(0, 32);

describe('eventEntityKey', () => {
  it.each<[WeComEvent, string]>([
    [{ ...base, type: 'change_contact.update_user', UserID: 'zhangsan' }, 'user:zhangsan'],
    [{ ...base, type: 'change_contact.delete_party', Id: '12' }, 'party:12'],
    [{ ...base, type: 'change_contact.update_tag', TagId: '3' }, 'tag:3'],
    [{ ...base, type: 'change_external_contact.del_follow_user', UserID: 'zhangsan', ExternalUserID: 'wmABC' }, 'external:wmABC'],
    [{ ...base, type: 'change_external_chat.dismiss', ChatId: 'wrXYZ' }, 'chat:wrXYZ'],
    [{ ...base, type: 'change_external_tag.delete', Id: 'et1', TagType: 'tag_group' }, 'corptag:et1'],
    [{ ...base, type: 'change_external_tag.shuffle' }, 'corptag:shuffle'],
    [{ ...base, type: 'change_external_tag.shuffle', Id: '' }, 'corptag:shuffle'],
    [{ ...base, type: 'msgaudit_notify', AgentID: '2000004' }, 'msgaudit'],
    [{ ...base, type: 'message.text', FromUserName: 'zhangsan', MsgId: '1', Content: 'hi' }, 'msg:zhangsan'],
    [{ ...base, type: 'message.other', MsgType: 'file' }, 'msg'],
    [{ ...base, type: 'unknown', reason: 'unsupported event "enter_agent"', fields: { UserID: 'zhangsan' } }, 'unknown'],
  ])('keys %j as %s', (event, key) => {
    expect(eventEntityKey(event)).toBe(key);
  });

  it('keeps a printable ASCII id with punctuation as it is', () => {
    const id = `a.b-c_d@e!"#$%&'()*+,/:;<=>?[\\]^\`{|}~z`;
    expect(eventEntityKey({ ...base, type: 'change_contact.delete_user', UserID: id })).toBe(`user:${id}`);
  });

  it.each([
    ['non-ASCII', '张三'],
    ['a space', 'zhang san'],
    ['a control character', 'zhang\nsan'],
    ['a leading hash mark', '~abc'],
    ['too long for the key', 'u'.repeat(96)],
  ])('replaces an id with %s by a marked hash prefix', (_name, id) => {
    const key = eventEntityKey({ ...base, type: 'change_contact.delete_user', UserID: id });
    expect(key).toBe(`user:~${sha256Prefix(id)}`);
    expect(key).toMatch(GROUP_ID_CHARS);
  });

  it('keeps the longest id that fits and hashes one character more', () => {
    const prefix = 'external:';
    const longest = 'w'.repeat(MAX_ENTITY_KEY_LENGTH - prefix.length);
    const event = (id: string): WeComEvent => ({ ...base, type: 'change_external_contact.edit_external_contact', UserID: 'u', ExternalUserID: id });

    expect(eventEntityKey(event(longest))).toBe(prefix + longest);
    expect(eventEntityKey(event(longest))).toHaveLength(MAX_ENTITY_KEY_LENGTH);
    expect(eventEntityKey(event(`${longest}w`))).toBe(`${prefix}~${sha256Prefix(`${longest}w`)}`);
  });

  it('gives distinct ids distinct keys, and the same id the same key', () => {
    const key = (id: string) => eventEntityKey({ ...base, type: 'change_contact.delete_user', UserID: id });
    expect(key('张三')).toBe(key('张三'));
    expect(key('张三')).not.toBe(key('李四'));
  });

  it('keys an event whose type is not ours (e.g. from an older queue message) as unknown', () => {
    expect(eventEntityKey({ ...base, type: 'change_contact.merge_user' } as unknown as WeComEvent)).toBe('unknown');
  });
});
