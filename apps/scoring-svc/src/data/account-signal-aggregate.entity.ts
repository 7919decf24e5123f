import type { SignalType } from '@handoff-graph/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One (account, signal type)'s decayed points sum at ref_time, under account_score.model_version. */
@Entity({ name: 'account_signal_aggregate' })
export class AccountSignalAggregateEntity {
  @PrimaryColumn({ name: 'account_id', type: 'text' })
  accountId: string;

  @PrimaryColumn({ name: 'signal_type', type: 'text' })
  signalType: SignalType;

  @Column({ name: 'decayed_sum', type: 'double precision' })
  decayedSum: number;

  @Column({ name: 'signal_count', type: 'integer' })
  signalCount: number;

  @Column({ name: 'ref_time', type: 'timestamptz' })
  refTime: Date;
}
