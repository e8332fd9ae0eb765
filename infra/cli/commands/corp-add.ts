import { CorpExistsError } from '../../../shared/corps/corp-registry';
import { defineCommand } from '../command';
import { CliError } from '../errors';
import { CONSOLE_PAGE, consoleValueLines } from '../format';
import { agentIdFlag, appSecretFlag, callbackAesKeyFlag, callbackTokenFlag, corpFlag } from './corp-flags';

export const corpAdd = defineCommand({
  path: ['corp', 'add'],
  summary: 'Register a corp: app secret, callback Token and EncodingAESKey',
  details: [
    'Token and EncodingAESKey are generated unless given; the command prints them with the callback URL,',
    'to paste into the WeCom console (step 5 of the admin guide). The app secret is stored, never printed.',
  ],
  flags: {
    corp: corpFlag,
    'agent-id': agentIdFlag,
    secret: appSecretFlag,
    'callback-token': callbackTokenFlag,
    'callback-aes-key': callbackAesKeyFlag,
    force: {
      type: 'boolean',
      description: 'replace a registered corp; its old callback pair stops working at once (corp rotate-callback keeps a grace period)',
    },
  },
  async run(ctx, flags) {
    const replacing = flags.force && (await ctx.registry.getCallback(flags.corp)) !== undefined;
    let record;
    try {
      record = await ctx.registry.add(
        {
          corpId: flags.corp,
          agentId: flags['agent-id'],
          appSecret: flags.secret,
          ...(flags['callback-token'] !== undefined ? { callbackToken: flags['callback-token'] } : {}),
          ...(flags['callback-aes-key'] !== undefined ? { callbackAesKey: flags['callback-aes-key'] } : {}),
        },
        { overwrite: flags.force },
      );
    } catch (error) {
      if (error instanceof CorpExistsError) {
        throw new CliError(
          `${error.message} in stage ${ctx.stage}; pass --force to replace it, or use corp rotate-callback to change only the callback pair`,
        );
      }
      throw error;
    }
    if (replacing) ctx.out.warn(`replaced corp ${flags.corp}: its previous callback Token and EncodingAESKey no longer work`);
    const callback = await ctx.callbackUrl(record.app.corpId);
    if (callback.note) ctx.out.warn(callback.note);
    ctx.out.result(
      {
        command: 'corp add',
        stage: ctx.stage,
        corpId: record.app.corpId,
        agentId: record.app.agentId,
        replaced: replacing,
        callbackUrl: callback.url,
        callbackUrlIsPlaceholder: callback.placeholder,
        callbackToken: record.callback.token,
        callbackAesKey: record.callback.encodingAesKey,
      },
      [
        `${replacing ? 'Replaced' : 'Registered'} corp ${record.app.corpId} (AgentId ${record.app.agentId}) in stage ${ctx.stage}.`,
        '',
        `Paste into ${CONSOLE_PAGE}:`,
        ...consoleValueLines(callback, record.callback.token, record.callback.encodingAesKey),
        '',
        `The app secret is stored and not shown (corp show ${ctx.targetFlags} --corp ${record.app.corpId} --reveal app-secret prints it).`,
      ],
    );
  },
});
