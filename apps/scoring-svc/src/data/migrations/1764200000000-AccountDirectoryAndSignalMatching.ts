import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The account directory (from account-upserted) and signals that name their account by CRM id,
 * domain or contact email: a signal is stored unmatched (account_id null) until its account is
 * known; counted_at is when it started counting for its account (replay reads "known at as-of").
 * match_domains holds the reference's domain and its parents, so a new account's domain finds the
 * unmatched signals of its subdomains through one GIN index lookup.
 */
export class AccountDirectoryAndSignalMatching1764200000000 implements MigrationInterface {
  name = 'AccountDirectoryAndSignalMatching1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE account_directory (
        account_id text PRIMARY KEY,
        crm_id text NOT NULL,
        domain text NOT NULL,
        name text NOT NULL,
        firmographics jsonb NOT NULL,
        updated_at timestamptz NOT NULL,
        applied_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX account_directory_crm_id ON account_directory (crm_id)`);
    await q.query(`CREATE INDEX account_directory_domain ON account_directory (domain)`);
    await q.query(`
      CREATE TABLE account_directory_change (
        change_id bigserial PRIMARY KEY,
        account_id text NOT NULL,
        applied_at timestamptz NOT NULL,
        crm_id text NOT NULL,
        domain text NOT NULL,
        firmographics jsonb NOT NULL
      )`);
    await q.query(`CREATE INDEX account_directory_change_account ON account_directory_change (account_id, applied_at)`);

    await q.query(`ALTER TABLE signal ALTER COLUMN account_id DROP NOT NULL`);
    await q.query(`ALTER TABLE signal ADD COLUMN ref_kind text NOT NULL DEFAULT 'ACCOUNT_ID'
      CHECK (ref_kind IN ('ACCOUNT_ID', 'CRM_ID', 'DOMAIN', 'CONTACT_EMAIL'))`);
    await q.query(`ALTER TABLE signal ADD COLUMN ref_value text`);
    await q.query(`UPDATE signal SET ref_value = account_id`);
    await q.query(`ALTER TABLE signal ALTER COLUMN ref_value SET NOT NULL`);
    await q.query(`ALTER TABLE signal ALTER COLUMN ref_kind DROP DEFAULT`);
    await q.query(`ALTER TABLE signal ADD COLUMN ref_domain text`);
    await q.query(`ALTER TABLE signal ADD COLUMN match_domains text[]`);
    await q.query(`ALTER TABLE signal ADD COLUMN counted_at timestamptz`);
    await q.query(`UPDATE signal SET counted_at = received_at`);
    await q.query(`ALTER TABLE signal ADD COLUMN unmatched_reason text`);
    await q.query(`ALTER TABLE signal ADD CONSTRAINT signal_counted_when_matched CHECK ((account_id IS NULL) = (counted_at IS NULL))`);
    await q.query(`CREATE INDEX signal_unmatched_ref_value ON signal (ref_value) WHERE account_id IS NULL`);
    await q.query(`CREATE INDEX signal_unmatched_match_domains ON signal USING gin (match_domains) WHERE account_id IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM signal WHERE account_id IS NULL`);
    await q.query(`DROP INDEX signal_unmatched_match_domains`);
    await q.query(`DROP INDEX signal_unmatched_ref_value`);
    await q.query(`ALTER TABLE signal DROP CONSTRAINT signal_counted_when_matched`);
    await q.query(`ALTER TABLE signal DROP COLUMN unmatched_reason, DROP COLUMN counted_at, DROP COLUMN match_domains, DROP COLUMN ref_domain, DROP COLUMN ref_value, DROP COLUMN ref_kind`);
    await q.query(`ALTER TABLE signal ALTER COLUMN account_id SET NOT NULL`);
    await q.query(`DROP TABLE account_directory_change`);
    await q.query(`DROP TABLE account_directory`);
  }
}
