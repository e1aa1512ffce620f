// One payment document per demo tenant (Russian vodokanal, Iranian rural
// district, Arvika's municipal utility), rendered from a real bill run and
// read back: the readings per meter, the market's items, the market's digits.
import t from 'tap'
import { testClock } from '../helpers/clock.ts'
import { billingTest } from '../app/billing/fixture.ts'
import { loadDemo } from '../../src/app/demo/load.ts'
import { startBillRun } from '../../src/app/billing/bill-runs.ts'
import { loadPaymentDocument } from '../../src/app/documents/payment-document.ts'
import { renderPaymentDocument } from '../../src/app/documents/render/payment-document.ts'
import { clean, inspectPdf } from './fixture.ts'
import { loadInvoiceDocument } from '../../src/app/invoices/invoice-document.ts'
import { renderInvoice } from '../../src/app/documents/render/invoice.ts'

const { db, drain } = await billingTest(t)
const tenants = await loadDemo(db, { scale: 0.1, keys: false })

for (const d of tenants) {
  t.test(`${d.code}: the demo bill a customer reads`, async (t) => {
    await startBillRun(db, d.tenantId, { period: d.code === 'IR' ? '1405-3' : '2026-10' }, testClock, { chunkSize: 50 })
    await drain()
    // a bill with a metered line (the largest, so the Iranian one has an excess if any has)
    const bills = await db.selectFrom('bills').select(['billId', 'charges']).where('tenantId', '=', d.tenantId).execute()
    bills.sort((a, b) => Number(b.charges) - Number(a.charges))
    let billId = bills[0]!.billId
    if (d.code === 'SE') {
      // the invoice of a customer with all five utilities (issue 12 §1)
      const five = await db.selectFrom('billLines').select('billId').where('tenantId', '=', d.tenantId).groupBy('billId')
        .having((eb) => eb.fn.count('service').distinct(), '=', 5).executeTakeFirst()
      if (five) billId = five.billId
    }
    const view = await loadPaymentDocument(db, d.tenantId, billId, testClock)
    const pdf = inspectPdf(`demo-${d.code}`, await renderPaymentDocument(view))
    t.comment(`demo ${d.code}: ${pdf.file}`)
    const text = pdf.layout
    const metered = view.bill.lines.filter((l) => l.kind === 'volume' && l.method?.includes('metered'))
    t.ok(metered.length > 0, 'a metered line')
    for (const l of metered) t.ok(typeof l.trace.inputs['meterSerial'] === 'string', 'the line names its meter and readings')
    if (d.code === 'RU') {
      t.match(text, 'Показания приборов учёта')
      t.match(text, 'МУП «Водоканал»')
    }
    if (d.code === 'IR') {
      t.match(text, 'قرائت کنتور')
      for (const label of ['آب بها', 'آبونمان آب', 'مصرف مجاز', 'مصرف مازاد بر الگو', 'طرح آبرسانی', 'عوارض و مالیات', 'قیمت تمام شده', 'یارانه پرداختی دولت', 'مبلغ قابل پرداخت', 'مهلت پرداخت', 'شناسه قبض', 'شناسه پرداخت']) {
        t.match(text, label, label)
      }
      t.notMatch(text, /[0-9]/, 'Persian digits throughout')
      t.notMatch(text, /metered|averaged|normative|guaranteed|capacity/, 'every method translated (combined methods joined by +)')
    }
    if (d.code === 'SE') {
      // one invoice for all utilities, a section each (issue 12 §1)
      for (const section of ['Vatten', 'El', 'Renhållning']) t.match(text, new RegExp(`Summa ${section.toLowerCase()} exkl. moms`), section)
      t.match(text, /Mätare VM\d+/)
      t.match(text, 'Arvika Kommunnät, Arvika kommun')
      t.match(text, /Vatten · El/, 'the utilities named under the payee')
      t.match(text, 'Org.nr 212000-1850')
      t.match(text, /Moms 25 %/)
      t.match(text, 'Summa inkl. moms')
      t.match(text, clean('kr/m³'))
      t.notMatch(text, /Decree|conventions\.md|Kommunens VA-verk|Storstad/, 'no foreign citation, no placeholder payee')
    }
  })
}

t.test('SE: the combined invoice of the demo customer with the most addresses (issue 12 §1)', async (t) => {
  const se = tenants.find((d) => d.code === 'SE')!
  const widest = await db.selectFrom('invoiceBills').select(['invoiceId', (eb) => eb.fn.countAll<string>().as('n')]).where('tenantId', '=', se.tenantId)
    .groupBy('invoiceId').orderBy('n', 'desc').orderBy('invoiceId').executeTakeFirstOrThrow()
  t.ok(Number(widest.n) >= 2, `an invoice over ${widest.n} accounts`)
  const view = await loadInvoiceDocument(db, se.tenantId, widest.invoiceId)
  const pdf = inspectPdf('demo-SE-invoice', await renderInvoice(view))
  t.comment(`demo SE invoice: ${pdf.file}`)
  const text = pdf.layout
  t.match(text, 'Arvika Kommunnät, Arvika kommun')
  for (const a of view.invoice.accounts) t.match(text, a.number, `account ${a.number}`)
  t.match(text, /Moms 25 % på/)
  t.match(text, new RegExp(`OCR-nummer\\s+${view.invoice.ocr}`))
  t.match(text, /kr\/mån|kr\/år/)
})

