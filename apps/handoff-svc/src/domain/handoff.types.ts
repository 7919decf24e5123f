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

/** The lifecycle statuses of the contract; the transition table is in lifecycle.ts. */
export { HANDOFF_STATUSES } from '@handoff-graph/contracts';
export type { HandoffStatus } from '@handoff-graph/contracts';

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
