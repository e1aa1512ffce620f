// Payment documents, reconciliation acts and document packages rendered from
// real bill runs, read back the way a person sees them: pdftotext for the
// words and numbers, pdftoppm for the page, pdfimages for the QR symbol.
import { testClock } from '../helpers/clock.ts'
import t from 'tap'
import { readFileSync, writeFileSync } from 'node:fs'
import { inflateSync } from 'node:zlib'
import { join } from 'node:path'
import QRCode from 'qrcode'
import { bearer } from '../helpers/app.ts'
import { parseGostQr } from '../../src/core/ids/gost-qr.ts'
import { isValidBillId, isValidPaymentId } from '../../src/core/ids/iran-bill-id.ts'
import { isValidOcr } from '../../src/core/ids/swedish-ocr.ts'
import { formatter } from '../../src/app/documents/format.ts'
import { loadPaymentDocument } from '../../src/app/documents/payment-document.ts'
import { clean, documentsTest, inspectPdf, run, RU_PAYEE, scratchDir, toLatinDigits } from './fixture.ts'
import { Big } from '../helpers/big.ts'

const { app, db, markets, other } = await documentsTest(t)
const get = (url: string, key: string) => app.inject({ method: 'GET', url, headers: bearer(key) })

async function billOf(key: string, accountId: string, period: string) {
  const list = (await get(`/v1/bills?accountId=${accountId}&period=${period}`, key)).json().items
  return (await get(`/v1/bills/${list[0].id}`, key)).json()
}

async function pdfOf(url: string, key: string) {
  const r = await get(url, key)
  if (r.statusCode !== 200) throw new Error(`${r.statusCode} ${r.body}`)
  return r
}

/** The text with all whitespace removed: payloads and IDs wrapped over lines come back whole. */
const joined = (s: string) => s.replace(/\s+/g, '')

/** pdftotext drops the zero-width non-joiner of Persian words (هزینه‌ها): compare without it. */
const noZwnj = (s: string) => s.replace(/\u200c/g, '')

/** Page 1 rendered is a real page: mostly paper, some ink. */
function inkShare(png: string, run: (cmd: string, args: string[]) => Buffer): number {
  const pgm = run('pdftoppm', ['-r', '30', '-gray', '-f', '1', '-l', '1', png.replace(/\.png$/, '.pdf')]) // PGM on stdout
  const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(pgm.toString('latin1', 0, 40))!
  const pixels = pgm.subarray(header[0].length)
  let dark = 0
  for (const p of pixels) if (p < 128) dark++
  return dark / pixels.length
}

t.test('ru: a Russian payment document with every line, the balance, the due date and the GOST QR', async (t) => {
  const { tenant, accounts, period } = markets.ru
  for (const accountId of [accounts.metered, accounts.normative]) {
    const bill = await billOf(tenant.keys.portal, accountId, period)
    const r = await pdfOf(`/v1/bills/${bill.id}/document`, tenant.keys.portal)
    t.equal(r.headers['content-type'], 'application/pdf')
    t.match(r.headers['content-disposition'], new RegExp(`attachment; filename="bill-${bill.number}-2026-10-01-ru.pdf"`))
    const pdf = inspectPdf(`ru-${bill.number}`, r.rawPayload)
    const f = formatter('ru', 'gregorian', 2)
    const text = pdf.layout
    t.match(text, 'Платёжный документ')
    t.match(text, clean(`№ ${bill.number}`), 'the number (№ folds to No)')
    t.match(text, RU_PAYEE.name)
    for (const line of bill.lines) {
      t.match(text, line.method === 'metered' ? 'по прибору учёта' : 'по нормативу', `line ${line.lineNo} method`)
      t.match(text, f.decimal(line.volume), `line ${line.lineNo} volume`)
      t.match(text, f.decimal(line.rate), `line ${line.lineNo} rate`)
      t.match(text, f.money(line.amount), `line ${line.lineNo} amount`)
    }
    t.match(text, /Итого к оплате\s+[\d ]+,\d\d руб\./)
    t.match(text, `${f.money(bill.payable)} руб.`)
    t.match(text, `Оплатить до`)
    t.match(text, f.date(bill.dueOn))
    t.match(text, /Баланс лицевого счёта на \d\d\.\d\d\.\d{4}/)
    if (accountId === accounts.metered) {
      // per meter the previous and current reading with their dates, days, consumption and the average per day (Decree 354 §69; seed 002 items 13–17)
      t.match(text, 'Показания приборов учёта')
      t.match(text, /A-M1\s+30\.09\.2026\s+100\s+31\.10\.2026\s+108\s+31\s+8\s+0,258/, 'the readings row')
      t.notMatch(text, /Предыдущ\s+ие|предыдущ\s+их/, 'no header broken inside a word')
    }

    // the payload the document encodes: printed in full (lines wrap it), with the bank details, the sum in kopecks, the account
    const payload = (await loadPaymentDocument(db, tenant.id, bill.id, testClock)).code as { kind: string; payload: string }
    t.equal(payload.kind, 'gost_qr')
    t.match(joined(pdf.rawExact), joined(payload.payload), 'the payload is printed')
    const fields = new Map(parseGostQr(payload.payload).fields)
    t.equal(fields.get('Name'), RU_PAYEE.name)
    t.equal(fields.get('PersonalAcc'), RU_PAYEE.bankAccount)
    t.equal(fields.get('BIC'), RU_PAYEE.bic)
    t.equal(fields.get('PayeeINN'), RU_PAYEE.inn)
    t.equal(fields.get('Sum'), bill.payable.replace('.', ''), 'Sum in kopecks')
    t.equal(fields.get('PersAcc'), bill.accountId === accounts.metered ? 'A-1' : 'A-2')
    t.equal(fields.get('PaymPeriod'), '102026')
    const printed = payload.payload

    t.match(pdf.images, /image\s+\d+\s+\d+\s+rgb/, 'an image on page 1')
    const qr = QRCode.create(printed, { errorCorrectionLevel: 'M' })
    const size = qr.modules.size + 8
    pdf.run('pdfimages', ['-f', '1', '-l', '1', pdf.file, join(pdf.dir, `qr-${bill.number}`)])
    const ppm = readFileSync(join(pdf.dir, `qr-${bill.number}-000.ppm`))
    const m = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(ppm.toString('latin1', 0, 40))!
    t.same([Number(m[1]), Number(m[2])], [size, size], 'the QR image is the symbol with its quiet zone')
    const px = ppm.subarray(m[0].length)
    let mismatches = 0
    for (let y = 0; y < qr.modules.size; y++) {
      for (let x = 0; x < qr.modules.size; x++) {
        const dark = px[((y + 4) * size + x + 4) * 3]! < 128
        if (dark !== Boolean(qr.modules.get(y, x))) mismatches++
      }
    }
    t.equal(mismatches, 0, 'every module of the printed QR matches the payload')
    const ink = inkShare(pdf.png, pdf.run)
    t.ok(ink > 0.02 && ink < 0.5, `page 1 is a printed page (ink ${ink.toFixed(3)})`)
  }
})

/** The Vazirmatn ToUnicode map: how many distinct glyphs draw each Arabic-script character. */
function glyphsPerLetter(file: string): Map<string, number> {
  const pdf = readFileSync(file)
  const out = new Map<string, number>()
  const latin = pdf.toString('latin1')
  for (const m of latin.matchAll(/stream\r?\n/g)) {
    const start = m.index! + m[0].length
    const end = latin.indexOf('endstream', start)
    let body: string
    try { body = inflateSync(pdf.subarray(start, end)).toString('latin1') } catch { continue }
    if (!body.includes('begincmap')) continue
    for (const hex of body.matchAll(/<([0-9a-fA-F]{4,})>/g)) {
      const units = hex[1]!.match(/.{4}/g)!.map((h) => parseInt(h, 16))
      const s = String.fromCharCode(...units)
      if (/^\p{Script=Arabic}$/u.test(s)) out.set(s, (out.get(s) ?? 0) + 1)
    }
  }
  return out
}

t.test('fa: the Iranian bill right to left and shaped, Solar Hijri dates, bill ID, payment ID and barcode', async (t) => {
  const { tenant, accounts, period } = markets.ir
  const bill = await billOf(tenant.keys.readonly, accounts.metered, period)
  // seed 002 item 18 over 1405-3 (Mordad–Shahrivar, 62 days): water price 16 m³ × 143,750 = 2,300,000; subscription 60,000; allowed 16 × 62 / 30 = 33.07 m³,
  // so no excess; project 25% = 575,000; 3% of 2,935,000 = 88,050; total 3,023,050 → 3,023,000 payable, 50 carried (item 27)
  const byLine = Object.fromEntries(bill.lines.map((l: { line: string }) => [l.line, l]))
  t.same(Object.keys(byLine), ['water_price', 'subscription', 'average_daily', 'allowed', 'excess', 'water_project', 'duties_and_tax', 'cost_price', 'subsidy'], 'the items in the seed\'s order')
  t.equal(byLine.water_price.amount, '2300000')
  t.equal(byLine.allowed.volume, '33.07')
  t.equal(byLine.average_daily.volume, '0.26')
  t.same([byLine.excess.volume, byLine.excess.amount], ['0', '0'])
  t.same([byLine.water_project.rate, byLine.water_project.amount], ['25', '575000'])
  t.same([byLine.duties_and_tax.rate, byLine.duties_and_tax.amount], ['3', '88050'])
  t.same([byLine.cost_price.amount, byLine.subsidy.amount], ['3840000', '1540000'])
  t.same([bill.charges, bill.rounding, bill.carry, bill.payable], ['3023050', '-50', '50', '3023000'])
  t.match(byLine.water_price.trace.inputs, { meterSerial: '1203170-M1', previousReadingDate: '2026-07-22', previousReadingIndex: '92', currentReadingDate: '2026-09-22', currentReadingIndex: '108' })
  const r = await pdfOf(`/v1/bills/${bill.id}/document`, tenant.keys.readonly)
  const pdf = inspectPdf(`fa-${bill.number}`, r.rawPayload)
  const text = pdf.layout
  const f = formatter('fa', 'solar_hijri', 0)

  // logical order back from the page: pdftotext reads right-to-left lines right to left
  t.match(text, 'مبلغ قابل پرداخت', 'the phrase reads in logical order')
  t.notMatch(text, 'پرداخت قابل مبلغ', 'not in reversed word order')
  t.notMatch(text, 'تخادرپ', 'no word with reversed letters')
  t.match(text, 'قبض آب')
  t.match(text, 'احمدی علی', 'the customer')
  t.match(text, 'روستای کرکوند', 'the address')
  t.match(text, 'کنتور', 'the method of the metered line')
  t.match(text, new RegExp(`${f.money('3023000')}\\s*ریال`), 'the payable in Persian digits with the rial')
  // every item of seed 002 item 18 the bill has, by the seed's name, in Persian digits
  for (const [label, value] of [['آب بها', '2300000'], ['آبونمان آب', '60000'], ['طرح آبرسانی', '575000'], ['عوارض و مالیات', '88050'],
    ['قیمت تمام شده', '3840000'], ['یارانه پرداختی دولت', '1540000'], ['جمع هزینه‌ها', '3023050']] as const) {
    t.match(noZwnj(text), noZwnj(label), label)
    t.match(text, f.money(value), `${label} ${value}`)
  }
  for (const label of ['مصرف مازاد بر الگو', 'مصرف مجاز', 'متوسط مصرف روزانه', 'مهلت پرداخت', 'شناسه قبض', 'شناسه پرداخت']) t.match(text, label, label)
  t.match(text, /کسر\s*\/\s*مانده/, 'the rounding carry (item 27)')
  t.match(text, /الگو\s*۱۶\s*مترمکعب/, 'the pattern the allowed consumption rests on (item 1)')
  t.match(text, f.decimal('33.07'), 'allowed consumption 33.07 m³')
  t.match(text, /٪\s*۲۵|۲۵\s*٪/, 'the project percent')
  // the readings (items 13–17): dates in Solar Hijri, indexes, days, consumption, average daily
  for (const label of ['قرائت کنتور', 'تاریخ قرائت', 'شماره قرائت قبلی', 'شماره قرائت فعلی', 'تعداد روز', 'میزان مصرف']) t.match(text, label, label)
  t.match(text, f.date('2026-07-22'), 'previous reading date')
  t.match(text, f.date('2026-09-22'), 'current reading date')
  t.match(text, /(^|\s)۹۲(\s|$)/m, 'previous index')
  t.match(text, /(^|\s)۱۰۸(\s|$)/m, 'current index')
  t.match(text, '۰٫۲۵۸', 'average per day 16 / 62')
  t.notMatch(text, /[0-9]/, 'no Latin digit anywhere on the Persian page (the barcode is an image)')
  t.notMatch(text, /metered|averaged|normative/, 'every method translated')
  t.match(text, f.decimal(bill.lines[0].volume), 'the volume')
  t.match(text, f.money(bill.lines[0].amount), 'the amount')
  t.equal(f.date('2026-09-01'), '۱۴۰۵/۰۶/۱۰', 'Solar Hijri')
  t.match(text, f.date(bill.dueOn), 'the due date in the Solar Hijri calendar')
  t.match(text, '۱۴۰۵ / ۳', 'period 3 of 1405 (Mordad–Shahrivar): the year stands left, read last')

  // direction on the page: in the totals line "مبلغ" (the first word) stands right of "پرداخت" (the last);
  // -bbox lists each word's glyphs left to right, so a right-to-left word comes back reversed
  const words = [...pdf.bbox.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]+)<\/word>/g)]
    .map((m) => ({ x: Number(m[1]), y: Number(m[2]), w: [...clean(m[3]!)].reverse().join('') }))
  const first = words.find((w) => w.w === 'مبلغ' && words.some((o) => o.w === 'پرداخت' && Math.abs(o.y - w.y) < 1))
  t.ok(first, 'the phrase is on one line')
  const last = words.find((o) => o.w === 'پرداخت' && Math.abs(o.y - first!.y) < 1)!
  t.ok(first!.x > last.x, 'right to left: the first word is on the right')
  t.ok(words.find((w) => w.w === 'مشترک')!.x > 400, 'labels start at the right margin')

  // shaping: joined letters are drawn with their contextual forms, so one letter has several glyphs
  const forms = glyphsPerLetter(pdf.file)
  t.ok((forms.get('ب') ?? 0) >= 2 && (forms.get('م') ?? 0) >= 2, `contextual forms in use (ب: ${forms.get('ب')}, م: ${forms.get('م')})`)

  // payment code: bill ID and payment ID (printed in Persian digits) and the barcode
  const plain = toLatinDigits(text)
  // a line holds the label and its number; pdftotext may put the number first
  const idAfter = (label: string) => { const m = new RegExp(`(\\d+)\\s+${label}|${label}\\s+(\\d+)`).exec(plain); return m?.[1] ?? m?.[2] ?? '' }
  const billId = idAfter('شناسه قبض')
  const paymentId = idAfter('شناسه پرداخت')
  t.ok(isValidBillId(billId), `bill ID ${billId}`)
  t.ok(isValidPaymentId(billId, paymentId), `payment ID ${paymentId}`)
  t.ok(paymentId.startsWith('3023' + '5' + '03'), 'amount in thousands, year digit 5, period 03')
  t.equal(billId, `12031701${'123'}1${billId.at(-1)}`, 'file = the account number\'s last 8 digits, company 123, water')
  const image = /image\s+(\d+)\s+(\d+)\s+(gray|rgb)/.exec(pdf.images)
  t.ok(image && Number(image[1]) > 3 * Number(image[2]), 'a barcode image: wide and low')
})

t.test('sv and en: the Swedish faktura with its OCR reference; ?lang=en', async (t) => {
  const { tenant, accounts, period } = markets.se
  const bill = await billOf(tenant.keys.portal, accounts.normative, period)
  for (const lang of ['sv', 'en'] as const) {
    const r = await pdfOf(`/v1/bills/${bill.id}/document${lang === 'en' ? '?lang=en' : ''}`, tenant.keys.portal)
    const pdf = inspectPdf(`${lang}-${bill.number}`, r.rawPayload)
    const f = formatter(lang, 'gregorian', 2)
    const text = pdf.layout
    t.match(text, lang === 'sv' ? 'Faktura' : 'Payment document')
    t.match(text, bill.number)
    for (const line of bill.lines) {
      if (line.kind === 'volume') t.match(text, lang === 'sv' ? 'schablon' : 'normative')
      if (line.trace.inputs.part === 'surcharge') t.match(text, lang === 'sv' ? 'Vatten: förhöjningstillägg' : 'Cold water: increasing coefficient')
      if (line.volume !== null) t.match(text, f.decimal(line.volume))
      t.match(text, clean(f.money(line.amount)))
    }
    // moms on its own line and in the totals (25%), prices per m³ as a Swedish faktura prints them
    const vat = bill.lines.find((l: { line: string }) => l.line === 'vat')
    t.ok(vat, 'a VAT line')
    t.equal(vat.rate, '25')
    const exVat = bill.lines.filter((l: { kind: string }) => l.kind !== 'tax' && l.kind !== 'info').reduce((s: number, l: { amount: string }) => s + Math.round(Number(l.amount) * 100), 0)
    t.equal(Math.round(Number(vat.amount) * 100), Math.round(exVat * 0.25), 'moms = 25% of the charges before moms (öre)')
    if (lang === 'sv') {
      t.match(text, new RegExp(`Moms\\s+25 %\\s+${clean(f.money(vat.amount))}`), 'the VAT line with its rate and amount')
      t.match(text, new RegExp(`Summa exkl\\. moms\\s+${clean(f.money((exVat / 100).toFixed(2)))} kr`))
      t.match(text, new RegExp(`Moms 25 %\\s+${clean(f.money(vat.amount))} kr`))
      t.match(text, `Summa inkl. moms`)
      t.match(text, clean('24,75 kr/m³'), 'the price per m³')
      // the payee is Arvika's municipal utility with its org.nr, VAT number and Bankgiro
      t.match(text, 'Arvika kommun')
      t.match(text, 'Org.nr 212000-1850')
      t.match(text, 'Momsreg.nr SE212000185001')
      // no label broken inside a word (the label column fits its longest label)
      t.match(text, 'Kundnummer')
      t.notMatch(text, /Anläggningsadres\s*$/m)
      for (const word of ['Decree', 'Постановлени', '.md', 'memo 003', 'ESTIMATE']) t.notMatch(text, word, `no ${word} on a Swedish faktura`)
    }
    t.match(text, lang === 'sv' ? `Att betala` : 'Amount payable')
    t.match(text, clean(`${f.money(bill.payable)} ${lang === 'sv' ? 'kr' : 'SEK'}`))
    t.match(text, f.date(bill.dueOn))
    t.match(text, 'Bankgiro')
    const ocr = new RegExp(`${lang === 'sv' ? 'OCR-nummer' : 'OCR reference'}\\s+(\\d+)`).exec(text)?.[1] ?? ''
    t.ok(isValidOcr(ocr, { lengthDigit: true }), `OCR ${ocr}`)
    t.ok(ocr.startsWith(bill.number), 'built on the bill number')
    t.ok(inkShare(pdf.png, pdf.run) > 0.01)
  }
})

t.test('sv: a metered faktura shows the meter readings and the facility address whole', async (t) => {
  const { tenant, accounts, period } = markets.se
  const bill = await billOf(tenant.keys.portal, accounts.metered, period)
  const r = await pdfOf(`/v1/bills/${bill.id}/document`, tenant.keys.portal)
  const pdf = inspectPdf(`sv-metered-${bill.number}`, r.rawPayload)
  const text = pdf.layout
  t.match(text, 'Mätarställningar')
  t.match(text, /S-M1\s+2026-09-30\s+100\s+2026-10-31\s+108\s+31\s+8\s+0,258/, 'meter, previous and current reading with dates, days, consumption, per day')
  t.match(text, 'Anläggningsadress', 'the label on one line')
  t.match(text, 'Ivan Petrov', 'given name first')
  t.match(text, 'Storgatan 5, 671 31 Arvika', 'street, postal code and town')
  t.match(text, 'mätaravläsning')
  t.match(text, /Moms 25 %/)
  for (const word of ['Decree', 'conventions.md', 'metered']) t.notMatch(text, word, `no ${word}`)
  // the API's traces fit the tenant too: no Russian decree, memo or internal file cited to a Swedish customer
  t.notMatch(JSON.stringify(bill.lines.map((l: { trace: unknown }) => l.trace)), /Decree|memo \d|\.md\b|seed 00/, 'traces without foreign citations')
  const ru = markets.ru
  const ruBill = await billOf(ru.tenant.keys.portal, ru.accounts.normative, ru.period)
  t.match(JSON.stringify(ruBill.lines.map((l: { trace: unknown }) => l.trace)), /Decree 354/, 'a Russian customer still sees the decree')
})

t.test('the reconciliation act as a PDF', async (t) => {
  const { tenant, accounts } = markets.ru
  const json = (await get(`/v1/accounts/${accounts.metered}/reconciliation?from=2026-10-01&to=2026-11-30`, tenant.keys.readonly)).json()
  const r = await pdfOf(`/v1/accounts/${accounts.metered}/reconciliation/document?from=2026-10-01&to=2026-11-30`, tenant.keys.readonly)
  t.equal(r.headers['content-type'], 'application/pdf')
  const pdf = inspectPdf('act-ru', r.rawPayload)
  const f = formatter('ru', 'gregorian', 2)
  t.match(pdf.layout, 'Акт сверки взаимных расчётов')
  t.match(pdf.layout, 'Сальдо на начало')
  t.match(pdf.layout, `Сальдо на конец: ${f.money(json.closingBalance)}`)
  t.ok(json.rows.length > 0)
  for (const row of json.rows) t.match(pdf.layout, f.money(row.debit === '0.00' ? row.credit : row.debit))
  const fa = await pdfOf(`/v1/accounts/${markets.ir.accounts.metered}/reconciliation/document?from=2026-09-01&to=2026-12-31`, markets.ir.tenant.keys.readonly)
  const faText = inspectPdf('act-fa', fa.rawPayload).layout
  t.match(faText, 'صورت تطبیق حساب')
  t.match(faText, 'مانده پایان دوره')
})

t.test('the document package of a period: payment documents, the act and a manifest', async (t) => {
  const { tenant, accounts, period } = markets.ru
  const r = await pdfOf(`/v1/accounts/${accounts.normative}/documents?period=${period}`, tenant.keys.portal)
  t.equal(r.headers['content-type'], 'application/zip')
  t.match(r.headers['content-disposition'], /filename="documents-A-2-2026-10-01\.zip"/)
  const zipFile = join(scratchDir(), 'package.zip')
  writeFileSync(zipFile, r.rawPayload)
  const list = run('unzip', ['-Z1', zipFile]).toString('utf8').trim().split('\n')
  t.equal(list.length, 3)
  t.match(list[0], /^bill-\d{8}-2026-10-01-ru\.pdf$/)
  t.match(list[1], /^reconciliation-A-2-2026-10-01-2026-10-31-ru\.pdf$/)
  t.equal(list[2], 'manifest.json')
  const manifest = JSON.parse(run('unzip', ['-p', zipFile, 'manifest.json']).toString('utf8'))
  t.match(manifest, { period, accountNumber: 'A-2', documents: [{ type: 'payment_document', kind: 'regular', payable: '773.88' }, { type: 'reconciliation_act' }] })
  const inner = run('unzip', ['-p', zipFile, list[0]!])
  t.match(inspectPdf('package-bill', inner).layout, '773,88')
})

t.test('errors: another tenant, unknown ids, scopes, bad lang', async (t) => {
  const { tenant, accounts, period } = markets.ru
  const bill = await billOf(tenant.keys.readonly, accounts.metered, period)
  t.equal((await get(`/v1/bills/${bill.id}/document`, other.keys.readonly)).statusCode, 404)
  t.equal((await get(`/v1/bills/0190a000-0000-7000-8000-000000000000/document`, tenant.keys.readonly)).statusCode, 404)
  t.equal((await get(`/v1/accounts/${accounts.metered}/documents?period=${period}`, other.keys.readonly)).statusCode, 404)
  t.equal((await get(`/v1/accounts/${accounts.metered}/reconciliation/document?from=2026-10-01&to=2026-10-31`, other.keys.readonly)).statusCode, 404)
  const noKey = await app.inject({ method: 'GET', url: `/v1/bills/${bill.id}/document` })
  t.equal(noKey.statusCode, 401)
  const put = await app.inject({ method: 'PUT', url: '/v1/payee-details', headers: bearer(tenant.keys.portal), payload: RU_PAYEE })
  t.equal(put.statusCode, 403, 'only admin sets payee details')
  const bad = await get(`/v1/bills/${bill.id}/document?lang=de`, tenant.keys.readonly)
  t.equal(bad.statusCode, 400)
  t.equal(bad.headers['content-type'], 'application/problem+json; charset=utf-8')
  t.match(bad.json(), { code: 'validation_error', errors: [{ path: 'query.lang' }] })
  t.equal((await get(`/v1/accounts/${accounts.metered}/documents?period=2026-13-01`, tenant.keys.readonly)).statusCode, 400)
  const badBank = await app.inject({ method: 'PUT', url: '/v1/payee-details', headers: bearer(tenant.keys.admin), payload: { ...RU_PAYEE, bic: '12' } })
  t.equal(badBank.statusCode, 400)
})

t.test('GraphQL: Bill.documentUrl names the REST path', async (t) => {
  const { tenant, accounts } = markets.ru
  const r = await app.inject({ method: 'POST', url: '/graphql', headers: bearer(tenant.keys.readonly),
    payload: { query: `{ bills(filter: { accountId: "${accounts.metered}" }) { items { id documentUrl } } }` } })
  const b = r.json().data.bills.items[0]
  t.equal(b.documentUrl, `/v1/bills/${b.id}/document`)
  t.equal((await get(b.documentUrl, tenant.keys.readonly)).statusCode, 200)
})
