import type { MigrationInterface, QueryRunner } from 'typeorm';

const COMMITTEE_ROLES = `('ECONOMIC_BUYER','DECISION_MAKER','CHAMPION','TECHNICAL_EVALUATOR','INFLUENCER','USER')`;
const SIGNAL_TYPES = `('INTENT_SURGE','PRICING_PAGE_VISIT','PRODUCT_PAGE_VISIT','CONTENT_DOWNLOAD','WEBINAR_ATTENDED','EMAIL_REPLY','FORM_FILL','TRIAL_ACTIVITY')`;

/** The CRM mirror, the stored inputs of assembly (engagement, qualification, ownership), playbooks and handoffs. */
export class CreateHandoffTables1764100000000 implements MigrationInterface {
  name = 'CreateHandoffTables1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE account (
        id text PRIMARY KEY,
        crm_id text NOT NULL UNIQUE,
        name text NOT NULL,
        domain text NOT NULL UNIQUE,
        firmographics jsonb NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE contact (
        id text PRIMARY KEY,
        account_id text NOT NULL REFERENCES account (id),
        name text NOT NULL,
        title text,
        email text NOT NULL UNIQUE,
        committee_role text NOT NULL CHECK (committee_role IN ${COMMITTEE_ROLES}),
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX contact_account ON contact (account_id)`);
    await q.query(`
      CREATE TABLE contact_engagement (
        signal_id text PRIMARY KEY,
        account_id text NOT NULL,
        contact_email text NOT NULL,
        signal_type text NOT NULL CHECK (signal_type IN ${SIGNAL_TYPES}),
        occurred_at timestamptz NOT NULL,
        points double precision NOT NULL CHECK (points >= 0),
        detail text
      )`);
    await q.query(`CREATE INDEX contact_engagement_account_time ON contact_engagement (account_id, occurred_at)`);
    await q.query(`
      CREATE TABLE qualification (
        qualification_id uuid PRIMARY KEY,
        account_id text NOT NULL,
        qualified_at timestamptz NOT NULL,
        scoring_snapshot jsonb NOT NULL,
        event_id uuid NOT NULL,
        correlation_id text NOT NULL
      )`);
    await q.query(`
      CREATE TABLE ownership_outcome (
        qualification_id uuid PRIMARY KEY,
        account_id text NOT NULL,
        resolved_at timestamptz NOT NULL,
        owner_assignment jsonb,
        unresolved_reason text,
        event_id uuid NOT NULL,
        CHECK ((owner_assignment IS NULL) <> (unresolved_reason IS NULL))
      )`);
    await q.query(`
      CREATE TABLE playbook_rule (
        id text PRIMARY KEY,
        name text NOT NULL,
        trigger_signal_type text CHECK (trigger_signal_type IN ${SIGNAL_TYPES}),
        contact_role text CHECK (contact_role IN ${COMMITTEE_ROLES}),
        primary_template text NOT NULL,
        fallback_template text NOT NULL,
        priority int NOT NULL,
        active boolean NOT NULL DEFAULT true
      )`);
    await q.query(`
      CREATE TABLE handoff (
        id uuid PRIMARY KEY,
        qualification_id uuid NOT NULL UNIQUE,
        account_id text NOT NULL,
        status text NOT NULL CHECK (status IN ('CREATED', 'DELIVERED', 'INCOMPLETE')),
        named_account jsonb,
        primary_contact jsonb,
        scoring_snapshot jsonb,
        next_action jsonb,
        owner_assignment jsonb,
        missing_elements text[] NOT NULL DEFAULT '{}',
        reasons text[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL,
        delivered_at timestamptz,
        owner_rep_id text,
        queue_date date,
        priority_rank int CHECK (priority_rank > 0),
        CHECK ((status = 'INCOMPLETE') = (cardinality(missing_elements) > 0)),
        CHECK ((status = 'DELIVERED') = (delivered_at IS NOT NULL AND queue_date IS NOT NULL AND priority_rank IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX handoff_account ON handoff (account_id, created_at DESC)`);
    await q.query(`CREATE INDEX handoff_queue ON handoff (owner_rep_id, queue_date, priority_rank) WHERE status = 'DELIVERED'`);
    await q.query(`CREATE INDEX handoff_incomplete ON handoff (created_at DESC) WHERE status = 'INCOMPLETE'`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['handoff', 'playbook_rule', 'ownership_outcome', 'qualification', 'contact_engagement', 'contact', 'account']) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
