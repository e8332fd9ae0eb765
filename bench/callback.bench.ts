/**
 * Callback benchmarks (run with `npm run bench:callback`). Every figure is measured in
 * this run on the same inputs; comparisons are printed as ratios, never asserted.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildSync } from 'esbuild';
import * as wecomCrypto from '@wecom/crypto';
import { XMLParser } from 'fast-xml-parser';
import { buildEventMessage } from '../shared/callback/event-message';
import { generateCallbackToken, generateEncodingAesKey } from '../shared/corps/callback-keys';
import { buildCallbackEnvelope, parseCallbackEnvelope } from '../shared/wecom/callback/envelope';
import { CallbackCrypto } from '../shared/wecom/crypto/callback-crypto';
import { parseEventXml } from '../shared/wecom/events';
import { compare, fmt, median, opsPerSecond } from './measure';

const corpId = 'ww1436e0e65a779aee';
const token = generateCallbackToken();
const encodingAesKey = generateEncodingAesKey();
const crypto = new CallbackCrypto({ token, encodingAesKey, receiveId: corpId });

// A typical event: add_external_contact as WeCom sends it.
const eventXml = `<xml><ToUserName><![CDATA[${corpId}]]></ToUserName>
<FromUserName><![CDATA[sys]]></FromUserName>
<CreateTime>1700000000</CreateTime>
<MsgType><![CDATA[event]]></MsgType>
<Event><![CDATA[change_external_contact]]></Event>
<ChangeType><![CDATA[add_external_contact]]></ChangeType>
<UserID><![CDATA[zhangsan]]></UserID>
<ExternalUserID><![CDATA[woAJ2GCAAAXtWyujaWJHDDGi0mAAAA]]></ExternalUserID>
<State><![CDATA[teststate]]></State>
<WelcomeCode><![CDATA[WELCOMECODE]]></WelcomeCode>
</xml>`;
const timestamp = '1700000000';
const nonce = '1372623149';
const { encrypt, signature } = crypto.sealEnvelope(eventXml, { timestamp, nonce });
const body = buildCallbackEnvelope({ encrypt, toUserName: corpId, agentId: '1000002' });

console.log(`event plaintext ${Buffer.byteLength(eventXml)} B, POST body ${Buffer.byteLength(body)} B, node ${process.version}\n`);

// 1. verify + decrypt, ours against @wecom/crypto doing the same work.
const ours = () => {
  if (!crypto.verifySignature(signature, timestamp, nonce, encrypt)) throw new Error('signature');
  return crypto.decrypt(encrypt);
};
const theirs = () => {
  if (wecomCrypto.getSignature(token, timestamp, nonce, encrypt) !== signature) throw new Error('signature');
  return wecomCrypto.decrypt(encodingAesKey, encrypt).message;
};
if (ours() !== eventXml || theirs() !== eventXml) throw new Error('the two implementations disagree');
const crypt = compare(ours, theirs);
console.log('verify + decrypt');
console.log(`  ours            ${fmt(crypt.a)} ops/s`);
console.log(`  @wecom/crypto   ${fmt(crypt.b)} ops/s`);
console.log(`  ratio vs @wecom/crypto: ${(crypt.a / crypt.b).toFixed(2)}`);

// 2. The whole POST path without the queue: envelope, verify, decrypt, event parse + validation, queue message.
const parser = new XMLParser({ processEntities: false, parseTagValue: false, ignoreAttributes: true });
const receivedAt = new Date();
const wholePath = () => {
  const envelope = parseCallbackEnvelope(body);
  if (!crypto.verifySignature(signature, timestamp, nonce, envelope.encrypt)) throw new Error('signature');
  const xml = crypto.decrypt(envelope.encrypt);
  const event = parseEventXml(xml);
  return buildEventMessage({ corpId, event, xml, receivedAt });
};
const fxpBaseline = () => parser.parse(eventXml);
const path2 = compare(wholePath, fxpBaseline);
console.log('\nPOST path without the queue (envelope, verify, decrypt, event parse, validation, message)');
console.log(`  events/s        ${fmt(path2.a)}  (${fmt(1e6 / path2.a, 1)} µs an event; target ≥ 10,000)`);
console.log(`  fast-xml-parser alone on the event: ${fmt(path2.b)} docs/s; whole path costs ${(path2.b / path2.a).toFixed(2)}× one parse`);
const envelopeRate = opsPerSecond(() => parseCallbackEnvelope(body), 600);
console.log(`  envelope scan   ${fmt(envelopeRate)} ops/s (${fmt(1e6 / envelopeRate, 2)} µs)`);

// 3. Refusing hostile XML: an entity-expansion body must cost microseconds, not a parse.
const lol = `<!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('')}]><xml><Encrypt>&lol9;</Encrypt></xml>`;
const refuse = () => {
  try {
    parseCallbackEnvelope(lol);
  } catch {
    return;
  }
  throw new Error('billion laughs accepted');
};
const refuseRate = opsPerSecond(refuse, 600);
console.log(`\nentity-expansion body refused in ${fmt(1e6 / refuseRate, 2)} µs`);

// 4. The callback bundle, built as serverless-esbuild builds it, and its cold module-init time.
const outdir = mkdtempSync(path.join(tmpdir(), 'callback-bundle-'));
const outfile = path.join(outdir, 'handler.js');
buildSync({
  entryPoints: [path.join(__dirname, '..', 'functions', 'callback', 'handler.ts')],
  bundle: true,
  minify: true,
  platform: 'node',
  target: 'node22',
  format: 'cjs',
  external: ['@aws-sdk/*'],
  outfile,
  logLevel: 'silent',
});
const size = statSync(outfile).size;
const probe = `const t=process.hrtime.bigint();require(${JSON.stringify(outfile)});process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))`;
const env = {
  ...process.env,
  NODE_PATH: path.join(__dirname, '..', 'node_modules'),
  STAGE: 'bench',
  EVENTS_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/000000000000/bench.fifo',
  DEDUPE_TABLE_NAME: 'bench-dedupe',
  AWS_REGION: 'us-east-1',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};
const inits: number[] = [];
const empties: number[] = [];
const emptyProbe = `const t=process.hrtime.bigint();require('node:crypto');process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))`;
for (let i = 0; i < 7; i++) {
  inits.push(Number(execFileSync(process.execPath, ['-e', probe], { env, encoding: 'utf8' })));
  empties.push(Number(execFileSync(process.execPath, ['-e', emptyProbe], { env, encoding: 'utf8' })));
}
console.log('\ncallback bundle (minified, @aws-sdk/* external: the Lambda runtime provides it)');
console.log(`  size            ${fmt(size / 1024, 1)} KB (target ≤ 500 KB)`);
console.log(`  module init     ${fmt(median(inits), 1)} ms median of ${inits.length} fresh processes (target ≤ 150 ms; baseline require of node:crypto ${fmt(median(empties), 2)} ms)`);
