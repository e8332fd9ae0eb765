import * as z from 'zod';

/** WeCom corp ids are short ASCII tokens (`ww…`, `wx…`); anything else is refused before any lookup. */
export const CorpIdSchema = z.string().regex(/^[A-Za-z0-9]{6,64}$/, 'corp id must be 6-64 characters [A-Za-z0-9]');

export function isCorpId(value: string): boolean {
  return CorpIdSchema.safeParse(value).success;
}
