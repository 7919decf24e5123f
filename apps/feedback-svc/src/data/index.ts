import { FeedbackEntity } from './feedback.entity';
import { HandoffRecordEntity } from './handoff-record.entity';
import { CreateFeedbackTables1764460800000 } from './migrations/1764460800000-CreateFeedbackTables';

/** feedback-svc's entities and migrations (the outbox/inbox ones are added by createServiceDataSource). */
export const feedbackEntities = [HandoffRecordEntity, FeedbackEntity];
export const feedbackMigrations = [CreateFeedbackTables1764460800000];
