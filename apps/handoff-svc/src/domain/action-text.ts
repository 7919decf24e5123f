/**
 * The written next action is the smallest, most specific touch a rep can take inside fifteen
 * minutes, written in the imperative. This validator refuses what the protocol calls generic
 * ("investigate the account") and anything that is not an instruction.
 *
 * Imperative = the first word is one of IMPERATIVE_VERBS. An allow-list (rather than guessing
 * grammar) keeps the rule predictable for ops: a new verb is one line here, with a test.
 */

/** Verbs a next action may start with: each names a concrete touch. */
export const IMPERATIVE_VERBS = [
  'ask',
  'book',
  'call',
  'confirm',
  'connect',
  'draft',
  'email',
  'forward',
  'introduce',
  'invite',
  'message',
  'offer',
  'phone',
  'propose',
  'reply',
  'schedule',
  'send',
  'share',
  'text',
  'walk',
  'write',
] as const;

/** Generic phrases the rep cannot act on in fifteen minutes (any inflection, any case). */
export const GENERIC_ACTIONS: { phrase: string; pattern: RegExp }[] = [
  { phrase: 'investigate', pattern: /\binvestigat(?:e|es|ed|ing|ion)\b/i },
  { phrase: 'research', pattern: /\bresearch(?:es|ed|ing)?\b/i },
  { phrase: 'look into', pattern: /\blook(?:s|ed|ing)?\s+into\b/i },
  { phrase: 'follow up', pattern: /\bfollow(?:s|ed|ing)?[\s-]+up\b/i },
  { phrase: 'check in', pattern: /\bcheck(?:s|ed|ing)?[\s-]+in\b/i },
  { phrase: 'touch base', pattern: /\btouch(?:es|ed|ing)?\s+base\b/i },
  { phrase: 'reach out', pattern: /\breach(?:es|ed|ing)?\s+out\b/i },
];

/** Longer than this is not readable in the time the protocol allows. */
export const MAX_ACTION_LENGTH = 240;

export type ActionTextRule = 'EMPTY' | 'GENERIC_VERB' | 'NOT_IMPERATIVE' | 'TOO_LONG';

export interface ActionTextProblem {
  rule: ActionTextRule;
  message: string;
}

export type ActionTextVerdict = { ok: true } | { ok: false; problems: ActionTextProblem[] };

export function validateActionText(text: string): ActionTextVerdict {
  const trimmed = text.trim();
  if (trimmed.length === 0) return { ok: false, problems: [{ rule: 'EMPTY', message: 'the action is empty' }] };
  const problems: ActionTextProblem[] = [];
  for (const { phrase, pattern } of GENERIC_ACTIONS) {
    if (pattern.test(trimmed)) {
      problems.push({ rule: 'GENERIC_VERB', message: `"${phrase}" is generic: name the concrete touch (call, email, draft, book…)` });
    }
  }
  const firstWord = (trimmed.match(/^[A-Za-z]+/)?.[0] ?? '').toLowerCase();
  if (!(IMPERATIVE_VERBS as readonly string[]).includes(firstWord)) {
    problems.push({
      rule: 'NOT_IMPERATIVE',
      message: `must start with an imperative verb (${IMPERATIVE_VERBS.join(', ')}), not "${trimmed.split(/\s+/)[0]}"`,
    });
  }
  if (trimmed.length > MAX_ACTION_LENGTH) {
    problems.push({ rule: 'TOO_LONG', message: `is ${trimmed.length} characters; keep it under ${MAX_ACTION_LENGTH}` });
  }
  return problems.length === 0 ? { ok: true } : { ok: false, problems };
}
