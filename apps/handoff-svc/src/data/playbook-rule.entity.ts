import type { CommitteeRole, SignalType } from '@handoff-graph/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Maps a trigger (top contributor's signal type, primary contact's role) to a primary and a fallback action. */
@Entity({ name: 'playbook_rule' })
export class PlaybookRuleEntity {
  @PrimaryColumn({ type: 'text' })
  id: string;

  @Column({ type: 'text' })
  name: string;

  /** Null matches any signal type. */
  @Column({ name: 'trigger_signal_type', type: 'text', nullable: true })
  triggerSignalType: SignalType | null;

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
}
