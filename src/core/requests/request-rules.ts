// Service requests (issue 12 §4): what each type needs and how a request
// moves. Seed 002 items 3–14 list, per process, the documents the applicant
// brings with form QF7201 and whether the account must be settled first
// (تسويه حساب); seed 001 adds the customer-service form and the moving notice.
// Pure data and functions: the app validates and stores.

export const REQUEST_TYPES = [
  'contact', 'moving_notice', 'meter_test', 'name_change', 'diameter_change', 'capacity_change', 'usage_change',
  'units_change', 'disconnection', 'reconnection', 'relocation', 'connection_purchase', 'extra_pickup',
] as const
export type RequestType = (typeof REQUEST_TYPES)[number]

/** The documents seed 002 names (مدارک مورد نیاز). */
export const DOCUMENT_TYPES = [
  'form_qf7201', // the completed request form QF7201
  'id_card', // original and copy of the birth certificate and national ID card
  'ownership_deed', // original and copy of the ownership deed or a valid sale agreement (of the new owner, item 10)
  'building_permit', // building permit or the district governor's letter (or another legal permit, items 7 and 14)
  'water_bill', // the subscriber's water bill
  'neighbour_water_bill', // the adjacent neighbour's water bill (a new connection, items 5 and 10)
  'other', // anything else the customer adds
] as const
export type DocumentType = (typeof DOCUMENT_TYPES)[number]

export interface RequestRule {
  /** the seed's item, for the trace and the docs */
  source: string
  documents: readonly DocumentType[]
  /** seed 002: "ب) تسويه حساب" — the account must owe nothing before the request is taken */
  settledFirst: boolean
  /** the fee is the connection-fee calculator's (seed 002 item 9) */
  connectionFee: boolean
}

const FULL: readonly DocumentType[] = ['form_qf7201', 'id_card', 'ownership_deed', 'building_permit', 'water_bill']

export const REQUEST_RULES: Readonly<Record<RequestType, RequestRule>> = {
  contact: { source: 'seed 001 Kundservice', documents: [], settledFirst: false, connectionFee: false },
  moving_notice: { source: 'seed 001 Flyttanmälan', documents: [], settledFirst: false, connectionFee: false },
  diameter_change: { source: 'seed 002 item 3', documents: FULL, settledFirst: true, connectionFee: true },
  connection_purchase: { source: 'seed 002 item 5', documents: ['form_qf7201', 'id_card', 'ownership_deed', 'building_permit', 'neighbour_water_bill'], settledFirst: false, connectionFee: true },
  disconnection: { source: 'seed 002 item 6', documents: ['form_qf7201', 'water_bill'], settledFirst: true, connectionFee: false },
  // ends a temporary disconnection (seed 002 item 6); the seed lists no documents for it, the request itself is the form
  reconnection: { source: 'seed 002 item 6', documents: [], settledFirst: false, connectionFee: false },
  name_change: { source: 'seed 002 item 7', documents: FULL, settledFirst: true, connectionFee: false },
  capacity_change: { source: 'seed 002 item 8', documents: FULL, settledFirst: true, connectionFee: true },
  // item 10 (to another property) needs the new property's papers; item 11 (within one) the bill and the form only
  relocation: { source: 'seed 002 items 10–11', documents: ['form_qf7201', 'water_bill'], settledFirst: true, connectionFee: false },
  meter_test: { source: 'seed 002 item 12', documents: ['form_qf7201', 'water_bill'], settledFirst: false, connectionFee: false },
  units_change: { source: 'seed 002 item 13', documents: FULL, settledFirst: true, connectionFee: false },
  usage_change: { source: 'seed 002 item 14', documents: FULL, settledFirst: true, connectionFee: false },
  extra_pickup: { source: 'seed 001 Miljötjänster', documents: [], settledFirst: false, connectionFee: false },
}

/** Seed 002 item 10: a relocation to another property adds the new owner's deed, permit and neighbour's bill. */
export const RELOCATION_OTHER_PROPERTY_DOCUMENTS: readonly DocumentType[] = ['form_qf7201', 'water_bill', 'id_card', 'ownership_deed', 'building_permit', 'neighbour_water_bill']

/** The documents a request of this type and scope must carry. */
export function requiredDocuments(type: RequestType, relocationScope?: 'other_property' | 'same_property'): readonly DocumentType[] {
  if (type === 'relocation' && relocationScope === 'other_property') return RELOCATION_OTHER_PROPERTY_DOCUMENTS
  return REQUEST_RULES[type].documents
}

/** The required documents not among the attached ones, in the rule's order. */
export function missingDocuments(required: readonly DocumentType[], attached: readonly string[]): DocumentType[] {
  const have = new Set(attached)
  return required.filter((d) => !have.has(d))
}

export const REQUEST_STATUSES = ['submitted', 'in_review', 'site_visit', 'awaiting_payment', 'done', 'rejected'] as const
export type RequestStatus = (typeof REQUEST_STATUSES)[number]

/**
 * Seed 002's order: documents and form → settlement → site visit → the
 * customer pays the fees → the company does the work. A step may be skipped
 * (a contact form needs no visit, a name change no payment); nothing goes
 * back, and done and rejected are final.
 */
export const TRANSITIONS: Readonly<Record<RequestStatus, readonly RequestStatus[]>> = {
  submitted: ['in_review', 'rejected'],
  in_review: ['site_visit', 'awaiting_payment', 'done', 'rejected'],
  site_visit: ['awaiting_payment', 'done', 'rejected'],
  awaiting_payment: ['done', 'rejected'],
  done: [],
  rejected: [],
}

export function canMove(from: RequestStatus, to: RequestStatus): boolean {
  return TRANSITIONS[from].includes(to)
}

/** What each document is, in words (seed 002's list). */
export const DOCUMENT_LABELS: Readonly<Record<DocumentType, string>> = {
  form_qf7201: 'the completed request form QF7201',
  id_card: 'the birth certificate and national ID card (original and copy)',
  ownership_deed: 'the ownership deed or a valid sale agreement (original and copy)',
  building_permit: 'the building permit, the district governor\'s letter or another legal permit',
  water_bill: 'the subscriber\'s water bill',
  neighbour_water_bill: 'the adjacent neighbour\'s water bill',
  other: 'another document',
}
