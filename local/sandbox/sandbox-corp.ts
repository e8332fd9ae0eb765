import { randomBytes } from 'node:crypto';
import type { CorpRegistry } from '../../shared/corps/corp-registry';

/** The simulated WeCom's one corp, provisioned on the local stack's first start. */
export const SANDBOX_CORP_ID = 'wwsandbox00000001';
export const SANDBOX_AGENT_ID = '1000002';

/** Registers the sandbox corp with freshly generated secrets unless it exists; true when created. */
export async function ensureSandboxCorp(registry: CorpRegistry): Promise<boolean> {
  if (await registry.getCallback(SANDBOX_CORP_ID)) return false;
  await registry.add({ corpId: SANDBOX_CORP_ID, agentId: SANDBOX_AGENT_ID, appSecret: randomBytes(32).toString('base64url') });
  return true;
}
