import * as z from 'zod';
import { defineCommand } from '../command';
import { formatDuration } from '../format';
import { corpFlag } from './corp-flags';

const REVEALABLE = ['app-secret', 'callback-token', 'callback-aes-key'] as const;
type Revealable = (typeof REVEALABLE)[number];

export const corpShow = defineCommand({
  path: ['corp', 'show'],
  summary: 'List corps, or show one corp (secret values only with --reveal)',
  details: ['Without --corp, lists the registered corps. Secret values are printed only when named by --reveal.'],
  flags: {
    // Optional here: without it the command lists corps instead of prompting.
    corp: { ...corpFlag, required: undefined, description: 'the corp to show; without it, list all corps' },
    reveal: {
      type: 'string',
      multiple: true,
      valueName: 'NAME',
      description: `print a secret value: ${REVEALABLE.join(', ')} (repeatable)`,
      schema: z.enum(REVEALABLE, { error: `must be one of ${REVEALABLE.join(', ')}` }),
    },
  },
  async run(ctx, flags) {
    const corpId = flags.corp;
    if (corpId === undefined) {
      if (flags.reveal.length > 0) ctx.out.warn('--reveal applies only with --corp; nothing revealed');
      const corps = await ctx.registry.list();
      ctx.out.result(
        { command: 'corp show', stage: ctx.stage, corps },
        corps.length > 0 ? corps : [`No corps registered in stage ${ctx.stage} (add one with corp add ${ctx.targetFlags}).`],
      );
      return;
    }
    const { app, callback } = await ctx.registry.get(corpId);
    const url = await ctx.callbackUrl(corpId);
    if (url.note) ctx.out.warn(url.note);
    const now = ctx.now();
    const previous = callback.previous
      ? { validUntil: callback.previous.validUntil, inGrace: Date.parse(callback.previous.validUntil) > now.getTime() }
      : null;
    const values: Record<Revealable, string> = {
      'app-secret': app.secret,
      'callback-token': callback.token,
      'callback-aes-key': callback.encodingAesKey,
    };
    const revealed: Partial<Record<Revealable, string>> = {};
    for (const name of flags.reveal as Revealable[]) revealed[name] = values[name];
    const hidden = REVEALABLE.filter((name) => !(name in revealed));

    ctx.out.result(
      {
        command: 'corp show',
        stage: ctx.stage,
        corpId: app.corpId,
        agentId: app.agentId,
        callbackUrl: url.url,
        callbackUrlIsPlaceholder: url.placeholder,
        previousCallback: previous,
        revealed,
      },
      [
        `Corp              ${app.corpId}`,
        `Stage             ${ctx.stage}`,
        `AgentId           ${app.agentId}`,
        `Callback URL      ${url.url}${url.placeholder ? ' (placeholder)' : ''}`,
        `Previous pair     ${describePrevious(previous, now)}`,
        ...Object.entries(revealed).map(([name, value]) => `${name.padEnd(18)}${value}`),
        ...(hidden.length > 0 ? [`Hidden            ${hidden.join(', ')} (--reveal NAME prints one)`] : []),
      ],
    );
  },
});

function describePrevious(previous: { validUntil: string; inGrace: boolean } | null, now: Date): string {
  if (!previous) return 'none';
  if (!previous.inGrace) return `expired ${previous.validUntil}`;
  return `still accepted until ${previous.validUntil} (${formatDuration(Date.parse(previous.validUntil) - now.getTime())} left)`;
}
