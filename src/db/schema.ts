// Row types as Kysely sees them (CamelCasePlugin maps snake_case columns).
// Row types are not domain types: numeric stays a string here, dates stay
// 'YYYY-MM-DD' strings; mappers turn them into domain values.
import type { ColumnType, Generated, JSONColumnType } from 'kysely'

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>
type Numeric = ColumnType<string, string | number, string | number>
type NullableNumeric = ColumnType<string | null, string | number | null | undefined, string | number | null>
type DateStr = string

export interface TenantsTable {
  tenantId: string
  name: string
  currency: string
  minorUnits: number
  timeZone: string
  calendar: 'gregorian' | 'solar_hijri'
  locale: string
  billingPeriodMonths: number
  policy: JSONColumnType<Record<string, unknown>>
  createdAt: Timestamp
  updatedAt: Timestamp
  /** the operator's Idempotency-Key that created it (migrations/2026-12-03T0090) */
  createdWithKey: ColumnType<string | null, string | null | undefined, string | null>
  createdRequestHash: ColumnType<string | null, string | null | undefined, string | null>
}

export interface ApiKeysTable {
  tenantId: string
  keyId: string
  name: string
  secretHash: string
  scopes: string[]
  createdAt: Timestamp
  revokedAt: Date | null
}

export interface IdempotencyKeysTable {
  tenantId: string
  idempotencyKey: string
  method: string
  path: string
  requestHash: string
  statusCode: number
  responseBody: unknown
  createdAt: Timestamp
}

export interface CustomersTable {
  tenantId: string
  customerId: string
  kind: 'person' | 'organization'
  name: string
  surname: string | null
  inn: string | null
  email: string | null
  phone: string | null
  createdAt: Timestamp
  updatedAt: Timestamp
}

export interface PremisesTable {
  tenantId: string
  premisesId: string
  customerId: string
  kind: string
  address: string
  city: string | null
  region: string | null
  postalCode: string | null
  country: string | null
  areaM2: NullableNumeric
  createdAt: Timestamp
  updatedAt: Timestamp
}

export interface AccountsTable {
  tenantId: string
  accountId: string
  customerId: string
  premisesId: string | null
  kind: 'residential' | 'non_residential'
  number: string
  ownerSurname: string | null
  contractInn: string | null
  usageType: string
  openedOn: DateStr
  closedOn: DateStr | null
  createdAt: Timestamp
  updatedAt: Timestamp
}

export interface ServicePointsTable {
  tenantId: string
  servicePointId: string
  accountId: string
  premisesId: string | null
  code: string | null
  resource: string
  usageType: string
  unit: string
  diameterMm: NullableNumeric
  lossesVolumeM3: NullableNumeric
  lossesPercent: NullableNumeric
  transitOrganization: boolean
  hotWaterSystem: 'open' | 'closed' | null
  guaranteedVolume: NullableNumeric
  guaranteedVolumePer: 'day' | 'month' | null
  dwellingUnits: number
  /** m³ per month (seed 002 items 8, 18); set by a completed capacity change */
  contractCapacityM3: NullableNumeric
  /** the first day a permanently disconnected point is closed */
  closedOn: Generated<DateStr | null>
  createdAt: Timestamp
  updatedAt: Timestamp
}

/** A point's billing term from a date (migration 2026-12-03T0170): the value before the first change is its previous_value. */
export interface ServicePointTermsTable {
  tenantId: string
  servicePointId: string
  attribute: 'usage_type' | 'dwelling_units' | 'diameter_mm' | 'contract_capacity_m3'
  effectiveFrom: DateStr
  value: string
  previousValue: string | null
  requestId: string | null
  recordedAt: Generated<Date>
}

/** Days a point is not billed (a temporary disconnection): [fromOn, untilOn), untilOn null = until reconnected. */
export interface ServicePointSuspensionsTable {
  tenantId: string
  servicePointId: string
  fromOn: DateStr
  untilOn: DateStr | null
  requestId: string
  endedByRequestId: string | null
  /** when written or ended: corrections re-settle periods billed before (migration T0171) */
  recordedAt: Generated<Date>
}

/** The account holder's name from a date (a completed name change). */
export interface AccountHolderNamesTable {
  tenantId: string
  accountId: string
  effectiveFrom: DateStr
  name: string
  surname: string | null
  previousName: string
  previousSurname: string | null
  requestId: string | null
}

export interface ServicePointLinksTable {
  tenantId: string
  upstreamId: string
  downstreamId: string
}

export interface ResidentsTable {
  tenantId: string
  servicePointId: string
  effectiveFrom: DateStr
  residents: number
  /** when the row was last written: a change after a bill reaches back to effectiveFrom (corrections) */
  recordedAt: Generated<Date>
}

export interface MetersTable {
  tenantId: string
  meterId: string
  servicePointId: string
  serial: string
  model: string | null
  digits: number
  decimals: number
  maxFlowM3h: NullableNumeric
  verificationIntervalMonths: number | null
  verificationDue: DateStr | null
  isControl: boolean
  readingKind: 'index' | 'consumption'
  createdAt: Timestamp
  updatedAt: Timestamp
}

export interface MeterEventsTable {
  tenantId: string
  eventId: string
  meterId: string
  kind: string
  occurredOn: DateStr
  meterIndex: NullableNumeric
  seals: string[]
  nextVerificationDue: DateStr | null
  actId: string | null
  note: string | null
  createdAt: Timestamp
}

export interface ActsTable {
  tenantId: string
  actId: string
  kind: string
  servicePointId: string
  meterId: string | null
  number: string | null
  drawnUpOn: DateStr
  signedByCustomer: boolean
  details: JSONColumnType<Record<string, unknown>>
  createdAt: Timestamp
  updatedAt: Timestamp
}

export interface ReadingsTable {
  tenantId: string
  readingId: Generated<string>
  meterId: string
  readAt: Timestamp
  kind: 'index' | 'consumption'
  /** null when the reader recorded a status (closed, fogged) instead of an index */
  value: NullableNumeric
  source: string
  status: 'accepted' | 'flagged' | 'rejected'
  reasons: string[]
  readerStatus: string | null
  decidedAt: Date | null
  decisionNote: string | null
  createdAt: Timestamp
}

export interface TariffVersionsTable {
  tenantId: string
  tariffVersionId: string
  service: string
  usageType: string
  validFrom: DateStr
  validTo: DateStr | null
  definition: JSONColumnType<Record<string, unknown>>
  source: string | null
  createdAt: Timestamp
}

export interface NormsTable {
  tenantId: string
  normId: string
  resource: string
  kind: 'per_person' | 'land_plot' | 'livestock'
  validFrom: DateStr
  validTo: DateStr | null
  value: Numeric
  months: number[] | null
  createdAt: Timestamp
}

export interface CoefficientsTable {
  tenantId: string
  resource: string
  validFrom: DateStr
  value: Numeric
  /** when the coefficient was recorded: one recorded after a bill reaches back to validFrom (corrections) */
  recordedAt: Generated<Date>
}

export interface BillRunsTable {
  tenantId: string
  billRunId: string
  periodStart: DateStr
  periodEnd: DateStr
  status: 'queued' | 'running' | 'completed' | 'cancelled' | 'failed'
  total: number
  done: number
  failed: number
  requestedBy: string | null
  createdAt: Timestamp
  startedAt: Date | null
  finishedAt: Date | null
  /** the date the run's bills are issued on (migration 0005) */
  issuedOn: DateStr | null
  chunks: Generated<number>
  lastError: string | null
  /** when the run's combined invoices were composed (SEK, migration 0152); null: not yet, or another market */
  invoicesComposedAt: Date | null
}

export interface BillRunChunksTable {
  tenantId: string
  billRunId: string
  chunkNo: number
  firstAccountId: string
  lastAccountId: string
  accounts: number
  status: Generated<'pending' | 'done' | 'cancelled'>
  billed: Generated<number>
  skipped: Generated<number>
  failed: Generated<number>
  finishedAt: Date | null
}

export interface BillRunErrorsTable {
  tenantId: string
  billRunId: string
  accountId: string
  servicePointId: string | null
  code: string
  message: string
  details: JSONColumnType<Record<string, unknown>>
  createdAt: Timestamp
  /** the row's number within the key (tenant_id, bill_run_id, error_no) (migration 0012); int8, so a string */
  errorNo: Generated<string>
}

export interface BillNumberCountersTable {
  tenantId: string
  series: string
  nextNumber: ColumnType<string, string | number, string | number>
}

export interface BillsTable {
  tenantId: string
  billId: string
  accountId: string
  kind: 'regular' | 'correction'
  periodStart: DateStr
  periodEnd: DateStr
  number: string
  issuedOn: DateStr
  dueOn: DateStr
  currency: string
  charges: Numeric
  rounding: Numeric
  previousCarry: Numeric
  carry: Numeric
  debt: Numeric
  payable: Numeric
  paid: Numeric
  /** charges + rounding: what this bill itself asks for (generated) */
  amountDue: ColumnType<string, never, never>
  billRunId: string | null
  correctsBillId: string | null
  createdAt: Timestamp
}

export interface BillLinesTable {
  tenantId: string
  billId: string
  lineNo: number
  servicePointId: string | null
  service: string
  kind: string
  line: string
  method: string | null
  intervalFrom: DateStr
  intervalTo: DateStr
  volume: NullableNumeric
  rate: NullableNumeric
  amount: Numeric
  correctsPeriodStart: DateStr | null
  trace: JSONColumnType<Record<string, unknown>>
}

export interface LedgerEntriesTable {
  tenantId: string
  entryId: Generated<string>
  accountId: string
  kind: 'charge' | 'payment' | 'adjustment' | 'penalty' | 'payment_reversal'
  amount: Numeric
  bookedOn: DateStr
  billId: string | null
  paymentId: string | null
  description: string
  createdAt: Timestamp
}

export interface AccountBalancesTable {
  tenantId: string
  accountId: string
  balance: Numeric
  lastBillId: string | null
  updatedAt: Timestamp
}

export interface PaymentsTable {
  tenantId: string
  paymentId: string
  accountId: string
  externalId: string
  source: 'bank' | 'provider' | 'accounting' | 'portal' | 'cash'
  amount: Numeric
  currency: string
  paidOn: DateStr
  billId: string | null
  status: 'posted' | 'reversed'
  reversedAt: Date | null
  reversalReason: string | null
  createdAt: Timestamp
  /** paid with this invoice's OCR reference (migration 2026-12-03T0150): allocated across its accounts' bills */
  invoiceId: ColumnType<string | null, string | null | undefined, string | null>
}

export interface PaymentAllocationsTable {
  tenantId: string
  paymentId: string
  billId: string
  amount: Numeric
}

export interface DB {
  tenants: TenantsTable
  apiKeys: ApiKeysTable
  idempotencyKeys: IdempotencyKeysTable
  customers: CustomersTable
  premises: PremisesTable
  accounts: AccountsTable
  servicePoints: ServicePointsTable
  servicePointLinks: ServicePointLinksTable
  servicePointTerms: ServicePointTermsTable
  servicePointSuspensions: ServicePointSuspensionsTable
  accountHolderNames: AccountHolderNamesTable
  residents: ResidentsTable
  meters: MetersTable
  meterEvents: MeterEventsTable
  acts: ActsTable
  readings: ReadingsTable
  tariffVersions: TariffVersionsTable
  norms: NormsTable
  coefficients: CoefficientsTable
  billRuns: BillRunsTable
  billRunErrors: BillRunErrorsTable
  billRunChunks: BillRunChunksTable
  billNumberCounters: BillNumberCountersTable
  bills: BillsTable
  billLines: BillLinesTable
  ledgerEntries: LedgerEntriesTable
  accountBalances: AccountBalancesTable
  payments: PaymentsTable
  paymentAllocations: PaymentAllocationsTable
  penaltyTerms: PenaltyTermsTable
  penaltyAccruals: PenaltyAccrualsTable
  warnings: WarningsTable
  customerUsers: CustomerUsersTable
  customerUserCodes: CustomerUserCodesTable
  customerSessions: CustomerSessionsTable
  refreshTokens: RefreshTokensTable
  customerAccountLinks: CustomerAccountLinksTable
  outboxMessages: OutboxMessagesTable
  auditLog: AuditLogTable
  signingKeys: SigningKeysTable
  identityProviders: IdentityProvidersTable
  customerIdentities: CustomerIdentitiesTable
  serviceRequests: ServiceRequestsTable
  serviceRequestHistory: ServiceRequestHistoryTable
  serviceRequestNotes: ServiceRequestNotesTable
  requestAttachments: RequestAttachmentsTable
  serviceRequestFees: ServiceRequestFeesTable
  pickupRules: PickupRulesTable
  pickupExceptions: PickupExceptionsTable
  events: EventsTable
  eventPruneMarks: EventPruneMarksTable
  webhookEndpoints: WebhookEndpointsTable
  webhookDeliveries: WebhookDeliveriesTable
  delegations: DelegationsTable
  delegationAccounts: DelegationAccountsTable
  facilityGroups: FacilityGroupsTable
  facilityGroupPremises: FacilityGroupPremisesTable
  facilityGroupServicePoints: FacilityGroupServicePointsTable
  savedReports: SavedReportsTable
  readingGrants: ReadingGrantsTable
  authAttempts: AuthAttemptsTable
  wasteSubscriptions: WasteSubscriptionsTable
  invoices: InvoicesTable
  invoiceBills: InvoiceBillsTable
}

// --- migrations/2026-12-03T0150_invoices.ts

/** One invoice per customer and period over the bills of its accounts (Sweden, issue 12 §1); never updated. */
export interface InvoicesTable {
  tenantId: string
  invoiceId: string
  customerId: string
  periodStart: DateStr
  periodEnd: DateStr
  number: string
  ocr: string
  issuedOn: DateStr
  dueOn: DateStr
  currency: string
  charges: Numeric
  payable: Numeric
  billRunId: string | null
  createdAt: Timestamp
}

export interface InvoiceBillsTable {
  tenantId: string
  invoiceId: string
  billId: string
}

// --- migrations/2026-12-03T0100_waste_subscriptions.ts

export interface WasteSubscriptionsTable {
  tenantId: string
  subscriptionId: string
  servicePointId: string
  binLitres: number
  frequency: 'weekly' | 'every_other_week' | 'every_four_weeks'
  validFrom: DateStr
  validTo: DateStr | null
  createdAt: Generated<Date>
}

// --- migrations/2026-11-22T0004_payments.ts (penalties)

export interface PenaltyTermsTable {
  tenantId: string
  enabled: boolean
  terms: JSONColumnType<Record<string, unknown>>
  updatedAt: Timestamp
}

export interface PenaltyAccrualsTable {
  tenantId: string
  accountId: string
  asOf: DateStr
  total: Numeric
  posted: Numeric
  result: JSONColumnType<Record<string, unknown>>
  createdAt: Timestamp
}

// --- migrations/2026-11-23T0007_warnings.ts

export interface WarningsTable {
  tenantId: string
  warningId: string
  accountId: string
  kind: 'nonpayment' | 'missing_readings'
  issuedOn: DateStr
  deliveredOn: DateStr | null
  channel: string
  reference: string | null
  note: string | null
  createdAt: Timestamp
}

// --- migrations/2026-12-03T0040_customer_access.ts

export interface CustomerUsersTable {
  tenantId: string
  customerUserId: string
  kind: 'person' | 'organization'
  name: string
  /** null for a user of the tenant's identity provider that gave none (2026-12-03T0060) */
  email: string | null
  phone: string | null
  /** null for a user who signs in only through the identity provider */
  passwordHash: string | null
  emailConfirmedAt: Date | null
  phoneConfirmedAt: Date | null
  disabledAt: Date | null
  createdAt: Timestamp
}

export interface CustomerUserCodesTable {
  tenantId: string
  codeId: string
  customerUserId: string
  purpose: 'email_confirmation' | 'phone_confirmation' | 'password_reset'
  codeHash: string
  expiresAt: Date
  usedAt: Date | null
  failedAttempts: Generated<number>
  createdAt: Timestamp
}

export interface CustomerSessionsTable {
  tenantId: string
  sessionId: string
  customerUserId: string
  createdAt: Timestamp
  revokedAt: Date | null
  revokedReason: string | null
}

export interface RefreshTokensTable {
  tenantId: string
  tokenId: string
  sessionId: string
  tokenHash: string
  expiresAt: Date
  usedAt: Date | null
  createdAt: Timestamp
}

export interface CustomerAccountLinksTable {
  tenantId: string
  customerUserId: string
  accountId: string
  role: 'view' | 'submit_readings' | 'manage'
  via: 'link' | 'delegation'
  createdAt: Timestamp
  /** a delegation's end (migrations/2026-12-03T0070); null: until revoked */
  expiresAt: Date | null
  /** who granted a delegation */
  grantedBy: string | null
  delegationId: string | null
}

export interface OutboxMessagesTable {
  tenantId: string
  messageId: string
  channel: 'email' | 'sms'
  recipient: string
  kind: string
  subject: string | null
  body: string
  customerUserId: string | null
  createdAt: Date
  sentAt: Date | null
  /** delivery by the SMTP sender (2026-12-03T0081) */
  attempts: Generated<number>
  nextAttemptAt: Generated<Date | null>
  lastError: Generated<string | null>
}

export interface AuditLogTable {
  tenantId: string
  auditId: string
  actor: string
  action: string
  subject: string | null
  detail: JSONColumnType<Record<string, unknown>>
  at: Date
}

export interface SigningKeysTable {
  kid: string
  alg: string
  publicJwk: JSONColumnType<Record<string, unknown>>
  privateJwk: JSONColumnType<Record<string, unknown>>
  createdAt: Date
  retiredAt: Date | null
}

// --- migrations/2026-12-03T0147_event_retention.ts

export interface EventPruneMarksTable {
  tenantId: string
  txid: string
  seq: string
  cutoff: Date
  prunedAt: Date
}

// --- migrations/2026-12-03T0030_events_webhooks.ts

export interface EventsTable {
  tenantId: string
  seq: Generated<string>
  eventId: string
  /** xid8 as text */
  txid: Generated<string>
  type: string
  objectType: string
  objectId: string
  payload: JSONColumnType<Record<string, unknown>>
  occurredAt: Generated<Date>
}

export interface WebhookEndpointsTable {
  tenantId: string
  endpointId: string
  url: string
  description: string | null
  types: string[]
  enabled: boolean
  secret: string
  previousSecret: string | null
  previousSecretExpiresAt: Date | null
  cursorTxid: string
  cursorSeq: string
  consecutiveFailures: Generated<number>
  failingSince: Date | null
  nextAttemptAt: Date | null
  disabledReason: string | null
  createdAt: Timestamp
  updatedAt: Timestamp
}

export interface WebhookDeliveriesTable {
  tenantId: string
  deliveryId: string
  endpointId: string
  eventId: string
  attempt: number
  manual: boolean
  ok: boolean
  statusCode: number | null
  latencyMs: number
  responseExcerpt: string | null
  error: string | null
  attemptedAt: Generated<Date>
}

// --- migrations/2026-12-03T0060_identity_providers.ts
export interface IdentityProvidersTable {
  tenantId: string
  issuer: string
  audience: string
  jwksUrl: string
  subjectClaim: string
  customerKind: 'person' | 'organization'
  updatedAt: Date
}

export interface CustomerIdentitiesTable {
  tenantId: string
  claim: string
  value: string
  customerUserId: string
  issuer: string
  createdAt: Date
}

// --- migrations/2026-12-03T0070_delegations.ts (issue 10 §5)

export interface DelegationsTable {
  tenantId: string
  delegationId: string
  grantedBy: string
  email: string
  role: 'view' | 'submit_readings' | 'manage'
  expiresAt: Date | null
  tokenHash: string
  invitationExpiresAt: Date
  acceptedBy: string | null
  acceptedAt: Date | null
  revokedAt: Date | null
  revokedBy: string | null
  createdAt: Date
}

export interface DelegationAccountsTable {
  tenantId: string
  delegationId: string
  accountId: string
  revokedAt: Date | null
  revokedBy: string | null
}

// --- migrations/2026-12-03T0071_facility_groups.ts (issue 10 §5)

export interface FacilityGroupsTable {
  tenantId: string
  groupId: string
  customerUserId: string
  name: string
  createdAt: Date
  updatedAt: Date
}

export interface FacilityGroupPremisesTable {
  tenantId: string
  groupId: string
  premisesId: string
}

export interface FacilityGroupServicePointsTable {
  tenantId: string
  groupId: string
  servicePointId: string
}

// --- migrations/2026-12-03T0120_service_requests.ts
export interface ServiceRequestsTable {
  tenantId: string
  requestId: string
  accountId: string
  type: string
  status: Generated<string>
  details: JSONColumnType<Record<string, unknown>>
  fee: NullableNumeric
  feeTrace: JSONColumnType<Record<string, unknown>> | null
  outcome: JSONColumnType<Record<string, unknown>> | null
  submittedBy: string
  createdAt: Generated<Date>
  updatedAt: Generated<Date>
}

export interface ServiceRequestHistoryTable {
  tenantId: string
  requestId: string
  seq: number
  fromStatus: string | null
  toStatus: string
  changedBy: string
  note: string | null
  changedAt: Generated<Date>
}

export interface ServiceRequestNotesTable {
  tenantId: string
  requestId: string
  noteId: string
  visibility: 'customer' | 'internal'
  body: string
  author: string
  createdAt: Generated<Date>
}

export interface RequestAttachmentsTable {
  tenantId: string
  attachmentId: string
  accountId: string
  requestId: string | null
  documentType: string
  fileName: string
  contentType: string
  sizeBytes: number
  sha256: string
  content: Buffer
  uploadedBy: string
  createdAt: Generated<Date>
}

export interface ServiceRequestFeesTable {
  tenantId: string
  requestId: string
  amount: Numeric
  postedOn: DateStr
}

// --- migrations/2026-12-03T0121_pickup_schedules.ts
export interface PickupRulesTable {
  tenantId: string
  ruleId: string
  premisesId: string
  fraction: string
  bin: string | null
  weekday: number
  everyWeeks: number
  anchor: DateStr
  validFrom: DateStr
  validTo: DateStr | null
  basis: 'route' | 'plan' | 'estimate'
  confirmedThrough: DateStr | null
  createdAt: Generated<Date>
  updatedAt: Generated<Date>
}

export interface PickupExceptionsTable {
  tenantId: string
  ruleId: string
  date: DateStr
  kind: 'cancelled' | 'moved'
  movedTo: DateStr | null
  basis: 'route' | 'plan' | 'estimate'
  reason: string | null
  createdAt: Generated<Date>
}
// --- migrations/2026-12-03T0130_saved_reports.ts
export interface SavedReportsTable {
  tenantId: string
  reportId: string
  /** the owner; null: the tenant's */
  customerUserId: string | null
  name: string
  definition: JSONColumnType<Record<string, unknown>>
  createdAt: Date
  updatedAt: Date
}

// --- migrations/2026-12-03T0080_reading_grants.ts
export interface ReadingGrantsTable {
  tenantId: string
  grantId: string
  accountId: string
  tokenHash: string
  factor: 'surname' | 'meter_serial'
  ip: string
  createdAt: Date
  expiresAt: Date
}

export interface AuthAttemptsTable {
  tenantId: string
  attemptId: string
  purpose: 'sign_in' | 'reading_grant' | 'account_link'
  subject: string
  ip: string
  succeeded: boolean
  attemptedAt: Date
  /** the signed-in user who tried (linking, migration 0146); null at the doors without one */
  customerUserId: string | null
}
