import { LocalHttpServer } from '../../local/http/local-server';
import { LocalQueue } from '../../local/queue/local-queue';
import { buildStatusReport } from '../../local/status/status-report';
import { renderStatusPage } from '../../local/status/status-page';
import { CorpRegistry } from '../../shared/corps/corp-registry';
import { FileSecretStore } from '../../shared/secrets/file-secret-store';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

describe('LocalHttpServer', () => {
  let server: LocalHttpServer;
  let base: string;
  beforeAll(async () => {
    server = new LocalHttpServer();
    server.lambdaRoute(['GET'], '/wecom/{corpId}/callback', 'callback', async (event) => ({ statusCode: 200, body: `corp=${event.pathParameters?.corpId}` }));
    base = await server.listen(0);
  });
  afterAll(() => server.close());

  it('routes with decoded path parameters', async () => {
    const response = await fetch(`${base}/wecom/ww%41bc/callback`);
    expect(await response.text()).toBe('corp=wwAbc');
  });

  it('answers 400, not 500, for a malformed escape in the path', async () => {
    const response = await fetch(`${base}/wecom/%E0%A4%A/callback`);
    expect(response.status).toBe(400);
  });

  it('answers 404 for no route and 405 for a wrong method', async () => {
    expect((await fetch(`${base}/nowhere`)).status).toBe(404);
    expect((await fetch(`${base}/wecom/ww1/callback`, { method: 'DELETE' })).status).toBe(405);
  });
});

describe('status report', () => {
  it('shows an event whose CreateTime is not a number as sent, instead of failing the page', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'status-'));
    const registry = new CorpRegistry(new FileSecretStore(path.join(dir, 'secrets.json')), 'local');
    const events = new LocalQueue({ name: 'events' });
    await events.send({ groupId: 'g', deduplicationId: 'a', body: '{}', attributes: { corpId: 'ww1', eventType: 'unknown', createTime: 'yesterday' } });
    await events.send({ groupId: 'g', deduplicationId: 'b', body: '{}', attributes: { corpId: 'ww1', eventType: 'msgaudit_notify', createTime: '1629101687' } });
    const report = await buildStatusReport({ registry, events, deadLetters: new LocalQueue({ name: 'dlq' }), httpUrl: 'http://x', dataDir: dir, startedAt: new Date(), wecomApiBase: 'http://api' });
    expect(report.events.recent.map((e) => e.createTime)).toEqual(['2021-08-16T08:14:47.000Z', 'yesterday']);
    const page = renderStatusPage(report);
    expect(page).toContain('yesterday');
    expect(page).toContain('msgaudit_notify');
  });

  it('escapes what it shows', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'status-'));
    const registry = new CorpRegistry(new FileSecretStore(path.join(dir, 'secrets.json')), 'local');
    const events = new LocalQueue({ name: 'events' });
    await events.send({ groupId: 'g', deduplicationId: 'a', body: '{}', attributes: { corpId: '<script>alert(1)</script>', eventType: 'x' } });
    const report = await buildStatusReport({ registry, events, deadLetters: new LocalQueue({ name: 'dlq' }), httpUrl: 'http://x', dataDir: dir, startedAt: new Date(), wecomApiBase: 'http://api' });
    expect(renderStatusPage(report)).not.toContain('<script>alert(1)</script>');
  });
});
