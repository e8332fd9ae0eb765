import fc from 'fast-check';
import { buildCallbackEnvelope, EnvelopeError, parseCallbackEnvelope } from '../../../shared/wecom/callback/envelope';
import { vectorSetA, vectorSetB } from '../../support/official-vectors';

describe('parseCallbackEnvelope', () => {
  it('reads both official POST bodies', () => {
    expect(parseCallbackEnvelope(vectorSetA.post.body)).toEqual({ encrypt: vectorSetA.post.encrypt, toUserName: vectorSetA.corpId, agentId: '218' });
    expect(buildCallbackEnvelope({ encrypt: vectorSetA.post.encrypt, toUserName: vectorSetA.corpId, agentId: '218' })).toBe(vectorSetA.post.body);
    expect(parseCallbackEnvelope(vectorSetB.post.body).encrypt).toBe(vectorSetB.post.encrypt);
  });

  it('accepts a declaration, a BOM, whitespace between elements and plain (non-CDATA) text', () => {
    const body = '\ufeff<?xml version="1.0" encoding="UTF-8"?>\n<xml>\n  <ToUserName>ww1</ToUserName>\n  <Encrypt>QUJD</Encrypt>\n</xml>\n';
    expect(parseCallbackEnvelope(body)).toEqual({ encrypt: 'QUJD', toUserName: 'ww1', agentId: undefined });
  });

  it.each([
    ['empty', ''],
    ['not xml', 'hello'],
    ['wrong root', '<root><Encrypt>QUJD</Encrypt></root>'],
    ['no Encrypt', '<xml><ToUserName>ww1</ToUserName></xml>'],
    ['empty Encrypt', '<xml><Encrypt></Encrypt></xml>'],
    ['duplicate Encrypt', '<xml><Encrypt>QUJD</Encrypt><Encrypt>QUJE</Encrypt></xml>'],
    ['unterminated', '<xml><Encrypt>QUJD'],
    ['mismatched close', '<xml><Encrypt>QUJD</Encrypted></xml>'],
    ['nested element', '<xml><Encrypt><a>QUJD</a></Encrypt></xml>'],
    ['attribute', '<xml><Encrypt a="1">QUJD</Encrypt></xml>'],
    ['entity in text', '<xml><Encrypt>&lt;QUJD</Encrypt></xml>'],
    ['trailing content', '<xml><Encrypt>QUJD</Encrypt></xml><xml/>'],
    ['comment', '<xml><!-- hi --><Encrypt>QUJD</Encrypt></xml>'],
    ['DOCTYPE with external entity (XXE)', '<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY x SYSTEM "file:///etc/passwd">]><xml><Encrypt>&x;</Encrypt></xml>'],
    [
      'entity expansion (billion laughs)',
      '<!DOCTYPE xml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><xml><Encrypt>&c;</Encrypt></xml>',
    ],
  ])('refuses %s', (_name, body) => {
    expect(() => parseCallbackEnvelope(body)).toThrow(EnvelopeError);
  });

  it('property: any input parses or throws EnvelopeError, nothing else', () => {
    const xmlish = fc.array(fc.constantFrom('<xml>', '</xml>', '<Encrypt>', '</Encrypt>', '<![CDATA[', ']]>', 'QUJD', '<', '>', '&', ' ', '<!DOCTYPE', '<?xml?>'), { maxLength: 12 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(fc.oneof(fc.string(), xmlish), (body) => {
        try {
          const envelope = parseCallbackEnvelope(body);
          expect(envelope.encrypt.length).toBeGreaterThan(0);
        } catch (error) {
          expect(error).toBeInstanceOf(EnvelopeError);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses large unterminated input (its cost is measured in bench/, not here)', () => {
    expect(() => parseCallbackEnvelope(`<xml><Encrypt><![CDATA[${'A'.repeat(60_000)}`)).toThrow(EnvelopeError);
    expect(() => parseCallbackEnvelope(`<xml>${'<A>x</A>'.repeat(8000)}</xml>`)).toThrow(EnvelopeError);
  });
});
