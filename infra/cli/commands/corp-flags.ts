import * as z from 'zod';
import { CorpIdSchema } from '../../../shared/corps/corp-id';
import { AppSecretSchema, CallbackTokenSchema, EncodingAesKeySchema } from '../../../shared/corps/corp-secrets';
import type { FlagSpec } from '../flags';

/** Flags shared by the corp verbs, validated with the same schemas the registry stores with. */

export const corpFlag = {
  type: 'string',
  valueName: 'ID',
  description: 'WeCom corp id (企业ID), e.g. ww0123456789abcdef',
  schema: CorpIdSchema,
  required: { prompt: 'Corp id (企业ID)' },
} as const satisfies FlagSpec;

export const agentIdFlag = {
  type: 'string',
  valueName: 'N',
  description: "the self-built app's AgentId",
  schema: AppSecretSchema.shape.agentId,
  required: { prompt: 'AgentId of the self-built app' },
} as const satisfies FlagSpec;

export const appSecretFlag = {
  type: 'string',
  valueName: 'S',
  description: "the self-built app's Secret (omit it on a terminal to type it unechoed, out of shell history)",
  schema: AppSecretSchema.shape.secret,
  required: { prompt: 'App Secret', hidden: true },
  secret: true,
} as const satisfies FlagSpec;

export const callbackTokenFlag = {
  type: 'string',
  valueName: 'T',
  description: 'callback Token, 1-32 characters [A-Za-z0-9] (default: 32 random characters)',
  schema: CallbackTokenSchema,
  secret: true,
} as const satisfies FlagSpec;

export const callbackAesKeyFlag = {
  type: 'string',
  valueName: 'K',
  description: 'callback EncodingAESKey, exactly 43 characters [A-Za-z0-9] (default: random)',
  schema: EncodingAesKeySchema,
  secret: true,
} as const satisfies FlagSpec;

/** Hours the replaced callback pair stays valid; capped so a typo cannot keep an old key alive for years. */
export const MAX_GRACE_HOURS = 720;
export const GraceHoursSchema = z
  .string()
  .regex(/^\d{1,4}(\.\d+)?$/, 'must be a number of hours, e.g. 24 or 0.5')
    // zod runs every check; written so a non-number reports only the regex's message.
  .refine((value) => !(Number(value) > MAX_GRACE_HOURS), `must be at most ${MAX_GRACE_HOURS} hours`);
