import type * as z from 'zod';

/**
 * Parses a stored corp secret. Errors name the secret and the fields at fault but
 * never quote the value: JSON.parse and zod both echo their input in messages,
 * and those messages end up in logs and CLI output.
 */
export function parseCorpSecret<T>(name: string, raw: string, schema: z.ZodType<T>): T {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new Error(`secret ${name} is not valid JSON`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((issue) => issue.path.join('.') || '(root)'))].join(', ');
    throw new Error(`secret ${name} is malformed (${fields})`);
  }
  return parsed.data;
}
