import { callbackSecretLoader } from './callback-secret-loader';
import type { SecretStore } from '../secrets/secret-store';
import { parseCorpSecret } from './parse-corp-secret';
import { generateCallbackToken, generateEncodingAesKey } from './callback-keys';
import {
  AppSecretSchema,
  CallbackSecretSchema,
  corpSecretName,
  corpSecretsPrefix,
  parseCorpSecretName,
  type AppSecret,
  type CallbackSecret,
} from './corp-secrets';

export class CorpNotFoundError extends Error {
  constructor(readonly corpId: string) {
    super(`corp ${corpId} is not registered`);
    this.name = 'CorpNotFoundError';
  }
}

export class CorpExistsError extends Error {
  constructor(readonly corpId: string) {
    super(`corp ${corpId} is already registered`);
    this.name = 'CorpExistsError';
  }
}

export interface AddCorpInput {
  corpId: string;
  agentId: string;
  appSecret: string;
  callbackToken?: string;
  callbackAesKey?: string;
}

export interface CorpRecord {
  app: AppSecret;
  callback: CallbackSecret;
}

/** Corps and their secrets, as kept in one stage's secret store. */
export class CorpRegistry {
  constructor(
    private readonly store: SecretStore,
    readonly stage: string,
  ) {}

  async list(): Promise<string[]> {
    const ids = new Set<string>();
    for (const name of await this.store.list(corpSecretsPrefix(this.stage))) {
      const parsed = parseCorpSecretName(this.stage, name);
      if (parsed) ids.add(parsed.corpId);
    }
    return [...ids].sort();
  }

  getCallback(corpId: string): Promise<CallbackSecret | undefined> {
    return callbackSecretLoader(this.store, this.stage)(corpId);
  }

  async getApp(corpId: string): Promise<AppSecret | undefined> {
    const name = corpSecretName(this.stage, corpId, 'app');
    const raw = await this.store.get(name);
    return raw === undefined ? undefined : parseCorpSecret(name, raw, AppSecretSchema);
  }

  async get(corpId: string): Promise<CorpRecord> {
    const [app, callback] = await Promise.all([this.getApp(corpId), this.getCallback(corpId)]);
    if (!app || !callback) throw new CorpNotFoundError(corpId);
    return { app, callback };
  }

  /**
   * Registers a corp. The callback Token and EncodingAESKey are generated unless given.
   * Validation happens before anything is written.
   */
  async add(input: AddCorpInput, options: { overwrite?: boolean } = {}): Promise<CorpRecord> {
    const app = AppSecretSchema.parse({ corpId: input.corpId, agentId: input.agentId, secret: input.appSecret });
    const callback = CallbackSecretSchema.parse({
      corpId: input.corpId,
      token: input.callbackToken ?? generateCallbackToken(),
      encodingAesKey: input.callbackAesKey ?? generateEncodingAesKey(),
    });
    if (!options.overwrite && (await this.getCallback(input.corpId))) throw new CorpExistsError(input.corpId);
    await this.store.put(corpSecretName(this.stage, app.corpId, 'app'), JSON.stringify(app));
    await this.store.put(corpSecretName(this.stage, app.corpId, 'callback'), JSON.stringify(callback));
    return { app, callback };
  }

  /**
   * Replaces the callback Token and EncodingAESKey; the old pair stays valid for
   * `graceSeconds` so events signed with it keep arriving while the admin updates
   * the WeCom console.
   */
  async rotateCallback(
    corpId: string,
    options: { graceSeconds: number; now?: Date; token?: string; encodingAesKey?: string },
  ): Promise<CallbackSecret> {
    const current = await this.getCallback(corpId);
    if (!current) throw new CorpNotFoundError(corpId);
    const now = options.now ?? new Date();
    const next = CallbackSecretSchema.parse({
      corpId,
      token: options.token ?? generateCallbackToken(),
      encodingAesKey: options.encodingAesKey ?? generateEncodingAesKey(),
      previous: {
        token: current.token,
        encodingAesKey: current.encodingAesKey,
        validUntil: new Date(now.getTime() + options.graceSeconds * 1000).toISOString(),
      },
    });
    await this.store.put(corpSecretName(this.stage, corpId, 'callback'), JSON.stringify(next));
    return next;
  }
}
