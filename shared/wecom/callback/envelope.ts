/**
 * The outer XML of a callback POST:
 * `<xml><ToUserName>…</ToUserName><AgentID>…</AgentID><Encrypt>…</Encrypt></xml>`.
 *
 * It is read by a small flat scanner instead of a full XML parser: the envelope is
 * untrusted and unauthenticated, its shape is fixed, and a full parse here would
 * cost as much as the decrypted payload's parse. The scanner accepts only an
 * optional XML declaration, one `<xml>` root and flat child elements whose content
 * is text or a single CDATA section; DOCTYPE, entities, comments, attributes and
 * nesting are refused, so no entity can ever be expanded.
 */
export interface CallbackEnvelope {
  encrypt: string;
  toUserName?: string;
  agentId?: string;
}

/** The envelope as WeCom sends it (the inverse of parseCallbackEnvelope): used by the sandbox and tests. */
export function buildCallbackEnvelope(envelope: { encrypt: string; toUserName: string; agentId: string }): string {
  return `<xml><ToUserName><![CDATA[${envelope.toUserName}]]></ToUserName><Encrypt><![CDATA[${envelope.encrypt}]]></Encrypt><AgentID><![CDATA[${envelope.agentId}]]></AgentID></xml>`;
}

export class EnvelopeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EnvelopeError';
  }
}

const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;
const WHITESPACE = /[ \t\r\n]*/y;
const DECLARATION = /<\?xml[^?<>]*\?>/y;
const CDATA_OPEN = '<![CDATA[';
const CDATA_CLOSE = ']]>';
const MAX_CHILDREN = 16;

export function parseCallbackEnvelope(body: string): CallbackEnvelope {
  let pos = 0;
  const skipWhitespace = () => {
    WHITESPACE.lastIndex = pos;
    WHITESPACE.exec(body);
    pos = WHITESPACE.lastIndex;
  };
  const expect = (literal: string) => {
    if (!body.startsWith(literal, pos)) throw new EnvelopeError(`expected ${literal}`);
    pos += literal.length;
  };
  const readName = (): string => {
    NAME.lastIndex = pos;
    const match = NAME.exec(body);
    if (!match) throw new EnvelopeError('expected an element name');
    pos = NAME.lastIndex;
    return match[0];
  };

  if (body.charCodeAt(0) === 0xfeff) pos = 1;
  skipWhitespace();
  DECLARATION.lastIndex = pos;
  if (DECLARATION.exec(body)) pos = DECLARATION.lastIndex;
  skipWhitespace();
  expect('<xml>');

  const fields = new Map<string, string>();
  for (;;) {
    skipWhitespace();
    if (body.startsWith('</xml>', pos)) {
      pos += 6;
      break;
    }
    if (fields.size >= MAX_CHILDREN) throw new EnvelopeError('too many elements');
    expect('<');
    const name = readName();
    expect('>');
    let value: string;
    if (body.startsWith(CDATA_OPEN, pos)) {
      const end = body.indexOf(CDATA_CLOSE, pos + CDATA_OPEN.length);
      if (end < 0) throw new EnvelopeError('unterminated CDATA');
      value = body.slice(pos + CDATA_OPEN.length, end);
      pos = end + CDATA_CLOSE.length;
    } else {
      const end = body.indexOf('<', pos);
      if (end < 0) throw new EnvelopeError(`unterminated <${name}>`);
      value = body.slice(pos, end);
      // Plain text may not smuggle in entity or markup characters.
      if (value.includes('&') || value.includes('>')) throw new EnvelopeError(`unsupported characters in <${name}>`);
      pos = end;
    }
    expect(`</${name}>`);
    if (fields.has(name)) throw new EnvelopeError(`duplicate <${name}>`);
    fields.set(name, value);
  }
  skipWhitespace();
  if (pos !== body.length) throw new EnvelopeError('content after </xml>');

  const encrypt = fields.get('Encrypt');
  if (!encrypt) throw new EnvelopeError('missing <Encrypt>');
  return { encrypt, toUserName: fields.get('ToUserName'), agentId: fields.get('AgentID') };
}
