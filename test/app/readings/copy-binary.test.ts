// COPY's binary format (copy-binary.ts) must store exactly what Postgres's
// own text input stores for the same fields: the instant to the microsecond
// (offsets, fractions, before 1970 and 2000, year 9999), the numeric with its
// submitted scale, ids, codes and reason arrays.
import t from 'tap'
import pg from 'pg'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { from as copyFrom } from 'pg-copy-streams'
import { BinaryCopyWriter, NUMERIC_MAX_BYTES } from '../../../src/app/readings/copy-binary.ts'
import { parseReadAt } from '../../../src/app/readings/read-at.ts'
import { testDatabase } from '../../helpers/database.ts'

const { url } = await testDatabase(t)
const client = new pg.Client({ connectionString: url })
await client.connect()
t.teardown(() => client.end())

const INSTANTS = ['2026-11-20T09:30:00+03:00', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00.123456Z', '2026-01-01T00:00:00.1Z',
  '2026-01-01T00:00:00.000001-05:30', '1969-12-31T23:59:59.999500Z', '1999-12-31T23:59:59.999999Z', '2000-01-01T00:00:00Z',
  '1900-03-01T12:00:00.5+15:59', '9999-12-31T23:59:59.999999-15:59', '2026-06-30T10:15Z', '0001-01-01T00:00:00Z', '2262-04-12T00:00:00.000007Z']
const VALUES = ['0', '0.000', '007', '12.50', '123456789012345.123456789', '0.000000001', '10000', '1.0001', '9999.9999', '100000000',
  '000000000000000.000000000', '1234', '12345', '0.5', '42.000100000', null]
const REASONS = [[], ['spike'], ['lower_index', 'rollover_unverified'], ['future_date', 'before_commissioning', 'after_dismantling']]
const METERS = ['00000000-0000-4000-8000-000000000001', 'f47ac10b-58cc-4372-a567-0e02b3c479d4', 'FFFFFFFF-FFFF-4FFF-BFFF-FFFFFFFFFFFF']
const IDS = ['1', '4294967295', '4294967296', '9007199254740993', '9223372036854775807']

t.test('binary rows store what the same fields as text store', async (t) => {
  await client.query(`create temp table b (reading_id bigint, tenant_id uuid, meter_id uuid, read_at timestamptz, kind text, value numeric,
    source text, status text, reasons text[], reader_status text)`)
  const rows = VALUES.map((value, i) => ({
    id: IDS[i % IDS.length]!, meter: METERS[i % METERS.length]!, readAt: INSTANTS[i % INSTANTS.length]!, value,
    reasons: REASONS[i % REASONS.length]!, readerStatus: value === null ? 'fogged' : null,
  }))
  // more rows than the instants and values, to cross every pairing, and pieces
  for (let i = 0; i < 5_000; i++) {
    rows.push({ id: String(1000 + i), meter: METERS[i % 3]!, readAt: INSTANTS[i % INSTANTS.length]!, value: VALUES[i % (VALUES.length - 1)]!,
      reasons: REASONS[i % REASONS.length]!, readerStatus: null })
  }
  const w = new BinaryCopyWriter()
  const pieces: Buffer[] = []
  for (const r of rows) {
    w.row(10, 200, pieces)
    const at = parseReadAt(r.readAt, () => NaN)!
    w.int8(r.id); w.uuid('01a23e3c-23de-76ea-9659-671ae9d3f3fc'); w.uuid(r.meter); w.timestamptz(at.ms, at.micro); w.text('index')
    if (r.value === null) w.null(); else w.numeric(r.value)
    w.text('accounting'); w.text('accepted'); w.textArray(r.reasons)
    if (r.readerStatus === null) w.null(); else w.text(r.readerStatus)
  }
  w.trailer(pieces)
  pieces.push(w.take())
  t.ok(pieces.length > 1, 'the stream came in several pieces')
  t.ok(NUMERIC_MAX_BYTES >= 4 + 8 + 2 * 7)
  await pipeline(Readable.from(pieces), client.query(copyFrom('copy b from stdin (format binary)')))

  const { rows: stored } = await client.query(`select reading_id::text as id, tenant_id::text as tenant, meter_id::text as meter,
    to_char(read_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') as at, value::text as v, reasons, reader_status as rs, kind, source, status
    from b order by ctid`)
  t.equal(stored.length, rows.length)
  const expected = await client.query(`select u.id::bigint::text as id, u.meter::uuid::text as meter,
      to_char(u.at::timestamptz at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') as at, u.v::numeric::text as v
    from unnest($1::text[], $2::text[], $3::text[], $4::text[]) with ordinality as u(id, meter, at, v, i) order by u.i`,
  [rows.map((r) => r.id), rows.map((r) => r.meter), rows.map((r) => r.readAt), rows.map((r) => r.value)])
  let bad = 0
  for (let i = 0; i < rows.length; i++) {
    const s = stored[i]!
    const e = expected.rows[i]!
    if (s.id !== e.id || s.meter !== e.meter || s.at !== e.at || s.v !== e.v || s.tenant !== '01a23e3c-23de-76ea-9659-671ae9d3f3fc'
      || JSON.stringify(s.reasons) !== JSON.stringify(rows[i]!.reasons) || s.rs !== rows[i]!.readerStatus
      || s.kind !== 'index' || s.source !== 'accounting' || s.status !== 'accepted') {
      if (bad++ < 10) t.same({ ...s }, { ...e, reasons: rows[i]!.reasons, rs: rows[i]!.readerStatus }, `row ${i}: ${rows[i]!.readAt} ${rows[i]!.value}`)
    }
  }
  t.equal(bad, 0, 'every row as text input stores it')
  const { rows: [scales] } = await client.query(`select count(*)::int as n from b where value is not null and scale(value) <> length(split_part(value::text, '.', 2))`)
  t.equal(scales.n, 0, 'the submitted scale is kept')
})
