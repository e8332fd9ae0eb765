/**
 * Throughput of parseEventXml against fast-xml-parser alone, measured in the same
 * run so the ratios hold on any machine: `npx tsx shared/wecom/events/parse-event.bench.ts`.
 */
import { XMLParser } from 'fast-xml-parser';
import { eventEntityKey } from './entity-key';
import { parseEventXml } from './parse-event';

const SAMPLES = {
  // Official vector set A's plaintext.
  'text message': '<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName>\n<FromUserName><![CDATA[mycreate]]></FromUserName>\n<CreateTime>1409659813</CreateTime>\n<MsgType><![CDATA[text]]></MsgType>\n<Content><![CDATA[hello]]></Content>\n<MsgId>4561255354251345929</MsgId>\n<AgentID>218</AgentID>\n</xml>',
  // The add_external_contact sample from the reference.
  'external contact': '<xml><ToUserName><![CDATA[toUser]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName>\n<CreateTime>1403610513</CreateTime><MsgType><![CDATA[event]]></MsgType>\n<Event><![CDATA[change_external_contact]]></Event><ChangeType><![CDATA[add_external_contact]]></ChangeType>\n<UserID><![CDATA[zhangsan]]></UserID><ExternalUserID><![CDATA[woAJ2GCAAAXtWyujaWJHDDGi0mAAAA]]></ExternalUserID>\n<State><![CDATA[teststate]]></State><WelcomeCode><![CDATA[WELCOMECODE]]></WelcomeCode></xml>',
};

const baseline = new XMLParser({ processEntities: false, parseTagValue: false, ignoreAttributes: true });

function perSecond(run: () => unknown, iterations = 50_000): number {
  for (let i = 0; i < iterations / 5; i++) run();
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) run();
  return iterations / (Number(process.hrtime.bigint() - start) / 1e9);
}

for (const [name, xml] of Object.entries(SAMPLES)) {
  const base = perSecond(() => baseline.parse(xml));
  const ours = perSecond(() => eventEntityKey(parseEventXml(xml)));
  console.log(`${name.padEnd(18)} fast-xml-parser alone ${Math.round(base).toString().padStart(7)}/s   parseEventXml + key ${Math.round(ours).toString().padStart(7)}/s   ratio ${(ours / base).toFixed(2)}`);
}
