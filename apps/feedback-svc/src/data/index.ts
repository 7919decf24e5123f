import { FeedbackEntity } from './feedback.entity';
import { HandoffRecordEntity } from './handoff-record.entity';
import { CreateFeedbackTables1764460800000 } from './migrations/1764460800000-CreateFeedbackTables';
import { AddMetricDimensionsAndReports1764633600000 } from './migrations/1764633600000-AddMetricDimensionsAndReports';
import { RecordWhoRecorded1764806400000 } from './migrations/1764806400000-RecordWhoRecorded';
import { RejectionPatternReportEntity } from './rejection-pattern-report.entity';
import { RepProfileEntity } from './rep-profile.entity';

/** feedback-svc's entities and migrations (the outbox/inbox ones are added by createServiceDataSource). */
export const feedbackEntities = [HandoffRecordEntity, FeedbackEntity, RepProfileEntity, RejectionPatternReportEntity];
export const feedbackMigrations = [CreateFeedbackTables1764460800000, AddMetricDimensionsAndReports1764633600000, RecordWhoRecorded1764806400000];
