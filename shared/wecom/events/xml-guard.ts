import { EventXmlError } from './event-xml-error';

/**
 * Checks made before any XML parser sees a decrypted payload.
 *
 * fast-xml-parser reads a DOCTYPE wherever it meets `<!D` in markup, and its
 * validator accepts DOCTYPEs, comments and `<` inside attribute values, so those
 * libraries cannot be the line of defence. This scan walks the markup exactly as
 * the parser will (CDATA ends at the first `]]>`, a start tag ends at the first `>`
 * outside quotes, an end tag at the first `>`), and refuses every `<!` that is not
 * CDATA and every processing instruction after the declaration. Whatever the
 * parser will treat as markup has therefore been seen here first, while text
 * inside CDATA — a user's chat message may well contain "<!DOCTYPE html>" — stays
 * data and is not refused.
 *
 * It is a handful of indexOf calls per element, far cheaper than the parse.
 */

/** WeCom events are a few hundred bytes; 64 KiB bounds the work an event can cost. */
export const MAX_EVENT_XML_BYTES = 64 * 1024;

// Optional BOM, whitespace, optional `<?xml …?>`, whitespace, then the `<xml` root tag.
const PROLOG = /\uFEFF?[ \t\r\n]*(?:<\?xml(?:[ \t\r\n][^<>?]*)?\?>[ \t\r\n]*)?<xml(?=[ \t\r\n/>])/y;
const ROOT_TAG_LENGTH = '<xml'.length;
const CDATA_OPEN = '<![CDATA[';
const CDATA_CLOSE = ']]>';

const BANG = 0x21; // !
const DOUBLE_QUOTE = 0x22;
const SINGLE_QUOTE = 0x27;
const SLASH = 0x2f;
const GREATER_THAN = 0x3e;
const QUESTION_MARK = 0x3f;

export function assertEventXmlShape(xml: unknown): asserts xml is string {
  if (typeof xml !== 'string') throw new EventXmlError('event XML must be a string');
  // Length first: UTF-8 never has fewer bytes than UTF-16 code units, and the
  // length check is free while the byte count is not.
  if (xml.length > MAX_EVENT_XML_BYTES || Buffer.byteLength(xml, 'utf8') > MAX_EVENT_XML_BYTES) {
    throw new EventXmlError(`event XML is larger than ${MAX_EVENT_XML_BYTES} bytes`);
  }
  PROLOG.lastIndex = 0;
  if (!PROLOG.test(xml)) throw new EventXmlError('the document must start with an <xml> root element');
  scanMarkup(xml, PROLOG.lastIndex - ROOT_TAG_LENGTH);
}

/** Walks every `<` from the root tag on; `start` is the root tag's `<`. */
function scanMarkup(xml: string, start: number): void {
  let at = start;
  while (at !== -1) {
    const next = xml.charCodeAt(at + 1);
    let end: number;
    if (next === BANG) {
      if (!xml.startsWith(CDATA_OPEN, at)) {
        throw new EventXmlError('DOCTYPE, ENTITY, comments and other <! declarations are not accepted');
      }
      end = xml.indexOf(CDATA_CLOSE, at + CDATA_OPEN.length);
      if (end === -1) throw new EventXmlError('unterminated CDATA section');
      end += CDATA_CLOSE.length - 1;
    } else if (next === QUESTION_MARK) {
      throw new EventXmlError('processing instructions are only accepted as the leading XML declaration');
    } else if (next === SLASH) {
      end = xml.indexOf('>', at);
    } else {
      end = endOfStartTag(xml, at);
    }
    if (end === -1) throw new EventXmlError('unterminated tag');
    at = xml.indexOf('<', end + 1);
  }
}

/** Index of the `>` closing the start tag at `at`, skipping quoted attribute values as the parser does. */
function endOfStartTag(xml: string, at: number): number {
  for (let i = at + 1; i < xml.length; i++) {
    const code = xml.charCodeAt(i);
    if (code === GREATER_THAN) return i;
    if (code === DOUBLE_QUOTE || code === SINGLE_QUOTE) {
      i = xml.indexOf(code === DOUBLE_QUOTE ? '"' : "'", i + 1);
      if (i === -1) return -1;
    }
  }
  return -1;
}
