import * as z from 'zod';

/** Default replay window: WeCom's timestamp may be at most this far from our clock. */
export const DEFAULT_MAX_SKEW_SECONDS = 600;

const seconds = (fallback: number) =>
  z
    .string()
    .regex(/^[0-9]+$/, 'must be a whole number of seconds')
    .default(String(fallback))
    .transform(Number);

export const CallbackSettingsSchema = z.object({
  CALLBACK_MAX_SKEW_SECONDS: seconds(DEFAULT_MAX_SKEW_SECONDS),
});

export const CallbackFunctionConfigSchema = CallbackSettingsSchema.extend({
  STAGE: z.string().regex(/^[a-z0-9-]{1,32}$/, 'must be a stage name'),
  EVENTS_QUEUE_URL: z.url(),
  DEDUPE_TABLE_NAME: z.string().min(3),
  SECRET_MAX_AGE_SECONDS: seconds(120),
});
export type CallbackFunctionConfig = z.infer<typeof CallbackFunctionConfigSchema>;

/** Read once at cold start; a bad setting fails the cold start with the setting's name, not a request later. */
export function readConfig<T extends z.ZodType>(schema: T, env: NodeJS.ProcessEnv = process.env): z.infer<T> {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new Error(`invalid configuration: ${problems}`);
  }
  return parsed.data;
}
