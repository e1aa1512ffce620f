// Issue 10 §1: the outbox's e-mail goes out through SMTP when configured, to
// a real SMTP server on loopback (smtp-server): each message once, sent_at
// stamped, a failure retried after a delay, SMS left in the outbox.
import t from 'tap'
import { SMTPServer } from 'smtp-server'
import { simpleParser } from 'mailparser'
import { testApp } from '../../helpers/app.ts'
import { clockOn } from '../../helpers/clock.ts'
import { registeredCustomer } from '../../helpers/customers.ts'
import { OUTBOX_EMAIL_TASK, sendDueEmail, smtpTransport, type MailSettings } from '../../../src/app/customer-auth/outbox-sender.ts'
import { taskList } from '../../../src/jobs/tasks.ts'
import { fixedClock } from '../../../src/app/clock.ts'

const { app, db, tenant } = await testApp(t)

interface Received { to: string; subject: string; text: string; id: string }
const received: Received[] = []
let refuseNext = 0
const server = new SMTPServer({
  authOptional: true, disabledCommands: ['STARTTLS'], logger: false,
  onRcptTo(address, _session, cb) {
    if (refuseNext > 0) { refuseNext--; return cb(Object.assign(new Error('mailbox busy, try later'), { responseCode: 451 })) }
    cb()
  },
  onData(stream, _session, cb) {
    simpleParser(stream).then((m) => {
      received.push({ to: (m.to as { text: string }).text, subject: m.subject ?? '', text: m.text ?? '', id: String(m.headers.get('x-aqualedger-message-id')) })
      cb()
    }, cb)
  },
})
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())))
const port = (server.server.address() as { port: number }).port
const settings: MailSettings = { smtpUrl: `smtp://127.0.0.1:${port}`, from: 'Водоканал <noreply@vodokanal.example>', batch: 2, retryBaseMs: 60_000, retryMaxMs: 3_600_000, maxAttempts: 3 }
const transport = smtpTransport(settings)
const clock = clockOn('2026-11-25')

t.test('unsent e-mail goes out once, through two senders at once; sent_at stamped; SMS stays', async (t) => {
  const a = await registeredCustomer(app, tenant)
  const b = await registeredCustomer(app, tenant)
  const unsent = await db.selectFrom('outboxMessages').select(['messageId', 'recipient', 'subject']).where('channel', '=', 'email').where('sentAt', 'is', null).execute()
  t.ok(unsent.length >= 2)
  const [r1, r2] = await Promise.all([sendDueEmail(db, transport, settings, clock), sendDueEmail(db, transport, settings, clock)])
  t.equal(r1.sent + r2.sent, unsent.length, 'every message sent by one of the two senders')
  t.same(received.map((m) => m.id).sort(), unsent.map((m) => m.messageId).sort(), 'each received exactly once')
  const toA = received.find((m) => m.to === a.email)!
  t.equal(toA.subject, 'Confirm your e-mail')
  t.match(toA.text, /aqe_[0-9a-f]{32}_/, 'the body is the outbox\'s text')
  t.ok(received.some((m) => m.to === b.email))
  const stamped = await db.selectFrom('outboxMessages').select(['channel', 'sentAt']).execute()
  t.ok(stamped.filter((m) => m.channel === 'email').every((m) => m.sentAt?.getTime() === clock.now().getTime()), 'sent_at from the clock')
  t.ok(stamped.filter((m) => m.channel === 'sms').every((m) => m.sentAt === null), 'SMS stays in the outbox')
  t.same(await sendDueEmail(db, transport, settings, clock), { sent: 0, failed: 0 }, 'nothing twice')
})

t.test('a refused message is retried after the delay, and given up after maxAttempts', async (t) => {
  received.length = 0
  const c = await registeredCustomer(app, tenant)
  const before = await db.selectFrom('outboxMessages').select('messageId').where('recipient', '=', c.email).where('sentAt', 'is', null).execute()
  // registeredCustomer confirmed the e-mail through the outbox: the confirmation message is unsent until now
  t.equal(before.length, 1)
  refuseNext = 1
  t.same(await sendDueEmail(db, transport, settings, clock), { sent: 0, failed: 1 })
  const failed = await db.selectFrom('outboxMessages').select(['attempts', 'nextAttemptAt', 'lastError', 'sentAt']).where('messageId', '=', before[0]!.messageId).executeTakeFirstOrThrow()
  t.same([failed.attempts, failed.sentAt, failed.nextAttemptAt?.toISOString()], [1, null, '2026-11-25T12:01:00.000Z'])
  t.match(failed.lastError, /451|busy/)
  t.same(await sendDueEmail(db, transport, settings, fixedClock('2026-11-25T12:00:30Z')), { sent: 0, failed: 0 }, 'not before its time')
  t.same(await sendDueEmail(db, transport, settings, fixedClock('2026-11-25T12:01:00Z')), { sent: 1, failed: 0 }, 'sent on the retry')
  t.equal(received.length, 1)

  const d = await registeredCustomer(app, tenant)
  refuseNext = 100
  for (const at of ['2026-11-25T13:00:00Z', '2026-11-25T14:00:00Z', '2026-11-25T15:00:00Z', '2026-11-25T16:00:00Z']) await sendDueEmail(db, transport, settings, fixedClock(at))
  refuseNext = 0
  const dead = await db.selectFrom('outboxMessages').select(['attempts', 'sentAt']).where('recipient', '=', d.email).executeTakeFirstOrThrow()
  t.same([dead.attempts, dead.sentAt], [3, null], 'three attempts, then left for an admin to see')
})

t.test('the graphile-worker task is there only when SMTP is configured', async (t) => {
  t.notOk(OUTBOX_EMAIL_TASK in taskList(db, {}))
  const tasks = taskList(db, { mail: settings, mailTransport: transport, clock: fixedClock('2026-11-26T00:00:00Z') })
  received.length = 0
  await registeredCustomer(app, tenant)
  await (tasks[OUTBOX_EMAIL_TASK] as (p: unknown, h: unknown) => Promise<void>)({}, {})
  t.ok(received.length >= 1, 'the task sent the new message')
})
