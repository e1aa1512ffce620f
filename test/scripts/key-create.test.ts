// key:create: argument parsing (pure) and the key creation against a test database.
import t from 'tap'
import { verifyApiKey } from '../../src/app/auth/api-keys.ts'
import { UsageError, parseKeyCreateArgs, runKeyCreate } from '../../src/cli/key-create.ts'
import { createTenant } from '../../src/app/tenants/tenants.ts'
import { testDatabase } from '../helpers/database.ts'

const TENANT = '0de30000-0000-4000-8000-000000000001'

t.test('parsing', async (t) => {
  t.same(parseKeyCreateArgs(['--help']), { kind: 'help' })
  t.same(parseKeyCreateArgs(['--tenant', TENANT]), { kind: 'existing', tenantId: TENANT, keyName: 'admin key', scopes: ['admin'] })
  t.same(parseKeyCreateArgs(['--tenant', TENANT, '--name', 'ERP import', '--scopes', 'accounting, readonly,accounting']),
    { kind: 'existing', tenantId: TENANT, keyName: 'ERP import', scopes: ['accounting', 'readonly'] })

  const ir = parseKeyCreateArgs(['--new-tenant', '--name', 'Mobarakeh rural water', '--currency', 'irr', '--time-zone', 'Asia/Tehran'])
  t.same(ir, { kind: 'new', keyName: 'admin key', scopes: ['admin'], tenant: { name: 'Mobarakeh rural water', currency: 'IRR', timeZone: 'Asia/Tehran',
    minorUnits: 0, calendar: 'solar_hijri', locale: 'fa-IR', billingPeriodMonths: 2, policy: {} } }, 'Iranian defaults')
  const se = parseKeyCreateArgs(['--new-tenant', '--name', 'Arvika', '--currency', 'SEK', '--time-zone', 'Europe/Stockholm', '--key-name', 'portal', '--scopes', 'portal'])
  t.match(se, { kind: 'new', keyName: 'portal', scopes: ['portal'], tenant: { minorUnits: 2, calendar: 'gregorian', locale: 'sv-SE', billingPeriodMonths: 1 } })

  const bad: [string[], RegExp][] = [
    [[], /--tenant <uuid>, or --new-tenant/],
    [['--tenant'], /argument missing|--tenant/],
    [['--tenant', 'acme'], /must be a tenant id/],
    [['--tenant', TENANT, '--scopes', 'admin,root'], /unknown scope\(s\): root/],
    [['--tenant', TENANT, '--scopes', ','], /at least one scope/],
    [['--tenant', TENANT, '--currency', 'RUB'], /only for --new-tenant/],
    [['--tenant', TENANT, 'extra'], /positional/i],
    [['--tenant', TENANT, '--bogus'], /Unknown option/],
    [['--new-tenant', '--name', 'X'], /needs --currency, --time-zone/],
    [['--new-tenant', '--tenant', TENANT, '--name', 'X', '--currency', 'RUB', '--time-zone', 'Asia/Irkutsk'], /exclude each other/],
    [['--new-tenant', '--name', 'X', '--currency', 'RUB', '--time-zone', 'Mars/Olympus'], /--time-zone: must be an IANA time zone/],
    [['--new-tenant', '--name', 'X', '--currency', 'XYZ', '--time-zone', 'UTC'], /--currency/],
    [['--new-tenant', '--name', 'X', '--currency', 'RUB', '--time-zone', 'UTC', '--billing-period-months', '3'], /--billing-period-months/],
    [['--new-tenant', '--name', 'X', '--currency', 'RUB', '--time-zone', 'UTC', '--minor-units', 'two'], /whole number/],
  ]
  for (const [args, message] of bad) {
    t.throws(() => parseKeyCreateArgs(args), message, args.join(' ') || '(no arguments)')
    try { parseKeyCreateArgs(args) } catch (err) { t.type(err, UsageError) }
  }
})

t.test('creating keys', async (t) => {
  const { db } = await testDatabase(t)
  const created = await runKeyCreate(db, parseKeyCreateArgs(['--new-tenant', '--name', 'Irkutsk vodokanal', '--currency', 'RUB', '--time-zone', 'Asia/Irkutsk']) as any)
  t.ok(created.tenantCreated)
  t.equal(created.tenantName, 'Irkutsk vodokanal')
  t.match((await verifyApiKey(db, created.key.apiKey))!, { tenantId: created.tenantId, scopes: ['admin'] }, 'the printed key authenticates')

  const tenant = await createTenant(db, { name: 'Arvika', currency: 'SEK', minorUnits: 2, timeZone: 'Europe/Stockholm', calendar: 'gregorian',
    locale: 'sv-SE', billingPeriodMonths: 1, policy: {} })
  const more = await runKeyCreate(db, parseKeyCreateArgs(['--tenant', tenant.id, '--name', 'portal app', '--scopes', 'portal,readonly']) as any)
  t.notOk(more.tenantCreated)
  t.equal(more.key.name, 'portal app')
  t.match((await verifyApiKey(db, more.key.apiKey))!, { tenantId: tenant.id, scopes: ['portal', 'readonly'] })

  await t.rejects(runKeyCreate(db, parseKeyCreateArgs(['--tenant', TENANT]) as any), { name: 'UsageError', message: /no tenant/ }, 'an unknown tenant')
})
