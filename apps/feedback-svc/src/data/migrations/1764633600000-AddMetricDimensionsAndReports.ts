import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 6: what the grouped metrics and the rejection-pattern report read.
 * - handoff_record: the owner's name/team/time zone from the RepRef, the territory's name, the
 *   snapshot's top contributor and the next action's playbook rule (from handoff-created; null for
 *   rows projected before this migration, and until handoff-created arrives).
 * - rep_profile: the latest `rep-upserted` per rep (working days/hours and time zone for the
 *   first-business-day share).
 * - rejection_pattern_report: the one published report per ISO week (primary key = week).
 */
export class AddMetricDimensionsAndReports1764633600000 implements MigrationInterface {
  name = 'AddMetricDimensionsAndReports1764633600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE handoff_record
        ADD COLUMN owner_name text,
        ADD COLUMN owner_team text,
        ADD COLUMN owner_time_zone text,
        ADD COLUMN territory_name text,
        ADD COLUMN top_contributor text,
        ADD COLUMN playbook_rule_id text`);
    await q.query(`
      CREATE TABLE rep_profile (
        rep_id text PRIMARY KEY,
        name text NOT NULL,
        team text NOT NULL,
        time_zone text NOT NULL,
        working_days smallint[] NOT NULL CHECK (cardinality(working_days) >= 1 AND working_days <@ ARRAY[1,2,3,4,5,6,7]::smallint[]),
        working_start text NOT NULL CHECK (working_start ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
        working_end text NOT NULL CHECK (working_end ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
        active boolean NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE rejection_pattern_report (
        week text PRIMARY KEY CHECK (week ~ '^[0-9]{4}-W[0-9]{2}$'),
        time_zone text NOT NULL,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        generated_at timestamptz NOT NULL,
        delivered_count integer NOT NULL CHECK (delivered_count >= 0),
        rejected_count integer NOT NULL CHECK (rejected_count >= 0 AND rejected_count <= delivered_count),
        patterns jsonb NOT NULL,
        event_id uuid NOT NULL UNIQUE,
        published_by text NOT NULL CHECK (published_by IN ('SCHEDULE', 'OPS'))
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE rejection_pattern_report`);
    await q.query(`DROP TABLE rep_profile`);
    await q.query(`
      ALTER TABLE handoff_record
        DROP COLUMN owner_name,
        DROP COLUMN owner_team,
        DROP COLUMN owner_time_zone,
        DROP COLUMN territory_name,
        DROP COLUMN top_contributor,
        DROP COLUMN playbook_rule_id`);
  }
}
