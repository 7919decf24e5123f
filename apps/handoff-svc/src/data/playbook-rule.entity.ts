import type { CommitteeRole, SignalType } from '@handoff-graph/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { AccountStage } from '../domain/next-action';

/**
 * Maps a trigger (top contributor's signal type, the account's stage, primary contact's role) to a
 * primary and a fallback action. The current version; every version is in playbook_rule_version.
 */
@Entity({ name: 'playbook_rule' })
export class PlaybookRuleEntity {
  @PrimaryColumn({ type: 'text' })
  id: string;

  @Column({ type: 'text' })
  name: string;

  /** Null matches any signal type. */
  @Column({ name: 'trigger_signal_type', type: 'text', nullable: true })
  triggerSignalType: SignalType | null;

  /** Null matches any stage. */
  @Column({ type: 'text', nullable: true })
  stage: AccountStage | null;

  /** Null matches any committee role. */
  @Column({ name: 'contact_role', type: 'text', nullable: true })
  contactRole: CommitteeRole | null;

  @Column({ name: 'primary_template', type: 'text' })
  primaryTemplate: string;

  @Column({ name: 'fallback_template', type: 'text' })
  fallbackTemplate: string;

  /** Higher wins. */
  @Column({ type: 'int' })
  priority: number;

  @Column({ type: 'boolean' })
  active: boolean;

  @Column({ type: 'int' })
  version: number;

  /** Deleted rules are retired: never chosen, not listed, their versions kept. */
  @Column({ type: 'boolean' })
  deleted: boolean;

  @Column({ name: 'updated_by', type: 'text' })
  updatedBy: string;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
