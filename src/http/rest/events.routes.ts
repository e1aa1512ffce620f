// The events feed: what happened, in a stable order, from a stored cursor.
import { READ_SCOPES } from '../../app/auth/principal.ts'
import { eventFeedQuery, eventPageDto, listEvents } from '../../app/events/events.ts'
import { route } from '../route.ts'

export const eventRoutes = [
  route({ method: 'GET', url: '/v1/events', operationId: 'listEvents', summary: 'The tenant\'s events after a cursor, in feed order', tags: ['Events'],
    description: 'Every change worth telling (bill.issued, payment.received, reading.flagged …) is recorded with the change, in its transaction. '
      + 'Events come in a stable order that never grows behind a cursor: store nextCursor and pass it as `after` to miss nothing, even while '
      + 'writers commit out of order (an event appears once every transaction older than its own has ended). Payload: a reference to the object '
      + 'plus the facts of the event as they were; fetch the object for its current state. customer_message.created (it carries a customer\'s '
      + 'confirmation or reset token) is shown to admin keys only. Events are kept EVENTS_RETENTION_DAYS (default 90): a cursor older than what was pruned '
      + 'answers 410 cursor_expired (resynchronise from the objects, then read without `after`).',
    scopes: READ_SCOPES, query: eventFeedQuery, errors: [410],
    response: { status: 200, schema: eventPageDto, description: 'events, oldest first' },
    examples: { response: { items: [{ id: '019ae0b6-7c5a-7a4e-9d0e-2f6c1b8e4a11', type: 'payment.received', timestamp: '2026-11-25T03:12:09.511Z', cursor: 'NzQ0LjE',
      object: { type: 'payment', id: '019ae0b6-7c59-71f2-8a61-0c2d5e9f3b20' },
      data: { paymentId: '019ae0b6-7c59-71f2-8a61-0c2d5e9f3b20', accountId: '019ae0a1-1111-7000-8000-000000000001', externalId: 'bank-2026-11-25-0042',
        source: 'bank', amount: '1250.00', currency: 'RUB', paidOn: '2026-11-25', billId: null, allocations: [] } }], nextCursor: 'NzQ0LjE' } },
    handler: ({ db, principal, query }) => listEvents(db, principal.tenantId, query, { admin: principal.kind === 'api_key' && principal.scopes.includes('admin') }) }),
]
