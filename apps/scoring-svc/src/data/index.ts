import { AccountScoreEntity } from './account-score.entity';
import { CreateScoringTables1764100000000 } from './migrations/1764100000000-CreateScoringTables';
import { SeedScoringModelV11764100000001 } from './migrations/1764100000001-SeedScoringModelV1';
import { ScoringModelEntity } from './scoring-model.entity';
import { SignalEntity } from './signal.entity';

export const scoringEntities = [ScoringModelEntity, SignalEntity, AccountScoreEntity];
export const scoringMigrations = [CreateScoringTables1764100000000, SeedScoringModelV11764100000001];

export * from './account-score.entity';
export * from './account-score.repository';
export * from './scoring-model.entity';
export * from './scoring-model.repository';
export * from './signal.entity';
export * from './signal.repository';
