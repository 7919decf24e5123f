import { z } from 'zod';

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
  headers: z.record(z.string(), z.string()),
  failedAt: z.iso.datetime({ offset: true }),
});
export type DeadLetter = z.infer<typeof deadLetterSchema>;
