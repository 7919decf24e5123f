import { queueDateOf, rankQueue, type QueueEntry } from './queue';

const entry = (handoffId: string, score: number, createdAt: string): QueueEntry => ({ handoffId, score, createdAt: new Date(createdAt) });

describe('the rep queue', () => {
  it('files a handoff under the UTC date of delivery', () => {
    expect(queueDateOf(new Date('2026-11-24T23:59:59.999Z'))).toBe('2026-11-24');
    expect(queueDateOf(new Date('2026-11-25T00:00:00.000Z'))).toBe('2026-11-25');
  });

  it('ranks by score, then by creation time, then by id', () => {
    const ranks = rankQueue([
      entry('h-late-72', 72, '2026-11-24T10:00:00Z'),
      entry('h-81', 81, '2026-11-24T12:00:00Z'),
      entry('h-early-72', 72, '2026-11-24T09:00:00Z'),
      entry('h-b', 64, '2026-11-24T09:00:00Z'),
      entry('h-a', 64, '2026-11-24T09:00:00Z'),
    ]);
    expect([...ranks.entries()]).toEqual([
      ['h-81', 1],
      ['h-early-72', 2],
      ['h-late-72', 3],
      ['h-a', 4],
      ['h-b', 5],
    ]);
  });

  it('moves the others down when a higher-scored handoff arrives', () => {
    const before = rankQueue([entry('h-1', 70, '2026-11-24T09:00:00Z'), entry('h-2', 65, '2026-11-24T09:30:00Z')]);
    const after = rankQueue([entry('h-1', 70, '2026-11-24T09:00:00Z'), entry('h-2', 65, '2026-11-24T09:30:00Z'), entry('h-3', 90, '2026-11-24T10:00:00Z')]);
    expect(Object.fromEntries(before)).toEqual({ 'h-1': 1, 'h-2': 2 });
    expect(Object.fromEntries(after)).toEqual({ 'h-3': 1, 'h-1': 2, 'h-2': 3 });
  });
});
