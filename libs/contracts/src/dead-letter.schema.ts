import { z } from 'zod';

/**
 * Kafka header names are free text, `__proto__` included. z.record skips that key (its guard against
 * prototype pollution), which would drop a header from the letter without a word; this copies every
 * own key as an own property instead, and names each header whose value is not text.
 */
const headerMap = z.unknown().transform((value, ctx): Record<string, string> => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const received = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
    ctx.addIssue({ code: 'invalid_type', expected: 'record', input: value, message: `Invalid input: expected record of header name to text, received ${received}` });
    return z.NEVER;
  }
  const headers: Record<string, string> = {};
  for (const [name, text] of Object.entries(value)) {
    if (typeof text === 'string') setHeader(headers, name, text);
    else ctx.addIssue({ code: 'invalid_type', expected: 'string', input: text, path: [name], message: `Invalid input: expected string, received ${text === null ? 'null' : typeof text}` });
  }
  return headers;
});

/** Sets a header as an own enumerable property, so `__proto__` and `constructor` are plain names too. */
function setHeader(headers: Record<string, string>, name: string, value: string): void {
  Object.defineProperty(headers, name, { value, enumerable: true, writable: true, configurable: true });
}

/** The value written to the `dead-letter` topic: the original message untouched, plus the error. */
export const deadLetterSchema = z.strictObject({
  originalTopic: z.string().min(1),
  partition: z.number().int().nonnegative(),
  offset: z.string(),
  key: z.string(),
  consumerGroup: z.string().min(1),
  /** `validation`: the message broke its contract; `processing`: the handler failed after retries. */
  errorKind: z.enum(['validation', 'processing']),
  error: z.string().min(1),
  /** The original message value, byte for byte (as text), so it can be replayed. */
  value: z.string(),
  headers: headerMap,
  failedAt: z.iso.datetime({ offset: true }),
});
export type DeadLetter = z.infer<typeof deadLetterSchema>;
