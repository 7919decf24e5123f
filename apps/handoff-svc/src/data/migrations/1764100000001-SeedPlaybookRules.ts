import type { CommitteeRole, SignalType } from '@handoff-graph/contracts';
import type { MigrationInterface, QueryRunner } from 'typeorm';

interface SeedRule {
  id: string;
  name: string;
  triggerSignalType: SignalType | null;
  contactRole: CommitteeRole | null;
  primaryTemplate: string;
  fallbackTemplate: string;
  priority: number;
}

/**
 * The starting playbook (marketing operations runbook): one specific, imperative rule per signal
 * type, one role-specific rule, and a catch-all. `{contact}` is the primary contact's name,
 * `{evidence}` the top contributor's evidence. Every template passes validateActionText (unit test).
 */
export const SEEDED_PLAYBOOK_RULES: readonly SeedRule[] = [
  {
    id: 'pricing-walkthrough',
    name: 'Pricing-page interest: offer a pricing walkthrough',
    triggerSignalType: 'PRICING_PAGE_VISIT',
    contactRole: null,
    primaryTemplate: 'Call {contact} today and offer a 20-minute pricing walkthrough; mention {evidence}.',
    fallbackTemplate: 'Email {contact} a five-line note with the pricing sheet and two meeting slots.',
    priority: 100,
  },
  {
    id: 'pricing-technical-deep-dive',
    name: 'Pricing-page interest from a technical evaluator: offer a technical deep-dive',
    triggerSignalType: 'PRICING_PAGE_VISIT',
    contactRole: 'TECHNICAL_EVALUATOR',
    primaryTemplate: 'Offer {contact} a 30-minute technical deep-dive with a solutions engineer; mention {evidence}.',
    fallbackTemplate: 'Email {contact} the security and integration one-pager with two deep-dive slots.',
    priority: 110,
  },
  {
    id: 'intent-peer-reference',
    name: 'Intent surge: peer reference outreach',
    triggerSignalType: 'INTENT_SURGE',
    contactRole: null,
    primaryTemplate: 'Draft a five-line peer reference outreach to {contact} citing {evidence}.',
    fallbackTemplate: 'Send {contact} one customer story from their industry and two 20-minute meeting slots.',
    priority: 100,
  },
  {
    id: 'product-live-demo',
    name: 'Product-page visits: offer a live demo',
    triggerSignalType: 'PRODUCT_PAGE_VISIT',
    contactRole: null,
    primaryTemplate: 'Call {contact} and offer a 15-minute live demo of what they viewed; mention {evidence}.',
    fallbackTemplate: 'Email {contact} a two-minute demo video and two meeting slots.',
    priority: 100,
  },
  {
    id: 'content-takeaways',
    name: 'Content download: send three takeaways',
    triggerSignalType: 'CONTENT_DOWNLOAD',
    contactRole: null,
    primaryTemplate: 'Email {contact} three takeaways from the asset ({evidence}) and propose a 20-minute discussion.',
    fallbackTemplate: 'Send {contact} a LinkedIn connection request with a one-line note on the asset.',
    priority: 100,
  },
  {
    id: 'webinar-slides',
    name: 'Webinar attendance: send the slides with one question',
    triggerSignalType: 'WEBINAR_ATTENDED',
    contactRole: null,
    primaryTemplate: 'Email {contact} the webinar slides with one question about their setup; reference {evidence}.',
    fallbackTemplate: 'Call {contact} and ask which webinar topic matters most to their team this quarter.',
    priority: 100,
  },
  {
    id: 'email-reply-slots',
    name: 'Email reply: answer with meeting slots',
    triggerSignalType: 'EMAIL_REPLY',
    contactRole: null,
    primaryTemplate: 'Reply to {contact} within the hour with two 20-minute meeting slots; reference {evidence}.',
    fallbackTemplate: 'Call {contact} and agree a time for a 20-minute meeting this week.',
    priority: 100,
  },
  {
    id: 'form-fill-discovery',
    name: 'Form fill: book discovery while it is fresh',
    triggerSignalType: 'FORM_FILL',
    contactRole: null,
    primaryTemplate: 'Call {contact} within 15 minutes and book a discovery meeting; cite {evidence}.',
    fallbackTemplate: 'Email {contact} a calendar link with three discovery slots this week.',
    priority: 100,
  },
  {
    id: 'trial-onboarding',
    name: 'Trial activity: unblock the trial',
    triggerSignalType: 'TRIAL_ACTIVITY',
    contactRole: null,
    primaryTemplate: 'Book a 30-minute onboarding session with {contact} to unblock their trial; cite {evidence}.',
    fallbackTemplate: 'Email {contact} a three-step setup guide for the trial features they use most.',
    priority: 100,
  },
  {
    id: 'catch-all-discovery',
    name: 'Any other trigger: ask for a discovery meeting',
    triggerSignalType: null,
    contactRole: null,
    primaryTemplate: 'Call {contact} today and ask for a 20-minute discovery meeting; cite {evidence}.',
    fallbackTemplate: 'Email {contact} a five-line note citing {evidence} with two meeting slots.',
    priority: 0,
  },
];

export class SeedPlaybookRules1764100000001 implements MigrationInterface {
  name = 'SeedPlaybookRules1764100000001';

  async up(q: QueryRunner): Promise<void> {
    for (const r of SEEDED_PLAYBOOK_RULES) {
      await q.query(
        `INSERT INTO playbook_rule (id, name, trigger_signal_type, contact_role, primary_template, fallback_template, priority, active)
         VALUES ($1, $2, $3, $4, $5, $6, $7, true)`,
        [r.id, r.name, r.triggerSignalType, r.contactRole, r.primaryTemplate, r.fallbackTemplate, r.priority],
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM playbook_rule WHERE id = ANY($1::text[])`, [SEEDED_PLAYBOOK_RULES.map((r) => r.id)]);
  }
}
