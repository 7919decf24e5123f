import type { EventType, PayloadOf } from './registry';

/** One realistic payload per event type: published beside the JSON Schemas for partner tools. */
const snapshot: PayloadOf<'account-qualified'>['scoringSnapshot'] = {
  score: 72,
  threshold: 60,
  contributors: [
    {
      signalType: 'PRICING_PAGE_VISIT',
      label: 'Pricing-page visits',
      points: 27,
      evidence: '3 pricing-page visits in 7 days, +27',
      signalIds: ['sig-101', 'sig-102', 'sig-107'],
    },
    {
      signalType: 'INTENT_SURGE',
      label: 'Intent surge',
      points: 25,
      evidence: "Intent surge on 'revenue operations' (bombora) on 2026-11-20, +25",
      signalIds: ['sig-95'],
    },
    {
      signalType: 'WEBINAR_ATTENDED',
      label: 'Webinar attendance',
      points: 20,
      evidence: "1 webinar attended: 'Fixing the MQA handoff' on 2026-11-19, +20",
      signalIds: ['sig-99'],
    },
  ],
  trend: {
    daily: Array.from({ length: 14 }, (_, i) => ({
      date: new Date(Date.UTC(2026, 10, 11 + i)).toISOString().slice(0, 10),
      score: Math.min(72, i * 6),
    })),
    delta: 72,
  },
  modelVersion: 'v1',
  computedAt: '2026-11-24T14:02:11.000Z',
};

const owner = {
  owner: { repId: 'rep-ana', name: 'Ana Ortiz', email: 'ana.ortiz@example.com', role: 'SDR' as const },
  backup: { repId: 'rep-ben', name: 'Ben Okafor', email: 'ben.okafor@example.com', role: 'AE' as const },
  territoryId: 'terr-emea-saas',
  territoryName: 'EMEA SaaS',
  explanation: "Territory 'EMEA SaaS' matches region EMEA and industry Software; Ana Ortiz owns it, Ben Okafor backs up.",
};

const account = {
  accountId: 'acc-northwind',
  crmId: '001-NORTHWIND',
  name: 'Northwind Analytics',
  domain: 'northwind.example',
  firmographics: { industry: 'Software', employeeCount: 420, annualRevenueUsd: 58000000, region: 'EMEA', country: 'DE' },
};

export const EVENT_EXAMPLES: { [T in EventType]: PayloadOf<T> } = {
  'signal-received': {
    signalId: 'sig-107',
    accountId: 'acc-northwind',
    contactEmail: 'lena.fischer@northwind.example',
    signalType: 'PRICING_PAGE_VISIT',
    occurredAt: '2026-11-24T13:58:40.000Z',
    source: 'website',
    detail: '/pricing/enterprise',
  },
  'account-qualified': {
    qualificationId: '6d1f3b8e-3c1a-4f4e-9d55-0b9f6f4b2a11',
    accountId: 'acc-northwind',
    qualifiedAt: '2026-11-24T14:02:11.000Z',
    scoringSnapshot: snapshot,
  },
  'contact-engaged': {
    accountId: 'acc-northwind',
    contactEmail: 'lena.fischer@northwind.example',
    signalId: 'sig-107',
    signalType: 'PRICING_PAGE_VISIT',
    occurredAt: '2026-11-24T13:58:40.000Z',
    points: 9,
    detail: '/pricing/enterprise',
  },
  'ownership-resolved': {
    qualificationId: '6d1f3b8e-3c1a-4f4e-9d55-0b9f6f4b2a11',
    accountId: 'acc-northwind',
    resolvedAt: '2026-11-24T14:02:12.000Z',
    ownerAssignment: owner,
  },
  'ownership-unresolved': {
    qualificationId: '6d1f3b8e-3c1a-4f4e-9d55-0b9f6f4b2a11',
    accountId: 'acc-northwind',
    resolvedAt: '2026-11-24T14:02:12.000Z',
    reason: 'No territory matches region APAC, industry Software, and no catch-all territory is defined.',
  },
  'crm-account-changed': { ...account, changedAt: '2026-11-01T09:00:00.000Z' },
  'crm-contact-changed': {
    contactId: 'con-lena',
    accountId: 'acc-northwind',
    name: 'Lena Fischer',
    title: 'VP Revenue Operations',
    email: 'lena.fischer@northwind.example',
    committeeRole: 'ECONOMIC_BUYER',
    changedAt: '2026-11-01T09:00:00.000Z',
  },
  'account-upserted': { ...account, updatedAt: '2026-11-01T09:00:01.000Z' },
  'handoff-created': {
    handoffId: 'b0c4f1de-8a55-4c36-a7f0-2f1e7d7f9c01',
    qualificationId: '6d1f3b8e-3c1a-4f4e-9d55-0b9f6f4b2a11',
    createdAt: '2026-11-24T14:02:13.000Z',
    account,
    primaryContact: {
      contactId: 'con-lena',
      name: 'Lena Fischer',
      title: 'VP Revenue Operations',
      email: 'lena.fischer@northwind.example',
      committeeRole: 'ECONOMIC_BUYER',
      engagementEvidence: "Visited /pricing/enterprise on 2026-11-24; attended webinar 'Fixing the MQA handoff' on 2026-11-19",
      engagementScore: 29,
    },
    scoringSnapshot: snapshot,
    nextAction: {
      primary: 'Call Lena Fischer today and offer a 20-minute pricing walkthrough for the enterprise tier.',
      fallback: 'Email Lena Fischer a five-line note with the enterprise pricing sheet and two meeting slots.',
      triggerReason: 'Top contributor: 3 pricing-page visits in 7 days, +27 (Lena Fischer, Economic buyer).',
      playbookRuleId: 'pricing-intent',
    },
    ownerAssignment: owner,
  },
  'handoff-incomplete': {
    handoffId: 'b0c4f1de-8a55-4c36-a7f0-2f1e7d7f9c01',
    qualificationId: '6d1f3b8e-3c1a-4f4e-9d55-0b9f6f4b2a11',
    accountId: 'acc-northwind',
    detectedAt: '2026-11-24T14:02:13.000Z',
    missingElements: ['PRIMARY_CONTACT'],
    reasons: ['PRIMARY_CONTACT: no contact of Northwind Analytics engaged in the last 28 days.'],
  },
  'handoff-delivered': {
    handoffId: 'b0c4f1de-8a55-4c36-a7f0-2f1e7d7f9c01',
    accountId: 'acc-northwind',
    ownerRepId: 'rep-ana',
    backupRepId: 'rep-ben',
    deliveredAt: '2026-11-24T14:02:13.000Z',
    queueDate: '2026-11-24',
    priorityRank: 2,
  },
  'handoff-accepted': {
    feedbackId: '9a7e4c2b-1d3f-4e5a-8b6c-7d8e9f0a1b2c',
    handoffId: 'b0c4f1de-8a55-4c36-a7f0-2f1e7d7f9c01',
    accountId: 'acc-northwind',
    repId: 'rep-ana',
    at: '2026-11-24T14:09:00.000Z',
  },
  'handoff-rejected': {
    feedbackId: '9a7e4c2b-1d3f-4e5a-8b6c-7d8e9f0a1b2d',
    handoffId: 'b0c4f1de-8a55-4c36-a7f0-2f1e7d7f9c01',
    accountId: 'acc-northwind',
    repId: 'rep-ana',
    at: '2026-11-24T14:09:00.000Z',
    reason: 'ACTIVE_CYCLE',
    note: 'AE already running an evaluation with their CFO.',
  },
  'first-touch-recorded': {
    feedbackId: '9a7e4c2b-1d3f-4e5a-8b6c-7d8e9f0a1b2e',
    handoffId: 'b0c4f1de-8a55-4c36-a7f0-2f1e7d7f9c01',
    accountId: 'acc-northwind',
    repId: 'rep-ana',
    at: '2026-11-24T14:15:00.000Z',
    channel: 'PHONE',
  },
  'meeting-booked': {
    feedbackId: '9a7e4c2b-1d3f-4e5a-8b6c-7d8e9f0a1b2f',
    handoffId: 'b0c4f1de-8a55-4c36-a7f0-2f1e7d7f9c01',
    accountId: 'acc-northwind',
    repId: 'rep-ana',
    at: '2026-11-25T10:00:00.000Z',
  },
};
