import { decideFeedback, type Feedback, type FeedbackCommand, type FeedbackDecision } from './feedback-rules';
import type { HandoffRecord } from './handoff-record';

const HANDOFF = 'b0c4f1de-8a55-4c36-a7f0-2f1e7d7f9c01';
const now = new Date('2026-11-25T12:00:00.000Z');

const handoff: HandoffRecord = {
  handoffId: HANDOFF,
  accountId: 'acc-northwind',
  ownerRepId: 'rep-ana',
  backupRepId: 'rep-ben',
  ownerName: 'Ana Ortiz',
  ownerTeam: 'EMEA',
  ownerTimeZone: 'Europe/Berlin',
  territoryId: 'terr-emea-saas',
  territoryName: 'EMEA SaaS',
  modelVersion: 'v1',
  topContributor: 'PRICING_PAGE_VISIT',
  playbookRuleId: 'pricing-intent',
  createdAt: new Date('2026-11-24T14:02:12.000Z'),
  deliveredAt: new Date('2026-11-24T14:02:13.000Z'),
  queueDate: '2026-11-24',
  correlationId: 'corr-1',
};

let seq = 0;
function past(kind: Feedback['kind'], more: Partial<Feedback> = {}): Feedback {
  seq += 1;
  return {
    feedbackId: `00000000-0000-4000-8000-00000000000${seq}`,
    handoffId: HANDOFF,
    kind,
    repId: 'rep-ana',
    reason: kind === 'REJECTED' ? 'NO_FIT' : null,
    note: null,
    channel: kind === 'FIRST_TOUCH' ? 'PHONE' : null,
    at: new Date('2026-11-24T15:00:00.000Z'),
    recordedAt: new Date('2026-11-24T15:00:01.000Z'),
    recordedBy: 'ana.ortiz@example.com',
    ...more,
  };
}

const by = 'ana.ortiz@example.com';
const accept: FeedbackCommand = { kind: 'ACCEPTED', handoffId: HANDOFF, repId: 'rep-ana', recordedBy: by };
const reject: FeedbackCommand = { kind: 'REJECTED', handoffId: HANDOFF, repId: 'rep-ana', recordedBy: by, reason: 'NO_FIT', note: null };
const touch: FeedbackCommand = { kind: 'FIRST_TOUCH', handoffId: HANDOFF, repId: 'rep-ana', recordedBy: by, channel: 'EMAIL', at: null };
const meeting: FeedbackCommand = { kind: 'MEETING_BOOKED', handoffId: HANDOFF, repId: 'rep-ana', recordedBy: by, at: null };

function decide(command: FeedbackCommand, history: Feedback[] = [], record: HandoffRecord | null = handoff): FeedbackDecision {
  return decideFeedback(command, { handoff: record, history }, { now, feedbackId: 'fb-new' });
}
function refusal(decision: FeedbackDecision) {
  if (decision.ok) throw new Error(`expected a refusal, got ${JSON.stringify(decision.feedback)}`);
  return decision.refusal;
}
function accepted(decision: FeedbackDecision): Feedback {
  if (!decision.ok) throw new Error(`expected feedback, got ${JSON.stringify(decision.refusal)}`);
  return decision.feedback;
}

describe('who may give feedback', () => {
  it('lets the owner and the backup give feedback', () => {
    expect(accepted(decide(accept)).repId).toBe('rep-ana');
    expect(accepted(decide({ ...reject, repId: 'rep-ben' })).repId).toBe('rep-ben');
  });

  it('refuses a rep who is neither owner nor backup with FORBIDDEN naming input.repId', () => {
    for (const command of [accept, reject, touch, meeting]) {
      expect(refusal(decide({ ...command, repId: 'rep-cara' }))).toEqual({
        code: 'FORBIDDEN',
        field: 'input.repId',
        message: `rep-cara is neither the owner (rep-ana) nor the backup (rep-ben) of handoff ${HANDOFF}; only they may give feedback on it`,
      });
    }
  });

  it('refuses an unknown handoff with NOT_FOUND naming input.handoffId', () => {
    expect(refusal(decide(accept, [], null))).toMatchObject({ code: 'NOT_FOUND', field: 'input.handoffId' });
  });

  it('uses the owner the handoff was delivered to, known even before handoff-created arrived', () => {
    const deliveredOnly: HandoffRecord = { ...handoff, territoryId: null, modelVersion: null, createdAt: null };
    expect(accepted(decide(accept, [], deliveredOnly)).kind).toBe('ACCEPTED');
  });
});

describe('accept and reject', () => {
  it('records an acceptance at now, with who recorded it', () => {
    expect(decide(accept)).toEqual({
      ok: true,
      feedback: {
        feedbackId: 'fb-new',
        handoffId: HANDOFF,
        kind: 'ACCEPTED',
        repId: 'rep-ana',
        reason: null,
        note: null,
        channel: null,
        at: now,
        recordedAt: now,
        recordedBy: 'ana.ortiz@example.com',
      },
    });
  });

  it('refuses a second acceptance', () => {
    expect(refusal(decide(accept, [past('ACCEPTED')]))).toEqual({
      code: 'CONFLICT',
      message: `handoff ${HANDOFF} was already accepted (by rep-ana at 2026-11-24T15:00:00.000Z)`,
    });
  });

  it('refuses a second rejection, whoever gives it', () => {
    expect(refusal(decide({ ...reject, repId: 'rep-ben', reason: 'DUPLICATE' }, [past('REJECTED')]))).toEqual({
      code: 'CONFLICT',
      message: `handoff ${HANDOFF} was already rejected (NO_FIT by rep-ana at 2026-11-24T15:00:00.000Z)`,
    });
  });

  it('refuses an acceptance after a rejection', () => {
    expect(refusal(decide(accept, [past('REJECTED')])).message).toBe(
      `handoff ${HANDOFF} was rejected (NO_FIT by rep-ana at 2026-11-24T15:00:00.000Z); a rejected handoff cannot be accepted`,
    );
  });

  it('allows a rejection after acceptance and a first touch (e.g. unreachable after the SLA)', () => {
    const f = accepted(decide({ ...reject, reason: 'UNREACHABLE_AFTER_SLA' }, [past('ACCEPTED'), past('FIRST_TOUCH')]));
    expect(f).toMatchObject({ kind: 'REJECTED', reason: 'UNREACHABLE_AFTER_SLA', note: null, at: now });
  });

  it('requires a note for OTHER (BAD_USER_INPUT naming input.note) and trims notes', () => {
    expect(refusal(decide({ ...reject, reason: 'OTHER', note: '   ' }))).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'input.note',
      message: 'a note is required when the reason is OTHER',
    });
    expect(accepted(decide({ ...reject, reason: 'OTHER', note: '  Parent company already a customer. ' })).note).toBe(
      'Parent company already a customer.',
    );
  });
});

describe('first touch', () => {
  it('records the channel and the time given, defaulting to now', () => {
    expect(accepted(decide(touch))).toMatchObject({ kind: 'FIRST_TOUCH', channel: 'EMAIL', at: now });
    const at = new Date('2026-11-24T14:30:00.000Z');
    expect(accepted(decide({ ...touch, at }))).toMatchObject({ at, recordedAt: now });
  });

  it('refuses a touch on a rejected handoff', () => {
    expect(refusal(decide(touch, [past('REJECTED')]))).toEqual({
      code: 'CONFLICT',
      message: `handoff ${HANDOFF} was rejected (NO_FIT by rep-ana at 2026-11-24T15:00:00.000Z); no touch can be recorded on a rejected handoff`,
    });
  });

  it('refuses a second first touch', () => {
    expect(refusal(decide(touch, [past('FIRST_TOUCH')])).message).toBe(
      `the first touch on handoff ${HANDOFF} was already recorded (PHONE by rep-ana at 2026-11-24T15:00:00.000Z)`,
    );
  });

  it('refuses a time in the future or before the delivery, naming input.at', () => {
    expect(refusal(decide({ ...touch, at: new Date('2026-11-25T12:00:01.000Z') }))).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'input.at',
      message: 'cannot be in the future (now is 2026-11-25T12:00:00.000Z)',
    });
    expect(refusal(decide({ ...touch, at: new Date('2026-11-24T14:00:00.000Z') }))).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'input.at',
      message: 'cannot be before the handoff was delivered (2026-11-24T14:02:13.000Z)',
    });
  });

  it('checks against the creation time while the delivery is not known yet', () => {
    const createdOnly: HandoffRecord = { ...handoff, deliveredAt: null, queueDate: null };
    expect(refusal(decide({ ...touch, at: new Date('2026-11-24T14:00:00.000Z') }, [], createdOnly)).message).toBe(
      'cannot be before the handoff was created (2026-11-24T14:02:12.000Z)',
    );
  });
});

describe('meeting', () => {
  it('refuses a meeting before any first touch (it is not recorded implicitly)', () => {
    expect(refusal(decide(meeting, [past('ACCEPTED')]))).toEqual({
      code: 'CONFLICT',
      message: `record the first touch before the meeting: handoff ${HANDOFF} has no first touch yet`,
    });
  });

  it('records a meeting after the first touch, by owner or backup', () => {
    expect(accepted(decide({ ...meeting, repId: 'rep-ben' }, [past('FIRST_TOUCH')]))).toMatchObject({ kind: 'MEETING_BOOKED', repId: 'rep-ben', at: now });
  });

  it('refuses a meeting on a rejected handoff, a second meeting, and a meeting dated before the first touch', () => {
    expect(refusal(decide(meeting, [past('FIRST_TOUCH'), past('REJECTED')])).message).toContain('no meeting can be recorded on a rejected handoff');
    expect(refusal(decide(meeting, [past('FIRST_TOUCH'), past('MEETING_BOOKED')])).message).toBe(
      `a meeting was already booked on handoff ${HANDOFF} (by rep-ana at 2026-11-24T15:00:00.000Z)`,
    );
    expect(refusal(decide({ ...meeting, at: new Date('2026-11-24T14:30:00.000Z') }, [past('FIRST_TOUCH')]))).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'input.at',
      message: 'cannot be before the first touch (2026-11-24T15:00:00.000Z)',
    });
  });

  it('refuses a future meeting', () => {
    expect(refusal(decide({ ...meeting, at: new Date('2026-11-26T09:00:00.000Z') }, [past('FIRST_TOUCH')])).field).toBe('input.at');
  });
});
