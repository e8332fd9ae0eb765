import { parseEventXml, eventEntityKey, weComEventSchema, type WeComEvent } from '../../../shared/wecom/events';
import { vectorSetA, vectorSetB } from '../../support/official-vectors';
const a = parseEventXml(vectorSetA.post.plaintext);
console.log(a, eventEntityKey(a));
const b = parseEventXml(vectorSetB.post.plaintext);
console.log(b, eventEntityKey(b));
function probe(e: WeComEvent) {
  if (e.type === 'change_external_chat.update') { const l: string[] = e.memChangeList; const d: 'add_member' | 'del_member' | 'change_owner' | 'change_name' | 'change_notice' = e.UpdateDetail; console.log(l, d); }
  if (e.type === 'change_contact.create_user') { const u: string = e.UserID; const n: string | undefined = e.Name; console.log(u, n); }
  if (e.type === 'unknown') { const r: string = e.reason; console.log(r, e.fields); }
  if (e.type === 'message.text') { const c: string = e.Content; console.log(c); }
}
probe(a);
const x = parseEventXml('<xml><ToUserName>c</ToUserName><CreateTime>1</CreateTime><MsgType>event</MsgType><Event>change_external_chat</Event><ChangeType>update</ChangeType><ChatId>wr1</ChatId><UpdateDetail>add_member</UpdateDetail><MemChangeList><Item>a</Item></MemChangeList></xml>');
console.log(x, weComEventSchema.parse(JSON.parse(JSON.stringify(x))));
