import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The first scoring model, active from the start. Frozen here as literal values: later versions are
 * new rows (issue 3), never edits of this one.
 */
const V1_RULES = {
  INTENT_SURGE: { points: 25, halfLifeDays: 14, capPoints: 25, label: 'Intent surge' },
  PRICING_PAGE_VISIT: { points: 9, halfLifeDays: 7, capPoints: 30, label: 'Pricing-page visits' },
  PRODUCT_PAGE_VISIT: { points: 4, halfLifeDays: 7, capPoints: 16, label: 'Product-page visits' },
  CONTENT_DOWNLOAD: { points: 6, halfLifeDays: 14, capPoints: 18, label: 'Content downloads' },
  WEBINAR_ATTENDED: { points: 20, halfLifeDays: 14, capPoints: 20, label: 'Webinar attendance' },
  EMAIL_REPLY: { points: 15, halfLifeDays: 10, capPoints: 30, label: 'Email replies' },
  FORM_FILL: { points: 15, halfLifeDays: 14, capPoints: 15, label: 'Form fills' },
  TRIAL_ACTIVITY: { points: 12, halfLifeDays: 7, capPoints: 36, label: 'Trial activity' },
};

export class SeedScoringModelV11764100000001 implements MigrationInterface {
  name = 'SeedScoringModelV11764100000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `INSERT INTO scoring_model (version, threshold, rearm_margin, rules, active, effective_at, author)
       VALUES ('v1', 60, 10, $1::jsonb, true, '2025-11-24T00:00:00Z', 'revops (initial model)')`,
      [JSON.stringify(V1_RULES)],
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM scoring_model WHERE version = 'v1'`);
  }
}
