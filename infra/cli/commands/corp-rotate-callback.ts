import { defineCommand } from '../command';
import { CONSOLE_PAGE, consoleValueLines, formatDuration } from '../format';
import { GraceHoursSchema, callbackAesKeyFlag, callbackTokenFlag, corpFlag } from './corp-flags';

export const DEFAULT_GRACE_HOURS = 24;

export const corpRotateCallback = defineCommand({
  path: ['corp', 'rotate-callback'],
  summary: 'Replace the callback Token and EncodingAESKey; the old pair keeps working for a grace period',
  details: [
    'Events signed with either pair are accepted until the grace period ends, so the WeCom console can be',
    'updated without losing events. Only one previous pair is kept: rotating again drops the older one.',
  ],
  flags: {
    corp: corpFlag,
    'grace-hours': {
      type: 'string',
      valueName: 'H',
      description: `hours the old pair stays valid (default ${DEFAULT_GRACE_HOURS}, 0 = stop at once)`,
      schema: GraceHoursSchema,
    },
    'callback-token': callbackTokenFlag,
    'callback-aes-key': callbackAesKeyFlag,
  },
  async run(ctx, flags) {
    const graceHours = Number(flags['grace-hours'] ?? DEFAULT_GRACE_HOURS);
    const now = ctx.now();
    const current = await ctx.registry.getCallback(flags.corp);
    const dropped = current?.previous && Date.parse(current.previous.validUntil) > now.getTime() ? current.previous.validUntil : undefined;
    const next = await ctx.registry.rotateCallback(flags.corp, {
      graceSeconds: Math.round(graceHours * 3600),
      now,
      ...(flags['callback-token'] !== undefined ? { token: flags['callback-token'] } : {}),
      ...(flags['callback-aes-key'] !== undefined ? { encodingAesKey: flags['callback-aes-key'] } : {}),
    });
    if (dropped) ctx.out.warn(`the pair replaced by the previous rotation (valid until ${dropped}) no longer works`);
    const callback = await ctx.callbackUrl(flags.corp);
    if (callback.note) ctx.out.warn(callback.note);
    // rotateCallback always records the replaced pair; its absence would be a registry bug.
    const validUntil = next.previous?.validUntil ?? now.toISOString();
    ctx.out.result(
      {
        command: 'corp rotate-callback',
        stage: ctx.stage,
        corpId: next.corpId,
        callbackUrl: callback.url,
        callbackUrlIsPlaceholder: callback.placeholder,
        callbackToken: next.token,
        callbackAesKey: next.encodingAesKey,
        previousValidUntil: validUntil,
      },
      [
        `New callback pair for corp ${next.corpId} in stage ${ctx.stage}.`,
        '',
        `Paste into ${CONSOLE_PAGE} (the URL is unchanged):`,
        ...consoleValueLines(callback, next.token, next.encodingAesKey),
        '',
        `The old pair keeps working until ${validUntil} (${formatDuration(Date.parse(validUntil) - now.getTime())} from now); update the console before then.`,
      ],
    );
  },
});
