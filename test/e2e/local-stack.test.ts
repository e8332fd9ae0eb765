import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { vectorSetA } from '../support/official-vectors';
import { randomAppSecret } from '../support/random-secrets';
import { runAdmin, startStackProcess, type RunningProcess } from '../support/processes';
import type { StatusReport } from '../../local/status/status-report';

const getStatus = async (baseUrl: string) => (await (await fetch(`${baseUrl}/status.json`)).json()) as StatusReport;

/**
 * The acceptance run, as a user does it: `npm start` in one process, the admin
 * CLI in another, requests over HTTP; then Ctrl-C and a restart that keeps the data.
 */
describe('local stack end to end', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'wecom-data-'));
  const env = { WECOM_DATA_DIR: dataDir, PORT: '0', CALLBACK_MAX_SKEW_SECONDS: '0', POWERTOOLS_LOG_LEVEL: 'DEBUG' };
  /** Everything every stack process printed, searched for secret values at the end. */
  const stackOutputs: string[] = [];
  let stack: RunningProcess | undefined;
  let baseUrl = '';

  async function start() {
    stack = startStackProcess(env);
    baseUrl = (await stack.waitFor(/HTTP\s+(http:\/\/127\.0\.0\.1:\d+)/))[1]!;
  }

  async function stop() {
    stack!.child.kill('SIGINT');
    expect(await stack!.exited).toBe(0);
    stackOutputs.push(stack!.output());
    expect(stack!.output()).toContain('stopped; data kept');
  }

  afterAll(async () => {
    if (stack && stack.child.exitCode === null) stack.child.kill('SIGKILL');
  });

  it('starts on an empty data folder and provisions the sandbox corp', async () => {
    await start();
    expect(stack!.output()).toContain('wwsandbox00000001 (provisioned now)');
    const status = await getStatus(baseUrl);
    expect(status.corps.map((c) => c.corpId)).toEqual(['wwsandbox00000001']);
    expect(statSync(path.join(dataDir, 'secrets.json')).mode & 0o777).toBe(0o600);
  });

  it('serves a corp added by the CLI at once: official vector set A answers its echostr', async () => {
    const added = runAdmin(
      ['corp', 'add', '--local', '--corp', vectorSetA.corpId, '--agent-id', '218', '--secret', randomAppSecret(), '--callback-token', vectorSetA.token, '--callback-aes-key', vectorSetA.encodingAesKey],
      env,
    );
    expect(added.stderr).toBe('');
    expect(added.status).toBe(0);
    const query = new URLSearchParams({ ...vectorSetA.get }).toString();
    const response = await fetch(`${baseUrl}/wecom/${vectorSetA.corpId}/callback?${query}`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('1616140317555161061');
  });

  it('the sandbox pushes an encrypted event that lands on the status page', async () => {
    const response = await fetch(`${baseUrl}/sandbox/events?sample=add_external_contact`, { method: 'POST' });
    const report = (await response.json()) as unknown;
    expect(response.status).toBe(200);
    expect(report).toMatchObject({ delivered: true, attempts: [{ attempt: 1, status: 200 }] });
    const status = await getStatus(baseUrl);
    expect(status.events.recent[0]).toMatchObject({ corpId: 'wwsandbox00000001', type: 'change_external_contact.add_external_contact', state: 'queued' });
    const page = await (await fetch(`${baseUrl}/`)).text();
    expect(page).toContain('change_external_contact.add_external_contact');
    expect(page).toContain(vectorSetA.corpId);
  });

  it('the official POST vector is accepted over HTTP and deduplicated when WeCom sends it again', async () => {
    const { msg_signature, timestamp, nonce } = vectorSetA.post;
    const url = `${baseUrl}/wecom/${vectorSetA.corpId}/callback?${new URLSearchParams({ msg_signature, timestamp, nonce })}`;
    for (let i = 0; i < 2; i++) {
      const response = await fetch(url, { method: 'POST', body: vectorSetA.post.body, headers: { 'content-type': 'text/xml' } });
      expect(response.status).toBe(200);
      expect(await response.text()).toBe('');
    }
    const status = await getStatus(baseUrl);
    expect(status.events.recent.filter((e) => e.corpId === vectorSetA.corpId)).toHaveLength(1);
  });

  it('stops cleanly on Ctrl-C and keeps corps, events and dedupe records across a restart', async () => {
    await stop();
    await start();
    expect(stack!.output()).not.toContain('provisioned now');
    const status = await getStatus(baseUrl);
    expect(status.corps.map((c) => c.corpId).sort()).toEqual([vectorSetA.corpId, 'wwsandbox00000001'].sort());
    expect(status.events.queued).toBe(2);
    // The same event again after the restart is still recognised as a repeat.
    const { msg_signature, timestamp, nonce } = vectorSetA.post;
    const url = `${baseUrl}/wecom/${vectorSetA.corpId}/callback?${new URLSearchParams({ msg_signature, timestamp, nonce })}`;
    expect((await fetch(url, { method: 'POST', body: vectorSetA.post.body })).status).toBe(200);
    expect((await getStatus(baseUrl)).events.queued).toBe(2);
    await stop();
  });

  it('printed no secret value in its logs (the sandbox corp, the added corp, the app secrets)', () => {
    const logs = stackOutputs.join('\n');
    expect(logs).toContain('event received'); // the logs were captured at DEBUG
    const secrets = JSON.parse(readFileSync(path.join(dataDir, 'secrets.json'), 'utf8')) as Record<string, string>;
    const values = Object.values(secrets).flatMap((json) => {
      const secret = JSON.parse(json) as Record<string, unknown>;
      return [secret.secret, secret.token, secret.encodingAesKey].filter((v): v is string => typeof v === 'string');
    });
    expect(values.length).toBeGreaterThanOrEqual(6);
    for (const value of values) expect(logs).not.toContain(value);
  });

  it('refuses to start a second stack on the same data folder', async () => {
    await start();
    const second = startStackProcess(env);
    expect(await second.exited).toBe(1);
    expect(second.output()).toContain('already uses');
    await stop();
  });
});
