import type { Firmographics, HandoffElement, OwnerAssignment, ScoringSnapshot } from '@handoff-graph/contracts';
import type { HandoffElements, MissingElement, NamedAccount } from './handoff.types';
import { composeNextAction, type PlaybookRule, type StageInfo } from './next-action';
import { selectPrimaryContact, type ContactEngagement, type MirrorContact } from './primary-contact';

/** An account as the CRM mirror holds it. */
export interface MirrorAccount {
  id: string;
  crmId: string;
  name: string;
  domain: string;
  firmographics: Firmographics;
}

export interface Qualification {
  qualificationId: string;
  accountId: string;
  qualifiedAt: Date;
  scoringSnapshot: ScoringSnapshot;
}

export type OwnershipOutcome = { kind: 'resolved'; ownerAssignment: OwnerAssignment } | { kind: 'unresolved'; reason: string };

export interface AssemblyInput {
  qualification: Qualification;
  ownership: OwnershipOutcome;
  /** The account in the mirror now, or null. */
  account: MirrorAccount | null;
  /** The account's contacts in the mirror. */
  contacts: MirrorContact[];
  /** The account's contact-level engagement (the window is applied here, not by the caller). */
  engagements: ContactEngagement[];
  rules: PlaybookRule[];
  /** NEW, or RE_ENGAGED when an earlier qualification of the account was delivered. */
  stage: StageInfo;
}

export interface AssembledHandoff {
  /** All five elements are there: the handoff may be delivered. */
  complete: boolean;
  elements: HandoffElements;
  /** The version of the playbook rule that wrote the next action (null when it is missing). */
  playbookRuleVersion: number | null;
  /** In the protocol's element order; empty when complete. */
  missing: MissingElement[];
}

/**
 * Assembles the five elements of the protocol from what is stored when both the qualification and
 * its ownership outcome are known. Pure: the same input always gives the same handoff.
 */
export function assembleHandoff(input: AssemblyInput): AssembledHandoff {
  const { qualification, account } = input;
  const missing: MissingElement[] = [];
  const miss = (element: HandoffElement, reason: string) => missing.push({ element, reason: `${element}: ${reason}` });
  const accountLabel = account?.name ?? input.qualification.accountId;

  // 1. Named account: the CRM record as the mirror holds it at handoff.
  const namedAccount: NamedAccount | null = account
    ? { accountId: account.id, crmId: account.crmId, name: account.name, domain: account.domain, firmographics: account.firmographics }
    : null;
  if (!namedAccount) miss('NAMED_ACCOUNT', `account ${qualification.accountId} is not in the CRM mirror.`);

  // 2. Primary contact: the committee member most engaged in the 28 days before qualification.
  const contact = selectPrimaryContact({
    accountLabel,
    contacts: input.contacts.filter((c) => c.accountId === qualification.accountId),
    engagements: input.engagements,
    qualifiedAt: qualification.qualifiedAt,
  });
  if (!contact.ok) miss('PRIMARY_CONTACT', contact.reason);
  const primaryContact = contact.ok ? contact.contact : null;

  // 3. Scoring snapshot: as scoring-svc computed it at qualification (stored as it was).
  const scoringSnapshot = qualification.scoringSnapshot;

  // 4. Written next action: the playbook rule for the top contributor, the stage and the contact's role.
  const action = composeNextAction({ snapshot: scoringSnapshot, primaryContact, rules: input.rules, stage: input.stage, accountName: accountLabel });
  if (!action.ok) miss('NEXT_ACTION', action.reason);

  // 5. Written owner with a backup: from ownership-svc.
  const ownerAssignment = input.ownership.kind === 'resolved' ? input.ownership.ownerAssignment : null;
  if (input.ownership.kind === 'unresolved') miss('OWNER_ASSIGNMENT', input.ownership.reason);

  return {
    complete: missing.length === 0,
    elements: { namedAccount, primaryContact, scoringSnapshot, nextAction: action.ok ? action.action : null, ownerAssignment },
    playbookRuleVersion: action.ok ? action.ruleVersion : null,
    missing,
  };
}
