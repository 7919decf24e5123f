import type { CommitteeRole, SignalType } from '@handoff-graph/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { AccountStage } from '../domain/next-action';

/** One saved version of a playbook rule: what it said, who saved it and when. Never changed. */
@Entity({ name: 'playbook_rule_version' })
export class PlaybookRuleVersionEntity {
  @PrimaryColumn({ name: 'rule_id', type: 'text' })
  ruleId: string;

  @PrimaryColumn({ type: 'int' })
  version: number;

  @Column({ type: 'text' })
  change: 'CREATED' | 'UPDATED' | 'DELETED';

  @Column({ type: 'text' })
  name: string;

  @Column({ name: 'trigger_signal_type', type: 'text', nullable: true })
  triggerSignalType: SignalType | null;

  @Column({ type: 'text', nullable: true })
  stage: AccountStage | null;

  @Column({ name: 'contact_role', type: 'text', nullable: true })
  contactRole: CommitteeRole | null;

  @Column({ name: 'primary_template', type: 'text' })
  primaryTemplate: string;

  @Column({ name: 'fallback_template', type: 'text' })
  fallbackTemplate: string;

  @Column({ type: 'int' })
  priority: number;

  @Column({ type: 'boolean' })
  active: boolean;

  @Column({ name: 'saved_by', type: 'text' })
  savedBy: string;

  @Column({ name: 'saved_at', type: 'timestamptz' })
  savedAt: Date;
}
