export { parseEventXml } from './parse-event';
export { eventEntityKey, MAX_ENTITY_KEY_LENGTH } from './entity-key';
export { EventXmlError } from './event-xml-error';
export { MAX_EVENT_XML_BYTES } from './xml-guard';
export {
  WECOM_EVENT_TYPES,
  unknownEventSchema,
  weComEventSchema,
  type KnownEvent,
  type KnownEventType,
  type UnknownEvent,
  type WeComEvent,
  type WeComEventType,
} from './event-types';
