import { AccountEntity } from './account.entity';
import { ContactEngagementEntity } from './contact-engagement.entity';
import { ContactEntity } from './contact.entity';
import { HandoffEscalationEntity, HandoffRerouteEntity, HandoffTransitionEntity, QueueDeferralEntity } from './handoff-history.entity';
import { HandoffEntity } from './handoff.entity';
import { CreateHandoffTables1764100000000 } from './migrations/1764100000000-CreateHandoffTables';
import { SeedPlaybookRules1764100000001 } from './migrations/1764100000001-SeedPlaybookRules';
import { RepProfiles1764300000000 } from './migrations/1764300000000-RepProfiles';
import { HandoffLifecycleQueueSla1764300000001 } from './migrations/1764300000001-HandoffLifecycleQueueSla';
import { VersionedPlaybooks1764300000002 } from './migrations/1764300000002-VersionedPlaybooks';
import { QueueRanksReadWhenAsked1764500000000 } from './migrations/1764500000000-QueueRanksReadWhenAsked';
import { QueueDayCounts1764600000000 } from './migrations/1764600000000-QueueDayCounts';
import { OwnershipOutcomeEntity } from './ownership-outcome.entity';
import { PlaybookRuleVersionEntity } from './playbook-rule-version.entity';
import { PlaybookRuleEntity } from './playbook-rule.entity';
import { QualificationEntity } from './qualification.entity';
import { RepEntity } from './rep.entity';
import { SlaPolicyEntity } from './sla-policy.entity';

/** handoff-svc's tables (the outbox and inbox are added by createServiceDataSource). */
export const handoffEntities = [
  AccountEntity,
  ContactEntity,
  ContactEngagementEntity,
  QualificationEntity,
  OwnershipOutcomeEntity,
  PlaybookRuleEntity,
  PlaybookRuleVersionEntity,
  HandoffEntity,
  HandoffTransitionEntity,
  QueueDeferralEntity,
  HandoffEscalationEntity,
  HandoffRerouteEntity,
  RepEntity,
  SlaPolicyEntity,
];

/** In order; never edit one that has shipped: add a new one. */
export const handoffMigrations = [
  CreateHandoffTables1764100000000,
  SeedPlaybookRules1764100000001,
  RepProfiles1764300000000,
  HandoffLifecycleQueueSla1764300000001,
  VersionedPlaybooks1764300000002,
  QueueRanksReadWhenAsked1764500000000,
  QueueDayCounts1764600000000,
];
