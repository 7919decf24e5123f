import { committeeRoleSchema, signalTypeSchema } from '@handoff-graph/contracts';
import { z } from 'zod';
import { ACCOUNT_STAGES, validateTemplate, type PlaybookRule } from './next-action';

/**
 * Playbooks are owned by ops: each rule is created, changed and deleted through GraphQL, and every
 * save is a new version (who, when, what) — the handoff records the rule id and version it used, so
 * a card always shows the exact text of the rule that wrote it.
 *
 * Saving refuses (BAD_USER_INPUT naming the field and the rule):
 * - a template the action validator refuses: a generic verb (investigate, research, look into,
 *   follow up, check in, touch base, reach out), a first word that is not an imperative verb, empty or
 *   over-long text — rule GENERIC_VERB / NOT_IMPERATIVE / EMPTY / TOO_LONG;
 * - an unknown placeholder (known: {contact}, {evidence}, {account}) — UNKNOWN_PLACEHOLDER;
 * - a fallback identical to the primary action — SAME_AS_PRIMARY (the rep needs a real alternative).
 * Deleting retires the rule (never chosen again, hidden from the list); its versions stay readable.
 */
export const RULE_ID_PATTERN = /^[a-z0-9][a-z0-9-]{1,62}$/;

const nullable = <S extends z.ZodType>(schema: S) => schema.nullish().transform((v) => v ?? null);

export const playbookRuleInputSchema = z.strictObject({
  name: z.string().trim().min(3, 'must name what the rule is for (3 characters or more)').max(200),
  triggerSignalType: nullable(signalTypeSchema),
  stage: nullable(z.enum(ACCOUNT_STAGES)),
  contactRole: nullable(committeeRoleSchema),
  primaryTemplate: z.string().trim(),
  fallbackTemplate: z.string().trim(),
  priority: z.number().int().min(-1000).max(1000),
  active: z.boolean().nullish().transform((v) => v ?? true),
});
export type PlaybookRuleInput = z.infer<typeof playbookRuleInputSchema>;

export const ruleIdSchema = z.string().regex(RULE_ID_PATTERN, 'a lower-case slug such as pricing-walkthrough (2–63 characters: a–z, 0–9, -)');

export interface RuleProblem {
  /** Dotted from the argument: `input.primaryTemplate`. */
  field: string;
  /** "GENERIC_VERB: \"follow up\" is generic: name the concrete touch (call, email, draft, book…)". */
  rule: string;
}

/** Every reason the rule cannot be saved, primary template first. */
export function validatePlaybookRule(input: PlaybookRuleInput): RuleProblem[] {
  const problems: RuleProblem[] = [];
  for (const field of ['primaryTemplate', 'fallbackTemplate'] as const) {
    for (const p of validateTemplate(input[field])) problems.push({ field: `input.${field}`, rule: `${p.rule}: ${p.message}` });
  }
  if (input.primaryTemplate.toLowerCase() === input.fallbackTemplate.toLowerCase()) {
    problems.push({ field: 'input.fallbackTemplate', rule: 'SAME_AS_PRIMARY: the fallback must be a different touch from the primary action' });
  }
  return problems;
}

/** The rule as stored once a save is accepted. */
export function ruleFromInput(id: string, version: number, input: PlaybookRuleInput): PlaybookRule {
  return {
    id,
    version,
    name: input.name,
    triggerSignalType: input.triggerSignalType,
    stage: input.stage,
    contactRole: input.contactRole,
    primaryTemplate: input.primaryTemplate,
    fallbackTemplate: input.fallbackTemplate,
    priority: input.priority,
    active: input.active,
  };
}
