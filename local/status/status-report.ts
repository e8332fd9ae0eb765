import type { CorpRegistry } from '../../shared/corps/corp-registry';
import type { LocalQueue } from '../queue/local-queue';
import { sampleEventNames } from '../sandbox/sample-events';
import { SANDBOX_CORP_ID } from '../sandbox/sandbox-corp';

export interface StatusReport {
  startedAt: string;
  httpUrl: string;
  dataDir: string;
  wecomApiBase: string;
  corps: Array<{ corpId: string; agentId?: string; callbackUrl: string; previousCallbackValidUntil?: string; sandbox: boolean }>;
  events: {
    queued: number;
    deadLettered: number;
    recent: Array<{ corpId: string; type: string; createTime: string; receivedAt: string; state: string }>;
  };
  sandbox: { corpId: string; samples: string[] };
}

/** What `/` shows and `/status.json` returns. No secret values, ever. */
export async function buildStatusReport(deps: {
  registry: CorpRegistry;
  events: LocalQueue;
  deadLetters: LocalQueue;
  httpUrl: string;
  dataDir: string;
  startedAt: Date;
  wecomApiBase: string;
}): Promise<StatusReport> {
  const corps = await Promise.all(
    (await deps.registry.list()).map(async (corpId) => {
      const [app, callback] = await Promise.all([deps.registry.getApp(corpId), deps.registry.getCallback(corpId)]);
      return {
        corpId,
        agentId: app?.agentId,
        callbackUrl: `${deps.httpUrl}/wecom/${corpId}/callback`,
        previousCallbackValidUntil: callback?.previous?.validUntil,
        sandbox: corpId === SANDBOX_CORP_ID,
      };
    }),
  );
  return {
    startedAt: deps.startedAt.toISOString(),
    httpUrl: deps.httpUrl,
    dataDir: deps.dataDir,
    wecomApiBase: deps.wecomApiBase,
    corps,
    events: {
      queued: deps.events.depth(),
      deadLettered: deps.deadLetters.depth(),
      recent: deps.events.recent().map((entry) => ({
        corpId: entry.attributes.corpId ?? '',
        type: entry.attributes.eventType ?? '',
        createTime: epochSecondsToIso(entry.attributes.createTime),
        receivedAt: new Date(entry.sentAt).toISOString(),
        state: entry.state,
      })),
    },
    sandbox: { corpId: SANDBOX_CORP_ID, samples: sampleEventNames },
  };
}

/** WeCom's CreateTime as ISO time; anything that is not a plausible epoch second is shown as sent. */
function epochSecondsToIso(value: string | undefined): string {
  if (!value) return '';
  const ms = Number(value) * 1000;
  return Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : value;
}
