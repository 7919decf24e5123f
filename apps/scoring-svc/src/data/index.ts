import { AccountDirectoryChangeEntity, AccountDirectoryEntity } from './account-directory.entity';
import { AccountScoreEntity } from './account-score.entity';
import { AccountSignalAggregateEntity } from './account-signal-aggregate.entity';
import { FeedbackOutcomeEntity } from './feedback-outcome.entity';
import { CreateScoringTables1764100000000 } from './migrations/1764100000000-CreateScoringTables';
import { SeedScoringModelV11764100000001 } from './migrations/1764100000001-SeedScoringModelV1';
import { AccountDirectoryAndSignalMatching1764200000000 } from './migrations/1764200000000-AccountDirectoryAndSignalMatching';
import { VersionedScoringModels1764200000001 } from './migrations/1764200000001-VersionedScoringModels';
import { IncrementalAggregatesAndQualifications1764200000002 } from './migrations/1764200000002-IncrementalAggregatesAndQualifications';
import { FeedbackOutcomes1764200000003 } from './migrations/1764200000003-FeedbackOutcomes';
import { ModelActivationEntity } from './model-activation.entity';
import { QualificationEntity } from './qualification.entity';
import { ScoringModelEntity } from './scoring-model.entity';
import { SignalEntity } from './signal.entity';

export const scoringEntities = [
  ScoringModelEntity,
  ModelActivationEntity,
  SignalEntity,
  AccountScoreEntity,
  AccountSignalAggregateEntity,
  QualificationEntity,
  AccountDirectoryEntity,
  AccountDirectoryChangeEntity,
  FeedbackOutcomeEntity,
];
export const scoringMigrations = [
  CreateScoringTables1764100000000,
  SeedScoringModelV11764100000001,
  AccountDirectoryAndSignalMatching1764200000000,
  VersionedScoringModels1764200000001,
  IncrementalAggregatesAndQualifications1764200000002,
  FeedbackOutcomes1764200000003,
];

export * from './account-directory.entity';
export * from './account-directory.repository';
export * from './account-score.entity';
export * from './account-score.repository';
export * from './account-signal-aggregate.entity';
export * from './feedback-outcome.entity';
export * from './feedback-outcome.repository';
export * from './model-activation.entity';
export * from './qualification.entity';
export * from './qualification.repository';
export * from './scoring-model.entity';
export * from './scoring-model.repository';
export * from './signal.entity';
export * from './signal.repository';
