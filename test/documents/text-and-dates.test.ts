// The pure helpers of documents: Solar Hijri dates against known days, the
// bidi reordering handed to pdfkit, and number formatting without floats.
import t from 'tap'
import { solarHijriPeriod, toSolarHijri } from '../../src/core/shared/solar-hijri.ts'
import { fontkitReverses, visualOrder, visualWords, wrapLogical } from '../../src/app/documents/render/rtl.ts'
import { formatter } from '../../src/app/documents/format.ts'
import { langOfLocale } from '../../src/app/documents/lang.ts'

t.test('Solar Hijri: known days', async (t) => {
  t.same(toSolarHijri('2024-03-20'), { year: 1403, month: 1, day: 1 }, 'Nowruz 1403')
  t.same(toSolarHijri('2025-03-21'), { year: 1404, month: 1, day: 1 }, 'Nowruz 1404')
  t.same(toSolarHijri('2026-03-20'), { year: 1404, month: 12, day: 29 }, 'last day of 1404')
  t.same(toSolarHijri('1979-02-11'), { year: 1357, month: 11, day: 22 }, '22 Bahman 1357')
  t.same(toSolarHijri('2026-09-23'), { year: 1405, month: 7, day: 1 }, '1 Mehr 1405')
  t.equal(solarHijriPeriod(1), 1)
  t.equal(solarHijriPeriod(6), 3)
  t.equal(solarHijriPeriod(12), 6)
})

t.test('bidi: visual order, and the words as fontkit wants them', async (t) => {
  const phrase = 'مبلغ قابل پرداخت'
  t.equal(visualOrder(phrase, 'rtl'), [...phrase].reverse().join(''), 'a pure RTL line is reversed')
  t.same(visualWords(phrase, 'rtl'), ['پرداخت', 'قابل', 'مبلغ'], 'words left to right, each in logical order for shaping')
  t.same(visualWords('مبلغ ۲٬۳۰۰ ریال', 'rtl'), ['ریال', '۰۰۳٬۲', 'مبلغ'], 'Persian digits: fontkit reverses them, so they go in reversed')
  t.same(visualWords('شماره 12031701', 'rtl'), ['12031701', 'شماره'], 'Latin digits keep their order')
  t.same(visualWords('مبلغ (ریال)', 'rtl'), ['(ریال)', 'مبلغ'].map((w, i) => i === 0 ? ')ریال(' : w), 'brackets mirrored, fontkit reverses them back into place')
  t.same(visualWords('Petrov Ivan', 'ltr'), ['Petrov', 'Ivan'])
  t.ok(fontkitReverses('۱۲'))
  t.notOk(fontkitReverses('12/3'))
  t.same(wrapLogical('aaa bbb ccc', 7, (s) => s.length), ['aaa bbb', 'ccc'])
  t.same(wrapLogical('abcdefghij', 4, (s) => s.length), ['abcd', 'efgh', 'ij'], 'a long word is cut')
})

t.test('numbers and dates per language, exact decimals', async (t) => {
  t.equal(formatter('ru', 'gregorian', 2).money('12345678901234.57'), '12\u00a0345\u00a0678\u00a0901\u00a0234,57', 'no float rounding')
  t.equal(formatter('en', 'gregorian', 2).money('-1234.5'), '−1,234.50')
  t.equal(formatter('sv', 'gregorian', 2).decimal('549.37440000'), '549,3744')
  t.equal(formatter('ru', 'gregorian', 2).volume('4.33792349726775956288'), '≈4,338', 'a long volume to the litre, marked as rounded')
  t.equal(formatter('ru', 'gregorian', 2).volume('14.1243'), '≈14,124')
  t.equal(formatter('en', 'gregorian', 2).volume('8.000'), '8', 'an exact volume as it is')
  t.equal(formatter('fa', 'gregorian', 0).volume('16.5'), '۱۶٫۵')
  t.equal(formatter('fa', 'solar_hijri', 0).money('2300000'), '۲٬۳۰۰٬۰۰۰')
  t.equal(formatter('fa', 'solar_hijri', 0).date('2026-11-22'), '۱۴۰۵/۰۹/۰۱')
  t.equal(formatter('en', 'solar_hijri', 0).date('2026-11-22'), '1405/09/01', 'the tenant\'s calendar, the language\'s digits')
  t.equal(formatter('ru', 'gregorian', 2).interval('2026-10-01', '2026-11-01'), '01.10.2026 – 31.10.2026', 'the last day of [from, to)')
  t.equal(formatter('en', 'gregorian', 2).date('2026-12-03'), '3 Dec 2026')
  t.equal(langOfLocale('fa-IR'), 'fa')
  t.equal(langOfLocale('de-DE'), 'en')
})
