import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The versioned ownership map (issue 4): rep working time, managers and out-of-office periods;
 * territory escalation owners, retirement and named-account lists; every map change as a numbered
 * version (who/when/what) with the full state of each rep, territory and the settings it touched
 * (`map_revision`), so the map can be read as of any past moment. Plus the in-flight routing of each
 * account's latest qualification and the moves map changes made to it.
 *
 * Existing reps, territories and default settings become version 1, effective from the earliest
 * moment the stored rows know of.
 */
export class VersionedOwnershipMap1764203000000 implements MigrationInterface {
  name = 'VersionedOwnershipMap1764203000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE rep
        ADD COLUMN working_days smallint[] NOT NULL DEFAULT '{1,2,3,4,5}',
        ADD COLUMN working_hours_start text NOT NULL DEFAULT '09:00',
        ADD COLUMN working_hours_end text NOT NULL DEFAULT '17:00',
        ADD COLUMN manager_rep_id text REFERENCES rep (id),
        ADD COLUMN out_of_office jsonb NOT NULL DEFAULT '[]'::jsonb,
        ADD CONSTRAINT rep_working_days CHECK (cardinality(working_days) >= 1 AND working_days <@ '{1,2,3,4,5,6,7}'::smallint[]),
        ADD CONSTRAINT rep_working_hours CHECK (working_hours_start ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'
                                               AND working_hours_end ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'
                                               AND working_hours_start < working_hours_end),
        ADD CONSTRAINT rep_out_of_office_is_list CHECK (jsonb_typeof(out_of_office) = 'array'),
        ADD CONSTRAINT rep_not_own_manager CHECK (manager_rep_id <> id)`);
    await q.query(`
      ALTER TABLE territory
        ADD COLUMN escalation_rep_id text REFERENCES rep (id),
        ADD COLUMN retired_at timestamptz,
        ADD COLUMN map_version integer,
        ADD CONSTRAINT territory_escalation_is_a_third_person
          CHECK (escalation_rep_id IS NULL OR (escalation_rep_id <> owner_rep_id AND escalation_rep_id <> backup_rep_id))`);
    await q.query(`
      CREATE TABLE map_version (
        version integer PRIMARY KEY CHECK (version > 0),
        changed_at timestamptz NOT NULL,
        actor text NOT NULL,
        change text NOT NULL
      )`);
    await q.query(`CREATE INDEX map_version_by_time ON map_version (changed_at, version)`);
    await q.query(`
      CREATE TABLE map_revision (
        kind text NOT NULL CHECK (kind IN ('REP', 'TERRITORY', 'SETTINGS')),
        entity_id text NOT NULL,
        map_version integer NOT NULL REFERENCES map_version (version),
        data jsonb CHECK (data IS NULL OR jsonb_typeof(data) = 'object'),
        PRIMARY KEY (kind, entity_id, map_version)
      )`);
    await q.query(`
      CREATE TABLE named_account (
        account_id text PRIMARY KEY,
        territory_id text NOT NULL REFERENCES territory (id)
      )`);
    await q.query(`CREATE INDEX named_account_by_territory ON named_account (territory_id)`);
    await q.query(`
      CREATE TABLE ownership_settings (
        id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
        conflict_rules text[] NOT NULL CHECK (conflict_rules[1] = 'NAMED_ACCOUNT' AND cardinality(conflict_rules) = 3),
        mid_period_policy text NOT NULL CHECK (mid_period_policy IN ('STAY_WITH_OWNER_AT_HANDOFF', 'MOVE_TO_NEW_OWNER')),
        in_flight_days integer NOT NULL CHECK (in_flight_days BETWEEN 1 AND 365),
        map_version integer NOT NULL REFERENCES map_version (version),
        updated_at timestamptz NOT NULL,
        updated_by text NOT NULL,
        cover_checked_at timestamptz
      )`);
    await q.query(`
      CREATE TABLE account_routing (
        account_id text PRIMARY KEY,
        qualification_id uuid NOT NULL REFERENCES qualification (qualification_id),
        decided_at timestamptz NOT NULL,
        routed jsonb,
        map_owner_rep_id text,
        map_backup_rep_id text,
        map_territory_id text,
        map_version integer NOT NULL,
        updated_at timestamptz NOT NULL,
        CHECK ((map_owner_rep_id IS NULL) = (map_backup_rep_id IS NULL) AND (map_owner_rep_id IS NULL) = (map_territory_id IS NULL))
      )`);
    await q.query(`CREATE INDEX account_routing_by_decided_at ON account_routing (decided_at)`);
    await q.query(`
      CREATE TABLE ownership_move (
        event_id uuid PRIMARY KEY,
        map_version integer NOT NULL REFERENCES map_version (version),
        account_id text NOT NULL,
        qualification_id uuid NOT NULL REFERENCES qualification (qualification_id),
        changed_at timestamptz NOT NULL,
        previous jsonb,
        current jsonb,
        rule text NOT NULL,
        policy text NOT NULL,
        reason text NOT NULL
      )`);
    await q.query(`CREATE INDEX ownership_move_by_account ON ownership_move (account_id, changed_at)`);
    await q.query(`CREATE INDEX ownership_move_by_version ON ownership_move (map_version)`);
    await q.query(`
      ALTER TABLE owner_assignment
        ADD COLUMN map_version integer,
        ADD COLUMN deciding_rule text,
        ADD COLUMN cover text`);

    // Version 1: the map as it stood.
    await q.query(`
      INSERT INTO map_version (version, changed_at, actor, change)
      VALUES (1, COALESCE(LEAST((SELECT min(created_at) FROM rep), (SELECT min(updated_at) FROM territory)), now()), 'migration',
              'Map versioning starts: the reps, territories and settings as they stood')`);
    await q.query(`
      INSERT INTO map_revision (kind, entity_id, map_version, data)
      SELECT 'REP', id, 1, jsonb_build_object(
        'id', id, 'name', name, 'email', email, 'role', role, 'team', team, 'timezone', timezone,
        'dailyCapacity', daily_capacity, 'active', active, 'workingDays', to_jsonb(working_days),
        'workingHours', jsonb_build_object('start', working_hours_start, 'end', working_hours_end),
        'managerRepId', manager_rep_id, 'outOfOffice', out_of_office)
      FROM rep`);
    await q.query(`
      INSERT INTO map_revision (kind, entity_id, map_version, data)
      SELECT 'TERRITORY', id, 1, jsonb_build_object(
        'id', id, 'name', name, 'priority', priority, 'match', match, 'namedAccountIds', '[]'::jsonb,
        'ownerRepId', owner_rep_id, 'backupRepId', backup_rep_id, 'escalationRepId', NULL)
      FROM territory`);
    await q.query(`UPDATE territory SET map_version = 1`);
    await q.query(`ALTER TABLE territory ALTER COLUMN map_version SET NOT NULL`);
    await q.query(`
      INSERT INTO ownership_settings (id, conflict_rules, mid_period_policy, in_flight_days, map_version, updated_at, updated_by)
      VALUES (1, '{NAMED_ACCOUNT,MOST_SPECIFIC,PRIORITY}', 'STAY_WITH_OWNER_AT_HANDOFF', 30, 1, now(), 'migration')`);
    await q.query(`
      INSERT INTO map_revision (kind, entity_id, map_version, data)
      VALUES ('SETTINGS', 'settings', 1, '{"conflictRules":["NAMED_ACCOUNT","MOST_SPECIFIC","PRIORITY"],"midPeriodPolicy":"STAY_WITH_OWNER_AT_HANDOFF","inFlightDays":30}')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE owner_assignment DROP COLUMN map_version, DROP COLUMN deciding_rule, DROP COLUMN cover`);
    await q.query(`DROP TABLE ownership_move`);
    await q.query(`DROP TABLE account_routing`);
    await q.query(`DROP TABLE ownership_settings`);
    await q.query(`DROP TABLE named_account`);
    await q.query(`DROP TABLE map_revision`);
    await q.query(`DROP TABLE map_version`);
    await q.query(`DELETE FROM territory WHERE retired_at IS NOT NULL AND id NOT IN (SELECT territory_id FROM owner_assignment)`);
    await q.query(`
      ALTER TABLE territory
        DROP CONSTRAINT territory_escalation_is_a_third_person,
        DROP COLUMN escalation_rep_id, DROP COLUMN retired_at, DROP COLUMN map_version`);
    await q.query(`
      ALTER TABLE rep
        DROP CONSTRAINT rep_not_own_manager, DROP CONSTRAINT rep_out_of_office_is_list,
        DROP CONSTRAINT rep_working_hours, DROP CONSTRAINT rep_working_days,
        DROP COLUMN out_of_office, DROP COLUMN manager_rep_id, DROP COLUMN working_hours_end,
        DROP COLUMN working_hours_start, DROP COLUMN working_days`);
  }
}
