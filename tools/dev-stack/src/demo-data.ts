/**
 * Demo data for `npm start`, written through the gateway like any front end would: reps and
 * territories (ownership), accounts and contacts (the CRM mirror), then marketing signals that make
 * some accounts qualify. Ids are fixed, so seeding again changes nothing (upserts; duplicate signal
 * ids are ignored); signal times are relative to `now`.
 */
import { graphqlData as request } from '@handoff-graph/testing';

const DAY = 24 * 60 * 60 * 1000;

export const DEMO_REPS = [
  { id: 'rep-mara', name: 'Mara Lind', email: 'mara.lind@example.com', role: 'MANAGER', team: 'EMEA', timezone: 'Europe/Stockholm', dailyCapacity: 0 },
  { id: 'rep-ana', name: 'Ana Ortiz', email: 'ana.ortiz@example.com', role: 'SDR', team: 'EMEA', timezone: 'Europe/Berlin', dailyCapacity: 8, managerRepId: 'rep-mara' },
  { id: 'rep-ben', name: 'Ben Okafor', email: 'ben.okafor@example.com', role: 'AE', team: 'EMEA', timezone: 'Europe/London', dailyCapacity: 6, managerRepId: 'rep-mara' },
  { id: 'rep-carla', name: 'Carla Reyes', email: 'carla.reyes@example.com', role: 'SDR', team: 'North America', timezone: 'America/New_York', dailyCapacity: 8 },
  { id: 'rep-dev', name: 'Dev Patel', email: 'dev.patel@example.com', role: 'AE', team: 'North America', timezone: 'America/Chicago', dailyCapacity: 6 },
  { id: 'rep-ellis', name: 'Ellis Kim', email: 'ellis.kim@example.com', role: 'SDR', team: 'Global', timezone: 'Asia/Singapore', dailyCapacity: 10 },
];

export const DEMO_TERRITORIES = [
  { id: 'terr-emea-saas', name: 'EMEA SaaS', priority: 10, match: { regions: ['EMEA'], industries: ['Software'] }, ownerRepId: 'rep-ana', backupRepId: 'rep-ben', escalationRepId: 'rep-mara' },
  { id: 'terr-emea', name: 'EMEA', priority: 20, match: { regions: ['EMEA'] }, ownerRepId: 'rep-ben', backupRepId: 'rep-ana', escalationRepId: 'rep-mara' },
  { id: 'terr-na', name: 'North America', priority: 20, match: { regions: ['NA'] }, ownerRepId: 'rep-carla', backupRepId: 'rep-dev' },
  { id: 'terr-global', name: 'Global catch-all', priority: 100, match: {}, ownerRepId: 'rep-ellis', backupRepId: 'rep-dev' },
];

const firmo = (industry: string, employeeCount: number, annualRevenueUsd: number, region: string, country: string) => ({
  industry,
  employeeCount,
  annualRevenueUsd,
  region,
  country,
});

export const DEMO_ACCOUNTS = [
  { id: 'acc-northwind', crmId: '001-NORTHWIND', name: 'Northwind Analytics', domain: 'northwind.example', firmographics: firmo('Software', 420, 58_000_000, 'EMEA', 'DE') },
  { id: 'acc-globex', crmId: '001-GLOBEX', name: 'Globex Logistics', domain: 'globex.example', firmographics: firmo('Logistics', 2300, 410_000_000, 'NA', 'US') },
  { id: 'acc-initech', crmId: '001-INITECH', name: 'Initech', domain: 'initech.example', firmographics: firmo('Software', 180, 22_000_000, 'NA', 'US') },
  { id: 'acc-umbrella', crmId: '001-UMBRELLA', name: 'Umbrella Health', domain: 'umbrella.example', firmographics: firmo('Healthcare', 5200, 1_200_000_000, 'EMEA', 'GB') },
  { id: 'acc-hooli', crmId: '001-HOOLI', name: 'Hooli Asia', domain: 'hooli.example', firmographics: firmo('Software', 900, 130_000_000, 'APAC', 'SG') },
];

export const DEMO_CONTACTS = [
  { id: 'con-lena', accountId: 'acc-northwind', name: 'Lena Fischer', title: 'VP Revenue Operations', email: 'lena.fischer@northwind.example', committeeRole: 'ECONOMIC_BUYER' },
  { id: 'con-jonas', accountId: 'acc-northwind', name: 'Jonas Weber', title: 'Marketing Ops Manager', email: 'jonas.weber@northwind.example', committeeRole: 'CHAMPION' },
  { id: 'con-maria', accountId: 'acc-globex', name: 'Maria Lopez', title: 'Director of Sales Operations', email: 'maria.lopez@globex.example', committeeRole: 'DECISION_MAKER' },
  { id: 'con-tom', accountId: 'acc-globex', name: 'Tom Brooks', title: 'CRM Administrator', email: 'tom.brooks@globex.example', committeeRole: 'TECHNICAL_EVALUATOR' },
  { id: 'con-peter', accountId: 'acc-initech', name: 'Peter Gibbons', title: 'Sales Manager', email: 'peter.gibbons@initech.example', committeeRole: 'USER' },
  { id: 'con-alice', accountId: 'acc-umbrella', name: 'Alice Abernathy', title: 'CFO', email: 'alice.abernathy@umbrella.example', committeeRole: 'ECONOMIC_BUYER' },
  { id: 'con-gavin', accountId: 'acc-hooli', name: 'Gavin Belson', title: 'Head of Growth', email: 'gavin.belson@hooli.example', committeeRole: 'CHAMPION' },
];

type SignalSeed = [id: string, accountId: string, contactEmail: string | null, signalType: string, daysAgo: number, source: string, detail: string | null];

/** Northwind, Globex and Hooli qualify with engaged contacts; Umbrella qualifies with nobody engaged (an incomplete handoff); Initech stays below the threshold. */
export const DEMO_SIGNALS: SignalSeed[] = [
  ['demo-nw-1', 'acc-northwind', null, 'INTENT_SURGE', 6, 'bombora', 'revenue operations'],
  ['demo-nw-2', 'acc-northwind', 'lena.fischer@northwind.example', 'WEBINAR_ATTENDED', 5, 'zoom', 'Fixing the MQA handoff'],
  ['demo-nw-3', 'acc-northwind', 'lena.fischer@northwind.example', 'PRICING_PAGE_VISIT', 3, 'website', '/pricing'],
  ['demo-nw-4', 'acc-northwind', 'jonas.weber@northwind.example', 'CONTENT_DOWNLOAD', 2, 'website', 'ABM ROI workbook'],
  ['demo-nw-5', 'acc-northwind', 'lena.fischer@northwind.example', 'PRICING_PAGE_VISIT', 1, 'website', '/pricing/enterprise'],
  ['demo-nw-6', 'acc-northwind', 'lena.fischer@northwind.example', 'PRICING_PAGE_VISIT', 0.1, 'website', '/pricing/enterprise'],
  ['demo-gx-1', 'acc-globex', null, 'INTENT_SURGE', 4, 'bombora', 'sales routing software'],
  ['demo-gx-2', 'acc-globex', 'maria.lopez@globex.example', 'EMAIL_REPLY', 2, 'outreach', 'Re: routing benchmark'],
  ['demo-gx-3', 'acc-globex', 'maria.lopez@globex.example', 'FORM_FILL', 1, 'website', 'Request a demo'],
  ['demo-gx-4', 'acc-globex', 'tom.brooks@globex.example', 'PRODUCT_PAGE_VISIT', 0.5, 'website', '/product/integrations'],
  ['demo-gx-5', 'acc-globex', 'maria.lopez@globex.example', 'WEBINAR_ATTENDED', 0.2, 'zoom', 'Territory design in practice'],
  ['demo-in-1', 'acc-initech', 'peter.gibbons@initech.example', 'CONTENT_DOWNLOAD', 8, 'website', 'TPS report template'],
  ['demo-in-2', 'acc-initech', null, 'PRODUCT_PAGE_VISIT', 3, 'website', '/product'],
  ['demo-um-1', 'acc-umbrella', null, 'INTENT_SURGE', 3, 'bombora', 'clinical CRM'],
  ['demo-um-2', 'acc-umbrella', null, 'PRICING_PAGE_VISIT', 2, 'website', '/pricing'],
  ['demo-um-3', 'acc-umbrella', null, 'PRICING_PAGE_VISIT', 1, 'website', '/pricing'],
  ['demo-um-4', 'acc-umbrella', null, 'WEBINAR_ATTENDED', 1, 'zoom', 'Fixing the MQA handoff'],
  ['demo-um-5', 'acc-umbrella', null, 'TRIAL_ACTIVITY', 0.5, 'product', 'trial workspace created'],
  ['demo-ho-1', 'acc-hooli', 'gavin.belson@hooli.example', 'TRIAL_ACTIVITY', 3, 'product', 'trial workspace created'],
  ['demo-ho-2', 'acc-hooli', 'gavin.belson@hooli.example', 'TRIAL_ACTIVITY', 2, 'product', '5 users invited'],
  ['demo-ho-3', 'acc-hooli', 'gavin.belson@hooli.example', 'TRIAL_ACTIVITY', 1, 'product', 'CRM connected'],
  ['demo-ho-4', 'acc-hooli', 'gavin.belson@hooli.example', 'EMAIL_REPLY', 0.5, 'outreach', 'Re: trial check-in'],
  ['demo-ho-5', 'acc-hooli', null, 'INTENT_SURGE', 0.3, 'bombora', 'pipeline analytics'],
];

export const QUALIFYING_DEMO_ACCOUNTS = ['acc-northwind', 'acc-globex', 'acc-umbrella', 'acc-hooli'];

/** The demo identities `npm start` prints tokens for. */
export const DEMO_IDENTITIES = {
  rep: { subject: 'ana.ortiz@example.com', role: 'REP', repId: 'rep-ana', team: 'EMEA' },
  manager: { subject: 'mara.lind@example.com', role: 'MANAGER', repId: 'rep-mara', team: 'EMEA' },
  ops: { subject: 'ops@example.com', role: 'OPS', repId: null, team: null },
} as const;

/** Seeds through the gateway as an OPS user (`authorization` is its bearer header). */
export async function seedDemoData(gatewayUrl: string, now: Date, authorization: string): Promise<void> {
  const graphqlData = (query: string, variables: Record<string, unknown>) => request(gatewayUrl, query, variables, { authorization });
  for (const input of DEMO_REPS) {
    await graphqlData(`mutation($input: RepInput!) { upsertRep(input: $input) { id } }`, { input });
  }
  for (const input of DEMO_TERRITORIES) {
    await graphqlData(`mutation($input: TerritoryInput!) { upsertTerritory(input: $input) { id } }`, { input });
  }
  for (const input of DEMO_ACCOUNTS) {
    await graphqlData(`mutation($input: UpsertAccountInput!) { upsertAccount(input: $input) { id } }`, { input });
  }
  for (const input of DEMO_CONTACTS) {
    await graphqlData(`mutation($input: UpsertContactInput!) { upsertContact(input: $input) { id } }`, { input });
  }
  const signals = DEMO_SIGNALS.map(([signalId, accountId, contactEmail, signalType, daysAgo, source, detail]) => ({
    signalId,
    accountId,
    contactEmail,
    signalType,
    occurredAt: new Date(now.getTime() - daysAgo * DAY).toISOString(),
    source,
    detail,
  }));
  await graphqlData(`mutation($signals: [SignalInput!]!) { recordSignals(signals: $signals) { __typename } }`, { signals });
}
