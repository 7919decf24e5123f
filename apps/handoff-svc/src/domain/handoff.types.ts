import type {
  HandoffElement,
  OwnerAssignment,
  ScoringSnapshot,
  namedAccountSchema,
  nextActionSchema,
  primaryContactSchema,
} from '@handoff-graph/contracts';
import type { z } from 'zod';

/** The five elements use the shapes of the `handoff-created` contract, so what is stored is what is sent. */
export type NamedAccount = z.infer<typeof namedAccountSchema>;
export type PrimaryContact = z.infer<typeof primaryContactSchema>;
export type NextAction = z.infer<typeof nextActionSchema>;
export type { HandoffElement, OwnerAssignment, ScoringSnapshot };

/**
 * CREATED → DELIVERED for a complete handoff (both in one step today: the daily cap and next-day
 * queue of issue 5 will hold some in CREATED); INCOMPLETE is terminal (an ops alert, never delivered).
 * Issue 5 extends this with ACCEPTED | REJECTED → FIRST_TOUCH → MEETING_BOOKED and EXPIRED.
 */
export const HANDOFF_STATUSES = ['CREATED', 'DELIVERED', 'INCOMPLETE'] as const;
export type HandoffStatus = (typeof HANDOFF_STATUSES)[number];

const TRANSITIONS: Record<HandoffStatus, readonly HandoffStatus[]> = {
  CREATED: ['DELIVERED'],
  DELIVERED: [],
  INCOMPLETE: [],
};

export function canTransition(from: HandoffStatus, to: HandoffStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** The five elements, each null when missing. */
export interface HandoffElements {
  namedAccount: NamedAccount | null;
  primaryContact: PrimaryContact | null;
  scoringSnapshot: ScoringSnapshot | null;
  nextAction: NextAction | null;
  ownerAssignment: OwnerAssignment | null;
}

export interface MissingElement {
  element: HandoffElement;
  /** One readable line, prefixed with the element: "PRIMARY_CONTACT: no contact of … engaged …". */
  reason: string;
}
