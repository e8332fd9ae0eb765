import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { EventXmlError } from './event-xml-error';
import { assertEventXmlShape } from './xml-guard';

/**
 * Turns a decrypted callback payload into its raw fields: `<xml>`'s child
 * elements by name, each a string, a record of its own children (e.g.
 * `MemChangeList`), or an array when the name repeats.
 */
export type XmlValue = string | XmlRecord | XmlValue[];
export interface XmlRecord {
  [name: string]: XmlValue;
}

const TEXT = '#text';
const CDATA = '#cdata';

// Built once: the options are normalised in the constructor, and a parse then only
// allocates per-document state.
const parser = new XMLParser({
  // Entities are never expanded by the parser (DOCTYPEs are refused before it
  // runs anyway); the five predefined and numeric references are decoded below.
  processEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  ignoreAttributes: true,
  // Values are kept exactly as sent, CDATA and plain text alike. Whitespace
  // between elements is dropped below by structure, not by trimming every value.
  trimValues: false,
  // Document order and a separate CDATA node are what let plain text be decoded
  // while CDATA is left untouched.
  preserveOrder: true,
  cdataPropName: CDATA,
});

export function readEventXml(xml: string): XmlRecord {
  assertEventXmlShape(xml);
  // The parser is lenient: mismatched or unclosed tags, trailing text and a second
  // root all parse without complaint, so well-formedness is checked separately.
  // The validator is a single scan, about a quarter of the parse's cost.
  const verdict = XMLValidator.validate(xml);
  if (verdict !== true) {
    const { code, line, col } = verdict.err;
    throw new EventXmlError(`malformed XML (${code} at ${line}:${col})`);
  }
  let document: unknown;
  try {
    document = parser.parse(xml);
  } catch (error) {
    // e.g. an element named `constructor`, or nesting deeper than the parser allows.
    throw new EventXmlError('malformed XML', { cause: error });
  }
  return readRoot(document);
}

/** The parser's ordered output is an array of single-key nodes: `{ name: children }`. */
type OrderedNode = Record<string, unknown>;

function nodeName(node: OrderedNode): string | undefined {
  for (const name in node) return name;
  return undefined;
}

function readRoot(document: unknown): XmlRecord {
  let root: unknown;
  for (const node of document as OrderedNode[]) {
    const name = nodeName(node);
    if (name === '?xml') continue;
    // The validator lets a second root through; WeCom never sends one.
    if (name !== 'xml' || root !== undefined) throw new EventXmlError('the document must have a single <xml> root element');
    root = node[name];
  }
  if (root === undefined) throw new EventXmlError('the document must have a single <xml> root element');
  const fields = readElement(root as OrderedNode[]);
  // `<xml/>` or `<xml>text</xml>`: no fields at all.
  return typeof fields === 'string' ? {} : fields;
}

/**
 * An element with child elements becomes a record and any text between them is
 * dropped (in WeCom's documents that is only indentation); otherwise its text and
 * CDATA are joined in document order.
 */
function readElement(children: OrderedNode[]): string | XmlRecord {
  let text = '';
  let record: XmlRecord | undefined;
  for (const child of children) {
    const name = nodeName(child);
    if (name === undefined) continue;
    const content = child[name];
    if (name === TEXT) {
      text += decodeXmlText(content as string);
    } else if (name === CDATA) {
      for (const part of content as OrderedNode[]) text += part[TEXT] as string;
    } else {
      record ??= {};
      addField(record, name, readElement(content as OrderedNode[]));
    }
  }
  return record ?? text;
}

function addField(record: XmlRecord, name: string, value: string | XmlRecord): void {
  // The parser already refuses these names; a record must never gain a prototype from input.
  if (name === '__proto__') throw new EventXmlError('malformed XML');
  const existing = record[name];
  if (existing === undefined) record[name] = value;
  // readElement never returns an array, so an array here is a repeated name.
  else if (Array.isArray(existing)) existing.push(value);
  else record[name] = [existing, value];
}

const REFERENCE = /&(?:#([0-9]{1,7})|#x([0-9A-Fa-f]{1,6})|(lt|gt|amp|quot|apos));/g;
const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/**
 * Plain (non-CDATA) text may carry the predefined entities and character
 * references: `a &amp; b` means "a & b". None of these can expand beyond one
 * character. Anything else that looks like a reference (`&nbsp;`, a code point
 * XML forbids) is left as written.
 */
export function decodeXmlText(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(REFERENCE, (reference, decimal?: string, hex?: string, name?: string) => {
    if (name !== undefined) return PREDEFINED[name] ?? reference;
    const codePoint = decimal !== undefined ? Number.parseInt(decimal, 10) : Number.parseInt(hex ?? '', 16);
    return isXmlChar(codePoint) ? String.fromCodePoint(codePoint) : reference;
  });
}

/** XML 1.0 `Char`: tab, newline, carriage return and the non-control, non-surrogate ranges. */
function isXmlChar(codePoint: number): boolean {
  return (
    codePoint === 0x9 ||
    codePoint === 0xa ||
    codePoint === 0xd ||
    (codePoint >= 0x20 && codePoint <= 0xd7ff) ||
    (codePoint >= 0xe000 && codePoint <= 0xfffd) ||
    (codePoint >= 0x10000 && codePoint <= 0x10ffff)
  );
}
