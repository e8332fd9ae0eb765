import fc from 'fast-check';
import { XMLValidator } from 'fast-xml-parser';
import { EventXmlError, MAX_ENTITY_KEY_LENGTH, WECOM_EVENT_TYPES, eventEntityKey, parseEventXml, type WeComEvent } from '../../../shared/wecom/events';

const GROUP_ID_CHARS = /^[\x21-\x7e]+$/;
const RUNS = { numRuns: 2000 };

/** parseEventXml's whole contract: an event with a string type, or EventXmlError, never anything else. */
function parseOrXmlError(xml: string): WeComEvent | EventXmlError {
  try {
    const event = parseEventXml(xml);
    expect(typeof event.type).toBe('string');
    expect(typeof event.corpId).toBe('string');
    expect(typeof event.createTime).toBe('string');
    return event;
  } catch (error) {
    if (!(error instanceof EventXmlError)) throw error;
    return error;
  }
}

const cdataSafe = fc.string({ unit: 'grapheme', maxLength: 40 }).map((text) => text.replaceAll(']]>', ''));
const knownType = fc.constantFrom(...WECOM_EVENT_TYPES.filter((type) => type !== 'unknown'));

/** Fragments that exercise every branch of the guard, the validator and the reader. */
const xmlish = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        '<xml>', '</xml>', '<xml/>', '<?xml version="1.0"?>', '\ufeff', '<ToUserName>', '</ToUserName>', '<CreateTime>', '</CreateTime>',
        '<MsgType>', '</MsgType>', 'event', 'text', '<Event>', '</Event>', 'change_contact', 'change_external_chat', '<ChangeType>', '</ChangeType>',
        'delete_user', 'update', '<UserID>', '</UserID>', '<MemChangeList>', '</MemChangeList>', '<Item>', '</Item>', '<![CDATA[', ']]>',
        '<!DOCTYPE xml [<!ENTITY x "y">]>', '<!ENTITY', '<!--', '-->', '<?', '?>', '<', '>', '/>', '</', '&amp;', '&#x4F60;', '&#0;', '&x;', '&',
        '"', "'", ' a="1"', '\n', '\t', ' ', '__proto__', 'constructor', 'ww1',
      ),
      fc.string({ maxLength: 6 }),
    ),
    { maxLength: 30 },
  )
  .map((parts) => parts.join(''));

describe('parseEventXml properties', () => {
  it('any string: returns an event or throws EventXmlError', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (xml) => void parseOrXmlError(xml)), RUNS);
  });

  it('any xml-ish string: returns an event or throws EventXmlError', () => {
    fc.assert(fc.property(xmlish, (xml) => void parseOrXmlError(xml)), RUNS);
  });

  it('any xml-ish string inside an <xml> root with a ToUserName: returns an event or throws EventXmlError', () => {
    fc.assert(fc.property(xmlish, (body) => void parseOrXmlError(`<xml><ToUserName>ww1</ToUserName>${body}</xml>`)), RUNS);
  });

  it('whatever it accepts, the library validator also finds well-formed', () => {
    fc.assert(
      fc.property(xmlish, (body) => {
        const xml = `<xml><ToUserName>ww1</ToUserName>${body}</xml>`;
        if (!(parseOrXmlError(xml) instanceof EventXmlError)) expect(XMLValidator.validate(xml)).toBe(true);
      }),
      RUNS,
    );
  });

  it('any text in CDATA comes back exactly, whatever it contains', () => {
    fc.assert(
      fc.property(cdataSafe, (content) => {
        const xml = `<xml><ToUserName><![CDATA[ww1]]></ToUserName><FromUserName>u1</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><Content><![CDATA[${content}]]></Content><MsgId>1</MsgId></xml>`;
        const event = parseEventXml(xml);
        // XML reads a CR LF or lone CR as one LF, in CDATA as everywhere else.
        expect(event).toMatchObject({ type: 'message.text', Content: content.replace(/\r\n?/g, '\n') });
      }),
      RUNS,
    );
  });

  it('a known type with arbitrary field values: parses to that type or to unknown, never throws', () => {
    const fieldNames = fc.constantFrom('UserID', 'Id', 'TagId', 'ExternalUserID', 'ChatId', 'FromUserName', 'MsgId', 'Content', 'MediaId', 'Url', 'UpdateDetail', 'TagType', 'FailReason', 'Location_X', 'Location_Y');
    fc.assert(
      fc.property(knownType, fc.dictionary(fieldNames, cdataSafe, { maxKeys: 8 }), (type, fields) => {
        const [family, change] = type.split('.');
        const route = type.startsWith('message.') ? `<MsgType>${change}</MsgType>` : `<MsgType>event</MsgType><Event>${family}</Event>${change ? `<ChangeType>${change}</ChangeType>` : ''}`;
        const elements = Object.entries(fields).map(([name, value]) => `<${name}><![CDATA[${value}]]></${name}>`).join('\n');
        const event = parseEventXml(`<xml><ToUserName>ww1</ToUserName><CreateTime>1</CreateTime>${route}\n${elements}</xml>`);
        if (type !== 'message.other') expect([type, 'unknown']).toContain(event.type);
        expect(eventEntityKey(event)).toMatch(GROUP_ID_CHARS);
      }),
      RUNS,
    );
  });
});

describe('eventEntityKey properties', () => {
  const anyId = fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.string({ unit: 'grapheme-ascii', maxLength: 200 }), fc.string({ maxLength: 120 }));

  it('is always group-id characters and at most 100 long, for any id in any field', () => {
    fc.assert(
      fc.property(knownType, anyId, (type, id) => {
        const event = { type, corpId: 'ww1', createTime: '1', UserID: id, Id: id, TagId: id, ExternalUserID: id, ChatId: id, FromUserName: id } as unknown as WeComEvent;
        const key = eventEntityKey(event);
        expect(key).toMatch(GROUP_ID_CHARS);
        expect(key.length).toBeLessThanOrEqual(MAX_ENTITY_KEY_LENGTH);
      }),
      RUNS,
    );
  });

  it('is always group-id characters and at most 100 long for anything parseEventXml returns', () => {
    fc.assert(
      fc.property(xmlish, (body) => {
        const result = parseOrXmlError(`<xml><ToUserName>ww1</ToUserName><CreateTime>1</CreateTime>${body}</xml>`);
        if (result instanceof EventXmlError) return;
        const key = eventEntityKey(result);
        expect(key).toMatch(GROUP_ID_CHARS);
        expect(key.length).toBeLessThanOrEqual(MAX_ENTITY_KEY_LENGTH);
      }),
      RUNS,
    );
  });
});
