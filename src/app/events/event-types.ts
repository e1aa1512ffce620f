// The event types (issue 11). A type names the object and what happened to
// it, in the past tense: `bill.issued`, `payment.reversed`.
export const EVENT_TYPES = [
  'bill.issued', 'bill.corrected',
  'bill_run.started', 'bill_run.completed', 'bill_run.failed', 'bill_run.cancelled',
  'payment.received', 'payment.reversed',
  'reading.accepted', 'reading.flagged', 'reading.rejected', 'reading.bulk_processed',
  'warning.issued',
  'meter.verification_due', 'account.debt_overdue', 'disconnection.candidate',
  'webhook_endpoint.disabled',
  'customer_message.created',
  'delegation.invited', 'delegation.accepted', 'delegation.revoked',
  'service_request.submitted', 'service_request.status_changed', 'service_request.completed',
] as const
export type EventType = (typeof EVENT_TYPES)[number]

/**
 * Types only the tenant's admins see in the feed: customer_message.created
 * carries the message's text, and with it a live credential (a password-reset
 * or confirmation token, a phone code), like GET /v1/customer-messages, which
 * is admin-only. Webhook endpoints are registered by admins only.
 */
export const ADMIN_ONLY_EVENT_TYPES: readonly EventType[] = ['customer_message.created']

export interface NewEvent {
  type: EventType
  /** what the event is about: `bill`, `payment`, `reading`, `bill_run`, `reading_upload`, `warning`, `webhook_endpoint` */
  objectType: string
  objectId: string
  /** the facts the event asserts, as they were at that moment (see events.ts on why not the whole object) */
  data: Record<string, unknown>
}
