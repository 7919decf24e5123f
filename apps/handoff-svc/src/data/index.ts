import { AccountEntity } from './account.entity';
import { ContactEngagementEntity } from './contact-engagement.entity';
import { ContactEntity } from './contact.entity';
import { HandoffEntity } from './handoff.entity';
import { CreateHandoffTables1764100000000 } from './migrations/1764100000000-CreateHandoffTables';
import { SeedPlaybookRules1764100000001 } from './migrations/1764100000001-SeedPlaybookRules';
import { OwnershipOutcomeEntity } from './ownership-outcome.entity';
import { PlaybookRuleEntity } from './playbook-rule.entity';
import { QualificationEntity } from './qualification.entity';

/** handoff-svc's tables (the outbox and inbox are added by createServiceDataSource). */
export const handoffEntities = [
  AccountEntity,
  ContactEntity,
  ContactEngagementEntity,
  QualificationEntity,
  OwnershipOutcomeEntity,
  PlaybookRuleEntity,
  HandoffEntity,
];

/** In order; never edit one that has shipped: add a new one. */
export const handoffMigrations = [CreateHandoffTables1764100000000, SeedPlaybookRules1764100000001];
