import { parseEventXml } from '../../shared/wecom/events';
import { sampleEvent, sampleEventNames } from '../../local/sandbox/sample-events';

describe('sandbox sample events', () => {
  it.each(sampleEventNames.filter((name) => name !== 'unknown_event'))('%s parses as a known, valid event of the sandbox corp', (name) => {
    const event = parseEventXml(sampleEvent(name, 'wwsandbox00000001', new Date('2026-11-24T12:00:00Z')));
    expect(event.type).not.toBe('unknown');
    expect(event.corpId).toBe('wwsandbox00000001');
    expect(event.createTime).toBe(String(Date.parse('2026-11-24T12:00:00Z') / 1000));
  });

  it('unknown_event stays unknown, so the raw path can be tried from the sandbox', () => {
    expect(parseEventXml(sampleEvent('unknown_event', 'wwsandbox00000001')).type).toBe('unknown');
  });

  it('makes a distinct event on every call', () => {
    expect(sampleEvent('add_external_contact', 'ww1')).not.toBe(sampleEvent('add_external_contact', 'ww1'));
  });
});
