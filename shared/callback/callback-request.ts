import * as z from 'zod';

/** Query parameters WeCom sends with every callback; anything malformed is a 400. */
export const SignedQuerySchema = z.object({
  msg_signature: z.string().regex(/^[0-9a-fA-F]{40}$/, 'msg_signature must be 40 hex characters'),
  timestamp: z.string().regex(/^[0-9]{1,12}$/, 'timestamp must be a number of seconds'),
  nonce: z.string().min(1).max(128),
});
export type SignedQuery = z.infer<typeof SignedQuerySchema>;

export const VerifyUrlQuerySchema = SignedQuerySchema.extend({
  // Query decoding may turn '+' into ' '; a space is never base64, so restoring it is safe.
  echostr: z
    .string()
    .min(1)
    .max(4096)
    .transform((value) => value.replace(/ /g, '+')),
});
export type VerifyUrlQuery = z.infer<typeof VerifyUrlQuerySchema>;

/** Largest POST body accepted (bytes); WeCom's event envelopes are far smaller. */
export const MAX_CALLBACK_BODY_BYTES = 64 * 1024;
