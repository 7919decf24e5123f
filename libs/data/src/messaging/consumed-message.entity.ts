import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The inbox: one row per (event, consumer group) applied. A redelivered event finds its row and changes nothing. */
@Entity({ name: 'inbox' })
export class ConsumedMessage {
  @PrimaryColumn({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @PrimaryColumn({ name: 'consumer_group', type: 'text' })
  consumerGroup: string;

  @Column({ type: 'text' })
  type: string;

  @Column({ name: 'consumed_at', type: 'timestamptz', default: () => 'now()' })
  consumedAt: Date;
}
