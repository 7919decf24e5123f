import type { CommitteeRole, ScoreContributor, ScoringSnapshot, SignalType } from '@handoff-graph/contracts';
import { validateActionText, type ActionTextProblem } from './action-text';
import type { NextAction, PrimaryContact } from './handoff.types';

/**
 * The account's stage at qualification, a playbook matcher:
 * - NEW: the account was never handed off before;
 * - RE_ENGAGED: an earlier qualification of the account was delivered to a rep (whatever became of
 *   it — accepted, rejected, expired…); the account is back. INCOMPLETE handoffs never reached a rep
 *   and do not count.
 */
export const ACCOUNT_STAGES = ['NEW', 'RE_ENGAGED'] as const;
export type AccountStage = (typeof ACCOUNT_STAGES)[number];

export interface StageInfo {
  stage: AccountStage;
  /** RE_ENGAGED: when the account was last handed off. */
  lastHandoffAt: Date | null;
}

/** The stage from the account's earlier handoffs (created before this qualification). */
export function accountStage(earlier: { createdAt: Date; delivered: boolean }[]): StageInfo {
  const last = earlier.filter((h) => h.delivered).sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0];
  return last ? { stage: 'RE_ENGAGED', lastHandoffAt: last.createdAt } : { stage: 'NEW', lastHandoffAt: null };
}

/** A playbook rule: which trigger it answers and the two actions it writes. Null matchers match anything. */
export interface PlaybookRule {
  id: string;
  /** Each save is a new version; the handoff records the version it used. */
  version: number;
  name: string;
  triggerSignalType: SignalType | null;
  /** The account's stage it answers; null = any. */
  stage: AccountStage | null;
  contactRole: CommitteeRole | null;
  primaryTemplate: string;
  fallbackTemplate: string;
  /** Higher wins. */
  priority: number;
  active: boolean;
}

/** Placeholders a template may use. */
export const TEMPLATE_PLACEHOLDERS = ['contact', 'evidence', 'account'] as const;

export type NextActionResult = { ok: true; action: NextAction; ruleVersion: number } | { ok: false; reason: string };

/** The top contributor: the one with the most points (the first listed on a tie). */
export function topContributor(snapshot: ScoringSnapshot): ScoreContributor {
  return snapshot.contributors.reduce((best, c) => (c.points > best.points ? c : best));
}

/**
 * The active rule that matches the signal type, the account's stage and the contact's role, highest
 * priority first; on equal priority the more specific rule (more non-null matchers) wins, then the id.
 */
export function selectPlaybookRule(
  rules: PlaybookRule[],
  signalType: SignalType,
  contactRole: CommitteeRole,
  stage: AccountStage = 'NEW',
): PlaybookRule | undefined {
  const specificity = (r: PlaybookRule) => Number(r.triggerSignalType !== null) + Number(r.contactRole !== null) + Number(r.stage !== null);
  return rules
    .filter(
      (r) =>
        r.active &&
        (r.triggerSignalType === null || r.triggerSignalType === signalType) &&
        (r.stage === null || r.stage === stage) &&
        (r.contactRole === null || r.contactRole === contactRole),
    )
    .sort((a, b) => b.priority - a.priority || specificity(b) - specificity(a) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))[0];
}

/**
 * The evidence as it reads inside a sentence: the points suffix (", +27") is for the trigger reason,
 * not for the customer-facing action, and a leading capital is lowered ("Intent surge on…" →
 * "intent surge on…") unless it starts an acronym.
 */
export function evidenceClause(evidence: string): string {
  const text = evidence.replace(/,\s*[+-]?\d+(?:\.\d+)?\s*$/, '').trim();
  return /^[A-Z][a-z]/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}

export function renderTemplate(template: string, values: Record<(typeof TEMPLATE_PLACEHOLDERS)[number], string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(values, name) ? values[name as keyof typeof values] : whole,
  );
}

/**
 * "Top contributor: 3 pricing-page visits in 7 days, +27 (Lena Fischer, ECONOMIC_BUYER)", and for a
 * re-engaged account "…; re-engaged account, last handed off on 2026-09-02".
 */
export function triggerReason(contributor: ScoreContributor, contact: PrimaryContact, stage: StageInfo = { stage: 'NEW', lastHandoffAt: null }): string {
  const base = `Top contributor: ${contributor.evidence} (${contact.name}, ${contact.committeeRole})`;
  if (stage.stage !== 'RE_ENGAGED') return base;
  return `${base}; re-engaged account${stage.lastHandoffAt ? `, last handed off on ${stage.lastHandoffAt.toISOString().slice(0, 10)}` : ''}`;
}

/**
 * The written next action: the matching rule's templates filled with the primary contact's name,
 * the top contributor's evidence and the account name, plus the trigger reason. Missing when there is
 * no primary contact, no matching rule, or the rule writes an action the validator refuses.
 */
export function composeNextAction(input: {
  snapshot: ScoringSnapshot;
  primaryContact: PrimaryContact | null;
  rules: PlaybookRule[];
  stage?: StageInfo;
  accountName?: string;
}): NextActionResult {
  const top = topContributor(input.snapshot);
  const contact = input.primaryContact;
  const stage = input.stage ?? { stage: 'NEW', lastHandoffAt: null };
  if (!contact) return { ok: false, reason: 'there is no primary contact to address the action to.' };
  const rule = selectPlaybookRule(input.rules, top.signalType, contact.committeeRole, stage.stage);
  if (!rule) {
    return {
      ok: false,
      reason: `no active playbook rule matches top contributor ${top.signalType}, stage ${stage.stage} and contact role ${contact.committeeRole}.`,
    };
  }
  const values = { contact: contact.name, evidence: evidenceClause(top.evidence), account: input.accountName ?? 'the account' };
  const primary = renderTemplate(rule.primaryTemplate, values);
  const fallback = renderTemplate(rule.fallbackTemplate, values);
  const refused = [primary, fallback].map(validateActionText).find((v) => !v.ok);
  if (refused && !refused.ok) {
    return { ok: false, reason: `playbook rule ${rule.id} writes an action the validator refuses: ${refused.problems[0].message}.` };
  }
  return {
    ok: true,
    action: { primary, fallback, triggerReason: triggerReason(top, contact, stage), playbookRuleId: rule.id },
    ruleVersion: rule.version,
  };
}

export interface TemplateProblem extends Omit<ActionTextProblem, 'rule'> {
  rule: ActionTextProblem['rule'] | 'UNKNOWN_PLACEHOLDER';
}

/** What ops get told when saving a template (playbook CRUD): the action rules plus known placeholders. */
export function validateTemplate(template: string): TemplateProblem[] {
  const verdict = validateActionText(template);
  const problems: TemplateProblem[] = verdict.ok ? [] : [...verdict.problems];
  for (const [, name] of template.matchAll(/\{(\w*)\}/g)) {
    if (!(TEMPLATE_PLACEHOLDERS as readonly string[]).includes(name)) {
      problems.push({ rule: 'UNKNOWN_PLACEHOLDER', message: `{${name}} is not a placeholder (${TEMPLATE_PLACEHOLDERS.map((p) => `{${p}}`).join(', ')})` });
    }
  }
  return problems;
}
