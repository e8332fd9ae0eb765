/**
 * Throughput of parseEventXml against fast-xml-parser alone, measured in the same
 * run so the ratios hold on any machine: `npm run bench:events`.
 */
import { XMLParser } from 'fast-xml-parser';
import { eventEntityKey, parseEventXml } from '../shared/wecom/events';
import { compare } from './measure';

const SAMPLES = {
  // Official vector set A's plaintext.
  'text message': '<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName>\n<FromUserName><![CDATA[mycreate]]></FromUserName>\n<CreateTime>1409659813</CreateTime>\n<MsgType><![CDATA[text]]></MsgType>\n<Content><![CDATA[hello]]></Content>\n<MsgId>4561255354251345929</MsgId>\n<AgentID>218</AgentID>\n</xml>',
  // The add_external_contact sample from the reference.
  'external contact': '<xml><ToUserName><![CDATA[toUser]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName>\n<CreateTime>1403610513</CreateTime><MsgType><![CDATA[event]]></MsgType>\n<Event><![CDATA[change_external_contact]]></Event><ChangeType><![CDATA[add_external_contact]]></ChangeType>\n<UserID><![CDATA[zhangsan]]></UserID><ExternalUserID><![CDATA[woAJ2GCAAAXtWyujaWJHDDGi0mAAAA]]></ExternalUserID>\n<State><![CDATA[teststate]]></State><WelcomeCode><![CDATA[WELCOMECODE]]></WelcomeCode></xml>',
};

const baseline = new XMLParser({ processEntities: false, parseTagValue: false, ignoreAttributes: true });

for (const [name, xml] of Object.entries(SAMPLES)) {
  const { a: ours, b: base } = compare(() => eventEntityKey(parseEventXml(xml)), () => baseline.parse(xml));
  console.log(`${name.padEnd(18)} fast-xml-parser alone ${Math.round(base).toString().padStart(7)}/s   parseEventXml + key ${Math.round(ours).toString().padStart(7)}/s   ratio ${(ours / base).toFixed(2)}`);
}
