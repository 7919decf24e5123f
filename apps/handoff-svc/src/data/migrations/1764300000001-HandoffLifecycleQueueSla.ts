import type { MigrationInterface, QueryRunner } from 'typeorm';

const STATUSES = `('CREATED','DELIVERED','ACCEPTED','REJECTED','FIRST_TOUCH','MEETING_BOOKED','EXPIRED','INCOMPLETE')`;

/**
 * The handoff lifecycle (every status of the contract, each transition stored), the capped queue
 * (priority, the day a handoff was meant for, deferrals), the SLA (escalations, the ops-owned
 * policy), re-routing (current owner beside the immutable owner at handoff) and the stage.
 */
export class HandoffLifecycleQueueSla1764300000001 implements MigrationInterface {
  name = 'HandoffLifecycleQueueSla1764300000001';

  async up(q: QueryRunner): Promise<void> {
    // The walking skeleton's checks allowed three statuses and tied delivery to DELIVERED only.
    const checks: { conname: string }[] = await q.query(
      `SELECT conname FROM pg_constraint WHERE conrelid = 'handoff'::regclass AND contype = 'c'`,
    );
    for (const { conname } of checks) await q.query(`ALTER TABLE handoff DROP CONSTRAINT "${conname}"`);
    await q.query(`DROP INDEX handoff_queue`);
    await q.query(`
      ALTER TABLE handoff
        ADD COLUMN priority double precision,
        ADD COLUMN intended_queue_date date,
        ADD COLUMN queued_at timestamptz,
        ADD COLUMN status_changed_at timestamptz,
        ADD COLUMN current_assignment jsonb,
        ADD COLUMN playbook_rule_version int,
        ADD COLUMN stage text CHECK (stage IN ('NEW', 'RE_ENGAGED'))`);
    await q.query(`
      UPDATE handoff SET
        priority = CASE WHEN scoring_snapshot IS NULL THEN NULL ELSE round((
          (scoring_snapshot->>'score')::numeric
          + 0.5 * greatest(-20, least(20, (scoring_snapshot->'trend'->>'delta')::numeric))
          + CASE primary_contact->>'committeeRole'
              WHEN 'ECONOMIC_BUYER' THEN 10 WHEN 'DECISION_MAKER' THEN 8 WHEN 'CHAMPION' THEN 6
              WHEN 'TECHNICAL_EVALUATOR' THEN 4 WHEN 'INFLUENCER' THEN 2 ELSE 0 END
        ), 2)::double precision END,
        intended_queue_date = queue_date,
        queued_at = delivered_at,
        status_changed_at = coalesce(delivered_at, created_at),
        current_assignment = owner_assignment,
        playbook_rule_version = CASE WHEN next_action IS NULL THEN NULL ELSE 1 END,
        stage = 'NEW'`);
    await q.query(`ALTER TABLE handoff ALTER COLUMN status_changed_at SET NOT NULL`);
    await q.query(`ALTER TABLE handoff ADD CONSTRAINT handoff_status_check CHECK (status IN ${STATUSES})`);
    await q.query(`ALTER TABLE handoff ADD CONSTRAINT handoff_incomplete_check CHECK ((status = 'INCOMPLETE') = (cardinality(missing_elements) > 0))`);
    await q.query(`
      ALTER TABLE handoff ADD CONSTRAINT handoff_delivery_check CHECK (
        (status IN ('CREATED', 'INCOMPLETE')) = (delivered_at IS NULL)
        AND (delivered_at IS NULL) = (queue_date IS NULL)
        AND (queue_date IS NULL) = (priority_rank IS NULL)
        AND (queue_date IS NULL) = (intended_queue_date IS NULL)
        AND (queue_date IS NULL) = (queued_at IS NULL)
        AND (priority_rank IS NULL OR priority_rank > 0))`);
    await q.query(`CREATE INDEX handoff_owner_queue ON handoff (owner_rep_id, queue_date, priority_rank) WHERE queue_date IS NOT NULL`);
    await q.query(`CREATE INDEX handoff_sla_open ON handoff (queue_date) WHERE status IN ('DELIVERED', 'ACCEPTED')`);

    await q.query(`
      CREATE TABLE handoff_transition (
        id bigserial PRIMARY KEY,
        handoff_id uuid NOT NULL REFERENCES handoff (id),
        from_status text CHECK (from_status IN ${STATUSES}),
        to_status text NOT NULL CHECK (to_status IN ${STATUSES}),
        at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL,
        reason text NOT NULL,
        applied boolean NOT NULL,
        cause_type text,
        cause_event_id uuid
      )`);
    await q.query(`CREATE INDEX handoff_transition_handoff ON handoff_transition (handoff_id, id)`);
    await q.query(`
      INSERT INTO handoff_transition (handoff_id, from_status, to_status, at, recorded_at, reason, applied, cause_type)
      SELECT id, NULL, CASE WHEN status = 'INCOMPLETE' THEN 'INCOMPLETE' ELSE 'CREATED' END, created_at, created_at,
             CASE WHEN status = 'INCOMPLETE' THEN 'assembled without ' || array_to_string(missing_elements, ', ') ELSE 'assembled with all five elements' END,
             true, 'assembly'
        FROM handoff`);
    await q.query(`
      INSERT INTO handoff_transition (handoff_id, from_status, to_status, at, recorded_at, reason, applied, cause_type)
      SELECT id, 'CREATED', 'DELIVERED', delivered_at, delivered_at, 'placed in the queue of ' || coalesce(owner_rep_id, 'its owner') || ' for ' || to_char(queue_date, 'YYYY-MM-DD'), true, 'assembly'
        FROM handoff WHERE delivered_at IS NOT NULL`);

    await q.query(`
      CREATE TABLE queue_deferral (
        id bigserial PRIMARY KEY,
        handoff_id uuid NOT NULL REFERENCES handoff (id),
        owner_rep_id text NOT NULL,
        from_date date NOT NULL,
        to_date date NOT NULL CHECK (to_date > from_date),
        reason text NOT NULL CHECK (reason IN ('CAPACITY', 'NOT_A_BUSINESS_DAY', 'OUTSIDE_WORKING_TIME')),
        deferred_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX queue_deferral_day ON queue_deferral (from_date, owner_rep_id)`);
    await q.query(`CREATE INDEX queue_deferral_handoff ON queue_deferral (handoff_id)`);

    await q.query(`
      CREATE TABLE handoff_escalation (
        id bigserial PRIMARY KEY,
        handoff_id uuid NOT NULL REFERENCES handoff (id),
        level text NOT NULL CHECK (level IN ('BACKUP', 'MANAGER')),
        sla text NOT NULL CHECK (sla IN ('ACCEPTANCE', 'FIRST_TOUCH')),
        from_rep_id text NOT NULL,
        to_rep_id text,
        due_at timestamptz NOT NULL,
        escalated_at timestamptz NOT NULL,
        reason text NOT NULL,
        UNIQUE (handoff_id, level, from_rep_id),
        CHECK (level = 'MANAGER' OR to_rep_id IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX handoff_escalation_to ON handoff_escalation (to_rep_id)`);

    await q.query(`
      CREATE TABLE handoff_reroute (
        id bigserial PRIMARY KEY,
        handoff_id uuid NOT NULL REFERENCES handoff (id),
        at timestamptz NOT NULL,
        policy text NOT NULL CHECK (policy IN ('STAY_WITH_OWNER_AT_HANDOFF', 'MOVE_TO_NEW_OWNER')),
        from_owner_rep_id text NOT NULL,
        to_owner_rep_id text,
        moved boolean NOT NULL,
        reason text NOT NULL,
        change_reason text NOT NULL,
        map_version int NOT NULL,
        cause_event_id uuid NOT NULL
      )`);
    await q.query(`CREATE INDEX handoff_reroute_handoff ON handoff_reroute (handoff_id, id)`);

    await q.query(`
      CREATE TABLE sla_policy (
        id smallint PRIMARY KEY CHECK (id = 1),
        acceptance_window_minutes int NOT NULL CHECK (acceptance_window_minutes BETWEEN 1 AND 480),
        expire_after_business_days int NOT NULL CHECK (expire_after_business_days BETWEEN 1 AND 30),
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`INSERT INTO sla_policy VALUES (1, 15, 5, 'default', now())`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['sla_policy', 'handoff_reroute', 'handoff_escalation', 'queue_deferral', 'handoff_transition']) await q.query(`DROP TABLE ${table}`);
    await q.query(`DROP INDEX handoff_sla_open`);
    await q.query(`DROP INDEX handoff_owner_queue`);
    for (const c of ['handoff_status_check', 'handoff_incomplete_check', 'handoff_delivery_check']) await q.query(`ALTER TABLE handoff DROP CONSTRAINT ${c}`);
    // The skeleton knew three statuses: everything delivered becomes DELIVERED again.
    await q.query(`UPDATE handoff SET status = 'DELIVERED' WHERE status NOT IN ('CREATED', 'DELIVERED', 'INCOMPLETE')`);
    await q.query(`
      ALTER TABLE handoff
        DROP COLUMN priority, DROP COLUMN intended_queue_date, DROP COLUMN queued_at, DROP COLUMN status_changed_at,
        DROP COLUMN current_assignment, DROP COLUMN playbook_rule_version, DROP COLUMN stage`);
    await q.query(`ALTER TABLE handoff ADD CHECK (status IN ('CREATED', 'DELIVERED', 'INCOMPLETE'))`);
    await q.query(`ALTER TABLE handoff ADD CHECK (priority_rank > 0)`);
    await q.query(`ALTER TABLE handoff ADD CHECK ((status = 'INCOMPLETE') = (cardinality(missing_elements) > 0))`);
    await q.query(
      `ALTER TABLE handoff ADD CHECK ((status = 'DELIVERED') = (delivered_at IS NOT NULL AND queue_date IS NOT NULL AND priority_rank IS NOT NULL))`,
    );
    await q.query(`CREATE INDEX handoff_queue ON handoff (owner_rep_id, queue_date, priority_rank) WHERE status = 'DELIVERED'`);
  }
}
