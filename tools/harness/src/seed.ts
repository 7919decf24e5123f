/**
 * Seeding a benchmark at scale, and the measured phase.
 *
 * Seeding does not go one by one through GraphQL. What a real deployment receives in bulk arrives
 * the way it would there:
 * - accounts and contacts: `crm-account-changed` + `crm-contact-changed` published to
 *   `<prefix>.crm-changes` (handoff-svc mirrors them and announces `account-upserted` to ownership and
 *   scoring);
 * - pre-load: three `signal-received` per account on `<prefix>.signals` that keep it below the MQA
 *   threshold (v1 model: intent surge 25 + webinar 20 + content download 6 = 51 < 60, optionally
 *   plus 1–2 product-page visits at 4 each), the last one naming the seeded contact.
 * Reps and territories (few, and edited by people) go through the gateway as OPS: `upsertRep`,
 * `upsertTerritory`. Then the benchmark waits until every service group has consumed everything.
 *
 * The measured phase sends exactly one threshold-crossing signal per account (an email reply, +15,
 * or a form fill / trial activity) naming the seeded contact, so the handoff has a primary contact,
 * at a fixed rate, and follows each account through `account-qualified` → `ownership-resolved` →
 * `handoff-created` (→ `handoff-delivered`).
 */
import { createEvent, toMessage, type EventEnvelope } from '@handoff-graph/contracts';
import type { BenchProducer, EventWatcher, LagProbe, RateResult, SeenEvent, WireMessage } from './kafka-tools';
import { sleep, type ProcessStack } from './process-stack';

export interface BenchAccount {
  id: string;
  crmId: string;
  name: string;
  domain: string;
  industry: string;
  region: string;
  country: string;
  employeeCount: number;
  contactId: string;
  contactName: string;
  contactEmail: string;
  /** 0–2 extra product-page visits in the pre-load (+4 each): spreads the scores for queue-ordering checks. */
  extraVisits: number;
  /** The crossing signal. */
  crossing: 'EMAIL_REPLY' | 'FORM_FILL' | 'TRIAL_ACTIVITY';
}

const PROFILES = [
  { region: 'EMEA', country: 'DE', industry: 'Software' },
  { region: 'EMEA', country: 'FR', industry: 'Manufacturing' },
  { region: 'NA', country: 'US', industry: 'Logistics' },
  { region: 'APAC', country: 'SG', industry: 'Software' },
  { region: 'LATAM', country: 'BR', industry: 'Retail' },
] as const;

/**
 * `n` accounts of one phase, ids `acc-<tag>-<i>`; five firmographic profiles in turn (four regional
 * territories and the catch-all each get a share). `varied`: pre-load and crossing vary per account
 * (scores 63–74), otherwise every account scores 66.
 */
export function makeAccounts(tag: string, n: number, varied = false): BenchAccount[] {
  const crossings = ['EMAIL_REPLY', 'FORM_FILL', 'TRIAL_ACTIVITY'] as const;
  return Array.from({ length: n }, (_, i) => {
    const p = PROFILES[i % PROFILES.length];
    const slug = `${tag}-${i}`;
    return {
      id: `acc-${slug}`,
      crmId: `crm-${slug}`,
      name: `Bench ${tag} ${i}`,
      domain: `${slug}.bench.example`,
      industry: p.industry,
      region: p.region,
      country: p.country,
      employeeCount: 50 + ((i * 37) % 5000),
      contactId: `con-${slug}`,
      contactName: `Buyer ${i}`,
      contactEmail: `buyer@${slug}.bench.example`,
      extraVisits: varied ? Math.floor(i / 5) % 3 : 0,
      crossing: varied ? crossings[Math.floor(i / 15) % 3] : 'EMAIL_REPLY',
    };
  });
}

/** The score the v1 model gives right after the crossing signal (fresh signals, no decay yet). */
export function expectedScore(a: BenchAccount): number {
  return 51 + 4 * a.extraVisits + (a.crossing === 'TRIAL_ACTIVITY' ? 12 : 15);
}

export interface BenchRep {
  id: string;
  name: string;
  email: string;
  role: 'SDR' | 'AE' | 'MANAGER';
  team: string;
  timezone: string;
}

export const BENCH_REPS: BenchRep[] = [
  { id: 'rep-bench-emea-1', name: 'Bench Emea One', email: 'emea1@bench.example', role: 'SDR', team: 'EMEA', timezone: 'Europe/Berlin' },
  { id: 'rep-bench-emea-2', name: 'Bench Emea Two', email: 'emea2@bench.example', role: 'AE', team: 'EMEA', timezone: 'Europe/London' },
  { id: 'rep-bench-na-1', name: 'Bench Na One', email: 'na1@bench.example', role: 'SDR', team: 'North America', timezone: 'America/New_York' },
  { id: 'rep-bench-na-2', name: 'Bench Na Two', email: 'na2@bench.example', role: 'AE', team: 'North America', timezone: 'America/Chicago' },
  { id: 'rep-bench-apac-1', name: 'Bench Apac One', email: 'apac1@bench.example', role: 'SDR', team: 'APAC', timezone: 'Asia/Singapore' },
  { id: 'rep-bench-apac-2', name: 'Bench Apac Two', email: 'apac2@bench.example', role: 'AE', team: 'APAC', timezone: 'Australia/Sydney' },
  { id: 'rep-bench-global-1', name: 'Bench Global One', email: 'global1@bench.example', role: 'SDR', team: 'Global', timezone: 'America/Sao_Paulo' },
  { id: 'rep-bench-global-2', name: 'Bench Global Two', email: 'global2@bench.example', role: 'AE', team: 'Global', timezone: 'Europe/Dublin' },
  { id: 'rep-bench-mgr-emea', name: 'Bench Manager Emea', email: 'mgr-emea@bench.example', role: 'MANAGER', team: 'EMEA', timezone: 'Europe/Berlin' },
  { id: 'rep-bench-mgr-na', name: 'Bench Manager Na', email: 'mgr-na@bench.example', role: 'MANAGER', team: 'North America', timezone: 'America/New_York' },
  { id: 'rep-bench-mgr-apac', name: 'Bench Manager Apac', email: 'mgr-apac@bench.example', role: 'MANAGER', team: 'APAC', timezone: 'Asia/Singapore' },
  { id: 'rep-bench-mgr-global', name: 'Bench Manager Global', email: 'mgr-global@bench.example', role: 'MANAGER', team: 'Global', timezone: 'Europe/Dublin' },
];

/** Four regional territories, one more specific one (EMEA Software) and the catch-all (LATAM lands there). */
export const BENCH_TERRITORIES = [
  { id: 'terr-bench-emea-software', name: 'Bench EMEA Software', priority: 10, match: { regions: ['EMEA'], industries: ['Software'] }, ownerRepId: 'rep-bench-emea-1', backupRepId: 'rep-bench-emea-2' },
  { id: 'terr-bench-emea', name: 'Bench EMEA', priority: 20, match: { regions: ['EMEA'] }, ownerRepId: 'rep-bench-emea-2', backupRepId: 'rep-bench-emea-1' },
  { id: 'terr-bench-na', name: 'Bench North America', priority: 20, match: { regions: ['NA'] }, ownerRepId: 'rep-bench-na-1', backupRepId: 'rep-bench-na-2' },
  { id: 'terr-bench-apac', name: 'Bench APAC', priority: 20, match: { regions: ['APAC'] }, ownerRepId: 'rep-bench-apac-1', backupRepId: 'rep-bench-apac-2' },
  { id: 'terr-bench-global', name: 'Bench Global catch-all', priority: 100, match: {}, ownerRepId: 'rep-bench-global-1', backupRepId: 'rep-bench-global-2' },
];

interface GraphQLError {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; field?: string; rule?: string };
}

/** POSTs an operation to the gateway as OPS; GraphQL errors become one readable Error (code, field, rule). */
export async function gatewayGraphql<T>(stack: ProcessStack, what: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await fetch(stack.gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: stack.opsAuthorization },
    body: JSON.stringify({ query, variables }),
  });
  const text = await res.text();
  let body: { data?: T; errors?: GraphQLError[] };
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`${what}: the gateway answered HTTP ${res.status} with a non-JSON body: ${text.slice(0, 300)}`);
  }
  if (body.errors?.length) {
    const lines = body.errors.map((e) => {
      const x = e.extensions ?? {};
      const where = [x.code && `code ${x.code}`, x.field && `field ${x.field}`, x.rule && `rule ${x.rule}`].filter(Boolean).join(', ');
      return `  - ${e.message}${where ? ` (${where})` : ''}`;
    });
    throw new Error(`${what} failed through the gateway (HTTP ${res.status}):\n${lines.join('\n')}\n  variables: ${JSON.stringify(variables).slice(0, 500)}`);
  }
  return body.data as T;
}

/** Reps (each with `dailyCapacity` handoffs per business day; managers 0) and territories, through the gateway. */
export async function seedOwnershipMap(stack: ProcessStack, dailyCapacity: number): Promise<void> {
  for (const rep of BENCH_REPS) {
    const input = { ...rep, dailyCapacity: rep.role === 'MANAGER' ? 0 : dailyCapacity, active: true };
    await gatewayGraphql(stack, `upsertRep ${rep.id}`, `mutation($input: RepInput!) { upsertRep(input: $input) { id } }`, { input });
  }
  for (const input of BENCH_TERRITORIES) {
    await gatewayGraphql(stack, `upsertTerritory ${input.id}`, `mutation($input: TerritoryInput!) { upsertTerritory(input: $input) { id } }`, { input });
  }
}

function wire(stack: ProcessStack, event: EventEnvelope): WireMessage {
  const m = toMessage(event);
  return { topic: stack.topic(m.topic), key: m.key, value: m.value };
}

export function crmMessages(stack: ProcessStack, accounts: BenchAccount[], now: Date): WireMessage[] {
  const changedAt = now.toISOString();
  return accounts.flatMap((a) => [
    wire(
      stack,
      createEvent(
        'crm-account-changed',
        {
          accountId: a.id,
          crmId: a.crmId,
          name: a.name,
          domain: a.domain,
          firmographics: { industry: a.industry, employeeCount: a.employeeCount, annualRevenueUsd: a.employeeCount * 150_000, region: a.region, country: a.country },
          changedAt,
        },
        { aggregateId: a.id, producer: 'bench-crm-connector' },
      ),
    ),
    wire(
      stack,
      createEvent(
        'crm-contact-changed',
        { contactId: a.contactId, accountId: a.id, name: a.contactName, title: 'VP Revenue Operations', email: a.contactEmail, committeeRole: 'ECONOMIC_BUYER', changedAt },
        { aggregateId: a.id, producer: 'bench-crm-connector' },
      ),
    ),
  ]);
}

function signal(
  stack: ProcessStack,
  a: BenchAccount,
  signalId: string,
  signalType: BenchAccount['crossing'] | 'INTENT_SURGE' | 'WEBINAR_ATTENDED' | 'CONTENT_DOWNLOAD' | 'PRODUCT_PAGE_VISIT',
  occurredAt: Date,
  contactEmail: string | null,
  detail: string,
): WireMessage {
  return wire(
    stack,
    createEvent(
      'signal-received',
      { signalId, accountId: a.id, contactEmail, signalType, occurredAt: occurredAt.toISOString(), source: 'bench', detail },
      { aggregateId: a.id, producer: 'bench-marketing-tools' },
    ),
  );
}

/** Below the threshold: intent 25 + webinar 20 + content download 6 (by the contact) [+ product visits 4 each] = 51–59. */
export function preloadMessages(stack: ProcessStack, accounts: BenchAccount[], now: Date): WireMessage[] {
  const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);
  return accounts.flatMap((a) => [
    signal(stack, a, `pre-${a.id}-intent`, 'INTENT_SURGE', minutesAgo(30), null, 'revenue operations'),
    signal(stack, a, `pre-${a.id}-webinar`, 'WEBINAR_ATTENDED', minutesAgo(25), null, 'Fixing the MQA handoff'),
    ...Array.from({ length: a.extraVisits }, (_, k) => signal(stack, a, `pre-${a.id}-visit-${k}`, 'PRODUCT_PAGE_VISIT', minutesAgo(20 - k), null, '/product')),
    signal(stack, a, `pre-${a.id}-download`, 'CONTENT_DOWNLOAD', minutesAgo(10), a.contactEmail, 'ABM ROI workbook'),
  ]);
}

export function crossingMessages(stack: ProcessStack, accounts: BenchAccount[], now: Date): WireMessage[] {
  return accounts.map((a) => signal(stack, a, `cross-${a.id}`, a.crossing, now, a.contactEmail, 'Re: pricing question'));
}

export interface SeedResult {
  accounts: number;
  messages: number;
  seconds: number;
  /** Seed messages the services consumed per second (incl. publishing). */
  perSecond: number;
}

/**
 * CRM records and the pre-load for `accounts`, then waits until the run is quiet. Refuses to go on
 * when an account qualified during the pre-load (the active model scores more than v1 would).
 */
export async function seedAccounts(
  stack: ProcessStack,
  producer: BenchProducer,
  watcher: EventWatcher,
  lag: LagProbe,
  accounts: BenchAccount[],
): Promise<SeedResult> {
  const ids = new Set(accounts.map((a) => a.id));
  const qualifiedEarly: string[] = [];
  const off = watcher.on((e) => {
    if (e.type === 'account-qualified' && ids.has(e.key)) qualifiedEarly.push(e.key);
  });
  const start = performance.now();
  const now = new Date();
  const crm = crmMessages(stack, accounts, now);
  const preload = preloadMessages(stack, accounts, now);
  console.log(`  seeding ${accounts.length} accounts: ${crm.length} CRM changes and ${preload.length} pre-load signals…`);
  await producer.publish(crm);
  await producer.publish(preload);
  await lag.waitForQuiet(`seeding ${accounts.length} accounts`, { timeoutMs: 4 * 3600_000 });
  off();
  const seconds = (performance.now() - start) / 1000;
  if (qualifiedEarly.length > 0) {
    throw new Error(
      `${qualifiedEarly.length} accounts qualified during the pre-load (e.g. ${qualifiedEarly[0]}): the active scoring model gives more than v1's 51–59 points for it; adjust preloadMessages in tools/bench/src/seed.ts`,
    );
  }
  const messages = crm.length + preload.length;
  console.log(`  seeded in ${seconds.toFixed(1)} s (${(messages / seconds).toFixed(0)} messages/s)`);
  return { accounts: accounts.length, messages, seconds, perSecond: messages / seconds };
}

/**
 * Where an event of the path was on its way, in ms since the epoch: made by the service's handler
 * (`occurredAt`), handed to the producer by its outbox relay (`publishedAt`, the Kafka timestamp)
 * and seen by the benchmark (`seenAt`).
 */
export interface EventStamp {
  occurredAt: number;
  publishedAt: number;
  seenAt: number;
}

/** One account's path through the measured phase (performance.now() ms; undefined = not seen). */
export interface Track {
  account: BenchAccount;
  sentAt?: number;
  qualifiedAt?: number;
  /** The first of each event on the path, stamped (see EventStamp). */
  stamps?: { qualified?: EventStamp; ownership?: EventStamp; created?: EventStamp };
  ownershipAt?: number;
  ownershipType?: string;
  createdAt?: number;
  createdValue?: string;
  incompleteAt?: number;
  incompleteValue?: string;
  deliveredAt?: number;
  deliveredValue?: string;
}

export interface PhaseResult {
  tracks: Track[];
  rate: RateResult;
  /** performance.now() of the first send and of the last send. */
  firstSentAt: number;
  lastSentAt: number;
  /** How the wait after sending ended: every account reached `until`, the run went quiet, or the deadline passed. */
  drained: 'all' | 'quiet' | 'deadline';
  /** Largest total consumer lag sampled during the phase. */
  maxLag: number;
  deadLetters: { key: string; error: string }[];
}

/**
 * Sends one crossing signal per account at `rate`/s and follows every account until it reached
 * `until` (`created`: handoff-created or -incomplete; `delivered`: handoff-delivered or -incomplete),
 * the run went quiet (anything missing then is lost), or `drainSeconds` after the last send.
 */
export async function runCrossingPhase(
  stack: ProcessStack,
  producer: BenchProducer,
  watcher: EventWatcher,
  lag: LagProbe,
  accounts: BenchAccount[],
  { rate, until, drainSeconds }: { rate: number; until: 'created' | 'delivered'; drainSeconds: number },
): Promise<PhaseResult> {
  const tracks = new Map<string, Track>(accounts.map((a) => [a.id, { account: a }]));
  const deadLetters: { key: string; error: string }[] = [];
  let done = 0;
  const isDone = (t: Track) => t.incompleteAt !== undefined || (until === 'created' ? t.createdAt !== undefined : t.deliveredAt !== undefined);
  const off = watcher.on((e: SeenEvent) => {
    if (e.type === 'dead-letter') {
      if (tracks.has(e.key)) deadLetters.push({ key: e.key, error: deadLetterError(e.value) });
      return;
    }
    const t = tracks.get(e.key);
    if (!t || t.sentAt === undefined) return;
    const before = isDone(t);
    const stamp = (): EventStamp => ({ occurredAt: e.occurredAt, publishedAt: e.timestamp, seenAt: performance.timeOrigin + e.at });
    switch (e.type) {
      case 'account-qualified':
        if (t.qualifiedAt === undefined) {
          t.qualifiedAt = e.at;
          (t.stamps ??= {}).qualified = stamp();
        }
        break;
      case 'ownership-resolved':
      case 'ownership-unresolved':
        if (t.ownershipAt === undefined) {
          t.ownershipAt = e.at;
          t.ownershipType = e.type;
          (t.stamps ??= {}).ownership = stamp();
        }
        break;
      case 'handoff-created':
        if (t.createdAt === undefined) {
          t.createdAt = e.at;
          t.createdValue = e.value;
          (t.stamps ??= {}).created = stamp();
        }
        break;
      case 'handoff-incomplete':
        if (t.incompleteAt === undefined) {
          t.incompleteAt = e.at;
          t.incompleteValue = e.value;
        }
        break;
      case 'handoff-delivered':
        if (t.deliveredAt === undefined) {
          t.deliveredAt = e.at;
          t.deliveredValue = e.value;
        }
        break;
    }
    if (!before && isDone(t)) done++;
  });

  const list = [...tracks.values()];
  const messages = crossingMessages(stack, accounts, new Date());
  let maxLag = 0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      try {
        maxLag = Math.max(maxLag, (await lag.snapshot()).total);
      } catch {
        // a failed sample is skipped
      }
      await sleep(5_000);
    }
  })();
  console.log(`  sending ${messages.length} crossing signals at ${rate}/s…`);
  const rateResult = await producer.sendAtRate(messages, rate, (i, at) => (list[i].sentAt = at));
  const firstSentAt = list[0]?.sentAt ?? performance.now();
  const lastSentAt = list.reduce((m, t) => Math.max(m, t.sentAt ?? 0), 0);
  console.log(`  sent in ${rateResult.seconds.toFixed(1)} s (${rateResult.achievedRate.toFixed(0)}/s); ${done}/${list.length} done so far; draining…`);

  const deadline = Date.now() + drainSeconds * 1000;
  let drained: PhaseResult['drained'] = 'deadline';
  let quietPolls = 0;
  let lastReport = Date.now();
  while (Date.now() < deadline) {
    if (done >= list.length) {
      drained = 'all';
      break;
    }
    await sleep(1_000);
    const snap = await lag.snapshot().catch(() => undefined);
    if (snap) {
      maxLag = Math.max(maxLag, snap.total);
      // Quiet only with every group Stable: a member dropped mid-batch leaves its group empty, lag invisible.
      quietPolls = snap.total === 0 && snap.unsettled.length === 0 ? quietPolls + 1 : 0;
      if (quietPolls >= 4 && done < list.length) {
        drained = 'quiet';
        break;
      }
      if (Date.now() - lastReport > 10_000) {
        lastReport = Date.now();
        console.log(`  … ${done}/${list.length} done; lag ${snap.total} (${Object.entries(snap.byGroup).map(([g, l]) => `${g} ${l}`).join(', ')})`);
      }
    }
  }
  if (done >= list.length) drained = 'all';
  sampling = false;
  await sampler;
  off();
  return { tracks: list, rate: rateResult, firstSentAt, lastSentAt, drained, maxLag, deadLetters };
}

function deadLetterError(value: string): string {
  try {
    const d = JSON.parse(value) as { error?: string; consumerGroup?: string; originalTopic?: string };
    return `${d.consumerGroup ?? '?'} on ${d.originalTopic ?? '?'}: ${d.error ?? '?'}`;
  } catch {
    return value.slice(0, 200);
  }
}

/** Reasons of incomplete handoffs, counted (for the report). */
export function incompleteReasons(tracks: Track[]): Map<string, number> {
  const reasons = new Map<string, number>();
  for (const t of tracks) {
    if (!t.incompleteValue) continue;
    try {
      const e = JSON.parse(t.incompleteValue) as { payload: { missingElements: string[] } };
      const key = e.payload.missingElements.join('+');
      reasons.set(key, (reasons.get(key) ?? 0) + 1);
    } catch {
      reasons.set('unparsed', (reasons.get('unparsed') ?? 0) + 1);
    }
  }
  return reasons;
}

/** The watcher every benchmark uses: scoring, ownership and handoff events, and dead letters. */
export function watchedTopics(stack: ProcessStack): string[] {
  return ['scoring-events', 'ownership-events', 'handoff-events', 'dead-letter'].map((t) => stack.topic(t));
}
