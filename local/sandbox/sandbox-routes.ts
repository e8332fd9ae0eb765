import type { CorpRegistry } from '../../shared/corps/corp-registry';
import type { LocalHttpServer } from '../http/local-server';
import type { OutgoingResponse } from '../http/api-gateway-event';
import type { EventPusher } from './event-pusher';
import { isSampleEventName, sampleEvent, sampleEventNames } from './sample-events';
import { SANDBOX_CORP_ID } from './sandbox-corp';

function json(statusCode: number, value: unknown): OutgoingResponse {
  return { statusCode, headers: { 'content-type': 'application/json; charset=utf-8' }, body: Buffer.from(JSON.stringify(value, null, 2)) };
}

/**
 * Sandbox controls: `GET /sandbox/events` lists the samples; `POST /sandbox/events?sample=NAME[&corp=ID]`
 * pushes a fresh sample, and a POST with an XML body pushes that plaintext, both through
 * the WeCom-like pusher to the corp's callback URL. Answers with the delivery report.
 */
export function registerSandboxRoutes(server: LocalHttpServer, deps: { registry: CorpRegistry; pusher: EventPusher; baseUrl: () => string }): void {
  server.route(['GET'], '/sandbox/events', async () => json(200, { samples: sampleEventNames }));
  server.route(['POST'], '/sandbox/events', async (request) => {
    const query = new URLSearchParams(request.url.split('?')[1] ?? '');
    const corpId = query.get('corp') ?? SANDBOX_CORP_ID;
    const sample = query.get('sample');
    let xml: string;
    if (sample) {
      if (!isSampleEventName(sample)) return json(400, { error: `unknown sample; one of: ${sampleEventNames.join(', ')}` });
      xml = sampleEvent(sample, corpId);
    } else if (request.body.length > 0 && !String(request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
      xml = request.body.toString('utf8');
    } else {
      return json(400, { error: 'give ?sample=NAME or an XML body' });
    }
    const [callback, app] = await Promise.all([deps.registry.getCallback(corpId), deps.registry.getApp(corpId)]);
    if (!callback || !app) return json(404, { error: 'unknown corp' });
    const report = await deps.pusher.push(
      { callbackUrl: `${deps.baseUrl()}/wecom/${corpId}/callback`, corpId, agentId: app.agentId, keys: { token: callback.token, encodingAesKey: callback.encodingAesKey } },
      xml,
    );
    // The status page's buttons post a form: send the browser back to the page.
    if (String(request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
      return { statusCode: 303, headers: { location: '/' }, body: Buffer.alloc(0) };
    }
    return json(report.delivered ? 200 : 502, report);
  });
}
