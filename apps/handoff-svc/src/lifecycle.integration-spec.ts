import { Topics } from '@handoff-graph/contracts';
import { TEST_IDENTITIES, waitFor } from '@handoff-graph/testing';
import { randomUUID } from 'node:crypto';
import { assignment, rep, startHarness, type Harness } from './test-support/harness';

/**
 * The handoff after delivery, over PostgreSQL and Kafka with a manual clock: the SLA sweep and its
 * escalations, and the lifecycle driven by feedback events (implied, ignored and illegal steps).
 */
describe('handoff-svc lifecycle and SLA', () => {
  let h: Harness;
  // Tue 24 Nov 2026, 14:02 in Berlin.
  const START = '2026-11-24T13:02:00.000Z';
  const ANA = rep('rep-ber', 'Ana Ortiz', 'Europe/Berlin');
  const BEN = rep('rep-ben', 'Ben Okafor', 'Europe/London');
  const TO_ANA = assignment(ANA, BEN);

  const CARD = `query ($id: ID!) { handoff(id: $id) {
    id status statusChangedAt
    statusHistory { from to at reason applied cause }
    sla { clockStartsAt acceptanceDueAt firstTouchDueAt expiresAt running minutesLeft breached breaches timezone }
    escalations { level sla from { id } to { id } dueAt escalatedAt reason }
    ownerAssignment { owner { id } backup { id } explanation }
    originalOwnerAssignment { owner { id } backup { id } }
    whyMe stage queueDate priorityRank
    reroutes { policy from { id } to { id } moved reason mapVersion }
    nextAction { playbookRuleId playbookRuleVersion triggerReason primary }
    playbookRule { ruleId version savedBy change }
  } }`;
  interface Card {
    status: string;
    statusHistory: { from: string | null; to: string; at: string; reason: string; applied: boolean; cause: string }[];
    sla: { running: string | null; minutesLeft: number | null; breached: boolean; breaches: string[]; [k: string]: unknown } | null;
    escalations: { level: string; sla: string; from: { id: string }; to: { id: string } | null; reason: string; [k: string]: unknown }[];
    ownerAssignment: { owner: { id: string }; backup: { id: string }; explanation: string };
    originalOwnerAssignment: { owner: { id: string }; backup: { id: string } };
    whyMe: string;
    stage: string;
    queueDate: string;
    priorityRank: number;
    reroutes: { policy: string; from: { id: string }; to: { id: string } | null; moved: boolean; reason: string; mapVersion: number }[];
    nextAction: { playbookRuleId: string; playbookRuleVersion: number; triggerReason: string; primary: string };
    playbookRule: { ruleId: string; version: number; savedBy: string; change: string } | null;
    [k: string]: unknown;
  }
  const card = async (id: string) => (await h.gql<{ handoff: Card }>(CARD, { id })).handoff;
  const statusChanges = (handoffId: string) =>
    h.eventsOf('handoff-status-changed', (e) => e.payload.handoffId === handoffId).map((e) => `${e.payload.from}→${e.payload.to}`);
  const waitForStatus = (handoffId: string, status: string) =>
    waitFor(async () => (await card(handoffId)).status === status, { what: `handoff ${handoffId} to be ${status}` });

  beforeAll(async () => {
    h = await startHarness('lifecycle', START);
    await h.repProfile({ repId: 'rep-ber', name: 'Ana Ortiz', timezone: 'Europe/Berlin', workingHours: { start: '09:00', end: '17:30' }, dailyCapacity: 8, managerRepId: 'rep-mara', updatedAt: '2026-11-01T00:00:00.000Z' });
    await h.repProfile({ repId: 'rep-mara', name: 'Mara Jensen', role: 'MANAGER', timezone: 'Europe/Berlin', updatedAt: '2026-11-01T00:00:00.000Z' });
  });

  afterAll(async () => {
    await h?.stop();
  });

  describe('SLA and escalation', () => {
    let handoffId: string;
    let accountId: string;

    it('shows the SLA clock on the card in the owner’s working time', async () => {
      ({ handoffId, accountId } = await h.deliver('sla', TO_ANA));
      h.clock.set('2026-11-24T13:10:00.000Z');
      expect((await card(handoffId)).sla).toEqual({
        clockStartsAt: START,
        acceptanceDueAt: '2026-11-24T13:17:00.000Z', // 14:02 + 15 working minutes, Berlin
        firstTouchDueAt: '2026-11-24T16:30:00.000Z', // end of Ana's day, 17:30 Berlin
        expiresAt: '2026-11-30T16:30:00.000Z', // end of her 5th business day
        running: 'ACCEPTANCE',
        minutesLeft: 7,
        breached: false,
        breaches: [],
        timezone: 'Europe/Berlin',
      });
    });

    it('offers a handoff not accepted within 15 working minutes to the backup, once, with the reason', async () => {
      h.clock.set('2026-11-24T13:16:59.000Z');
      expect((await h.sweep()).escalatedToBackup).toBe(0);
      h.clock.set('2026-11-24T13:17:00.000Z');
      expect(await h.sweep()).toMatchObject({ escalatedToBackup: 1 });
      expect(await h.sweep()).toMatchObject({ escalatedToBackup: 0, escalatedToManager: 0 });

      const escalated = await h.waitForEvent('handoff-escalated', (e) => e.payload.handoffId === handoffId);
      expect(escalated.payload).toEqual({
        handoffId,
        accountId,
        escalatedAt: '2026-11-24T13:17:00.000Z',
        level: 'BACKUP',
        fromRepId: 'rep-ber',
        toRepId: 'rep-ben',
        reason: 'Not accepted by Ana Ortiz within 15 working minutes (due 2026-11-24 14:17 Europe/Berlin); offered to the backup Ben Okafor.',
      });
      const breached = await h.waitForEvent('sla-breached', (e) => e.payload.handoffId === handoffId);
      expect(breached.payload).toMatchObject({ sla: 'ACCEPTANCE', ownerRepId: 'rep-ber', dueAt: '2026-11-24T13:17:00.000Z', breachedAt: '2026-11-24T13:17:00.000Z' });
      const created = h.eventsOf('handoff-created', (e) => e.payload.handoffId === handoffId)[0];
      expect(escalated.correlationId).toBe(created.correlationId);

      const { myEscalations, myOpenHandoffs } = await h.gql<{ myEscalations: { id: string }[]; myOpenHandoffs: { id: string }[] }>(
        `{ myEscalations(repId: "rep-ben") { id } myOpenHandoffs(repId: "rep-ber") { id } }`,
      );
      expect(myEscalations).toEqual([{ id: handoffId }]);
      expect(myOpenHandoffs).toEqual([{ id: handoffId }]);
      expect((await card(handoffId)).sla).toMatchObject({ running: 'ACCEPTANCE', minutesLeft: 0, breached: true, breaches: ['ACCEPTANCE'] });
    });

    it('moves to ACCEPTED on handoff-accepted from the backup, then escalates an untouched handoff to the team manager at the end of the day', async () => {
      await h.publish(h.feedback('handoff-accepted', handoffId, accountId, 'rep-ben', '2026-11-24T13:20:00.000Z'));
      await waitForStatus(handoffId, 'ACCEPTED');
      const changed = await h.waitForEvent('handoff-status-changed', (e) => e.payload.handoffId === handoffId);
      expect(changed.payload).toMatchObject({ from: 'DELIVERED', to: 'ACCEPTED', at: '2026-11-24T13:20:00.000Z', reason: 'Ben Okafor (backup) accepted the handoff' });

      h.clock.set('2026-11-24T16:30:00.000Z');
      expect(await h.sweep()).toMatchObject({ escalatedToManager: 1 });
      const toManager = await h.waitForEvent('handoff-escalated', (e) => e.payload.handoffId === handoffId && e.payload.level === 'MANAGER');
      expect(toManager.payload).toMatchObject({
        toRepId: 'rep-mara',
        reason: "Not touched by the end of Ana Ortiz's first business day (due 2026-11-24 17:30 Europe/Berlin); escalated to the team manager Mara Jensen.",
      });
      await h.waitForEvent('sla-breached', (e) => e.payload.handoffId === handoffId && e.payload.sla === 'FIRST_TOUCH');
      const c = await card(handoffId);
      expect(c.escalations.map((e) => [e.level, e.sla, e.from.id, e.to?.id])).toEqual([
        ['BACKUP', 'ACCEPTANCE', 'rep-ber', 'rep-ben'],
        ['MANAGER', 'FIRST_TOUCH', 'rep-ber', 'rep-mara'],
      ]);
      expect(c.sla).toMatchObject({ running: 'FIRST_TOUCH', minutesLeft: 0, breaches: ['ACCEPTANCE', 'FIRST_TOUCH'] });
    });

    it('records a late accept after the first touch as ignored, and ends in MEETING_BOOKED', async () => {
      await h.publish(
        h.feedback('first-touch-recorded', handoffId, accountId, 'rep-ber', '2026-11-24T16:40:00.000Z'),
        h.feedback('handoff-accepted', handoffId, accountId, 'rep-ber', '2026-11-24T16:41:00.000Z'),
        h.feedback('meeting-booked', handoffId, accountId, 'rep-ber', '2026-11-24T16:45:00.000Z'),
      );
      await waitForStatus(handoffId, 'MEETING_BOOKED');
      await waitFor(() => statusChanges(handoffId).length === 3, { what: 'three status changes' });
      expect(statusChanges(handoffId)).toEqual(['DELIVERED→ACCEPTED', 'ACCEPTED→FIRST_TOUCH', 'FIRST_TOUCH→MEETING_BOOKED']);
      const c = await card(handoffId);
      expect(c.statusHistory.map((t) => `${t.from ?? '∅'}→${t.to}${t.applied ? '' : ' (ignored)'}`)).toEqual([
        '∅→CREATED',
        'CREATED→DELIVERED',
        'DELIVERED→ACCEPTED',
        'ACCEPTED→FIRST_TOUCH',
        'FIRST_TOUCH→ACCEPTED (ignored)',
        'FIRST_TOUCH→MEETING_BOOKED',
      ]);
      expect(c.statusHistory[4]).toMatchObject({
        reason: 'Ana Ortiz accepted the handoff, but the handoff is already FIRST_TOUCH; a status never moves backwards',
        cause: 'handoff-accepted',
      });
      expect(c.sla).toMatchObject({ running: null, minutesLeft: null });
    });

    it('reads a first touch without an accept as an implied acceptance (two transitions)', async () => {
      h.clock.set('2026-11-25T09:00:00.000Z');
      const { handoffId: id, accountId: acc } = await h.deliver('implied', TO_ANA);
      await h.publish(h.feedback('first-touch-recorded', id, acc, 'rep-ber', '2026-11-25T09:05:00.000Z', { channel: 'EMAIL' }));
      await waitForStatus(id, 'FIRST_TOUCH');
      await waitFor(() => statusChanges(id).length === 2, { what: 'two status changes' });
      expect(statusChanges(id)).toEqual(['DELIVERED→ACCEPTED', 'ACCEPTED→FIRST_TOUCH']);
      const history = (await card(id)).statusHistory;
      expect(history[2].reason).toBe('implied: Ana Ortiz recorded the first touch (EMAIL) before ACCEPTED was recorded');

      // A redelivered event (same event id) changes nothing; a rejection after the touch closes it.
      const rejected = h.feedback('handoff-rejected', id, acc, 'rep-ber', '2026-11-25T09:30:00.000Z', { reason: 'NO_BUDGET_OR_TIMING', note: null });
      await h.publish(rejected, rejected);
      await waitForStatus(id, 'REJECTED');
      expect((await card(id)).statusHistory.filter((t) => t.to === 'REJECTED')).toHaveLength(1);
      expect(statusChanges(id)).toContain('FIRST_TOUCH→REJECTED');
    });

    it('expires a handoff nobody touched; without a manager on file only sla-breached goes out for the first touch', async () => {
      h.clock.set('2026-11-25T09:00:00.000Z');
      const nobody = assignment(rep('rep-nobody', 'Noa Body'), BEN);
      const { handoffId: id } = await h.deliver('forgotten', nobody);
      h.clock.set('2026-12-03T09:00:00.000Z');
      await h.sweep();
      await waitForStatus(id, 'EXPIRED');
      await h.waitForEvent('handoff-status-changed', (e) => e.payload.handoffId === id && e.payload.to === 'EXPIRED');
      const c = await card(id);
      expect(c.escalations.map((e) => [e.level, e.to?.id ?? null])).toEqual([
        ['BACKUP', 'rep-ben'],
        ['MANAGER', null],
      ]);
      expect(c.escalations[1].reason).toContain('no team manager is on file for Noa Body (no rep profile yet)');
      expect(h.eventsOf('handoff-escalated', (e) => e.payload.handoffId === id).map((e) => e.payload.level)).toEqual(['BACKUP']);
      await h.waitForEvent('sla-breached', (e) => e.payload.handoffId === id && e.payload.sla === 'FIRST_TOUCH');
      expect(c.statusHistory.at(-1)).toMatchObject({
        from: 'DELIVERED',
        to: 'EXPIRED',
        cause: 'sla-sweep',
        reason: 'Not touched within 5 business days of delivery (by 2026-12-01 17:00 UTC); expired.',
      });

      // Feedback after the end is recorded as ignored, never dead-lettered.
      await h.publish(h.feedback('handoff-accepted', id, c.id as string, 'rep-nobody', '2026-12-03T09:01:00.000Z'));
      await waitFor(async () => (await card(id)).statusHistory.some((t) => !t.applied), { what: 'the ignored accept' });
      expect((await card(id)).statusHistory.at(-1)?.reason).toBe('Noa Body accepted the handoff, but the handoff is already EXPIRED (final)');
    });

    it('dead-letters feedback about a handoff it never assembled', async () => {
      const stray = h.feedback('handoff-accepted', randomUUID(), 'acc-stray', 'rep-ber', '2026-12-03T09:00:00.000Z');
      await h.publish(stray);
      const letter = await waitFor(() => h.deadLetters.find((d) => d.key === 'acc-stray'), { what: 'the stray feedback on dead-letter', timeoutMs: 20_000 });
      expect(letter).toMatchObject({ originalTopic: Topics.feedbackEvents, errorKind: 'processing' });
      expect(letter.error).toContain('which handoff-svc never assembled');
    });

    it('lets ops change the SLA policy, refusing bad values with the field', async () => {
      const olga = { ...TEST_IDENTITIES.OPS, subject: 'ops-olga' };
      const bad = await h.request(`mutation { updateHandoffSlaPolicy(input: { acceptanceWindowMinutes: 0, expireAfterBusinessDays: 5 }) { acceptanceWindowMinutes } }`, {}, olga);
      expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.acceptanceWindowMinutes' });
      const { updateHandoffSlaPolicy } = await h.gql<{ updateHandoffSlaPolicy: Record<string, unknown> }>(
        `mutation { updateHandoffSlaPolicy(input: { acceptanceWindowMinutes: 30, expireAfterBusinessDays: 3 }) { acceptanceWindowMinutes expireAfterBusinessDays updatedBy } }`,
        {},
        olga,
      );
      expect(updateHandoffSlaPolicy).toEqual({ acceptanceWindowMinutes: 30, expireAfterBusinessDays: 3, updatedBy: 'ops-olga' });
      await h.gql(`mutation { updateHandoffSlaPolicy(input: { acceptanceWindowMinutes: 15, expireAfterBusinessDays: 5 }) { updatedBy } }`, {}, olga);
    });
  });
});
