// The written warning as a letter (PDF): who it is to, when and how it was
// sent, the debt on that day with the bills then open, and what follows if it
// stays unpaid (seed 002 item 4: 3 unpaid periods after a written warning).
import { dec } from '../../../core/shared/decimal.ts'
import { formatter } from '../format.ts'
import { isRtl, type Lang } from '../lang.ts'
import { LABELS } from '../labels.ts'
import type { WarningLetterView } from '../../letters/warning-letter.ts'
import { currencyWord } from './currency.ts'
import { drawParties, drawTitle } from './blocks.ts'
import { Sheet } from './sheet.ts'

interface LetterText { nonpayment: string; missingReadings: string; issuedOn: string; deliveredOn: string; channel: string; reference: string;
  debtOn: string; openBills: string; nonpaymentBody: string; missingReadingsBody: string }

const TEXT: Record<Lang, LetterText> = {
  ru: { nonpayment: 'Предупреждение о задолженности', missingReadings: 'Уведомление о непредставлении показаний', issuedOn: 'Дата', deliveredOn: 'Вручено',
    channel: 'Способ', reference: 'Исх. №', debtOn: 'Задолженность на дату', openBills: 'Неоплаченные документы',
    nonpaymentBody: 'Просим погасить задолженность. При неоплате трёх расчётных периодов подряд после настоящего предупреждения подача воды может быть ограничена.',
    missingReadingsBody: 'Показания прибора учёта не передавались. Просим передать показания или обеспечить доступ к прибору учёта.' },
  sv: { nonpayment: 'Betalningspåminnelse före avstängning', missingReadings: 'Meddelande om saknad mätarställning', issuedOn: 'Datum', deliveredOn: 'Mottaget',
    channel: 'Sätt', reference: 'Referens', debtOn: 'Skuld per dag', openBills: 'Obetalda fakturor',
    nonpaymentBody: 'Vi ber dig betala skulden. Är tre perioder i följd obetalda efter denna påminnelse kan leveransen stängas av.',
    missingReadingsBody: 'Vi har inte fått någon mätarställning. Rapportera mätarställningen eller ge oss tillgång till mätaren.' },
  en: { nonpayment: 'Warning before disconnection', missingReadings: 'Notice of missing meter readings', issuedOn: 'Date', deliveredOn: 'Delivered',
    channel: 'Sent by', reference: 'Reference', debtOn: 'Debt on', openBills: 'Unpaid bills',
    nonpaymentBody: 'Please settle the debt. If three consecutive periods remain unpaid after this warning, the supply may be disconnected.',
    missingReadingsBody: 'No meter reading has reached us. Please submit a reading or give access to the meter.' },
  fa: { nonpayment: 'اخطار قطع به دلیل عدم پرداخت', missingReadings: 'اطلاعیه عدم ارائه کارکرد کنتور', issuedOn: 'تاریخ', deliveredOn: 'تحویل',
    channel: 'روش ارسال', reference: 'شماره', debtOn: 'بدهی در تاریخ', openBills: 'قبوض پرداخت نشده',
    nonpaymentBody: 'لطفاً بدهی را پرداخت کنید. در صورت عدم پرداخت سه دوره متوالی پس از این اخطار، آب قطع خواهد شد.',
    missingReadingsBody: 'کارکرد کنتور دریافت نشده است. لطفاً کارکرد را اعلام کنید یا دسترسی به کنتور را فراهم کنید.' },
}

export async function renderWarningLetter(v: WarningLetterView): Promise<Buffer> {
  const L = LABELS[v.lang]
  const T = TEXT[v.lang]
  const f = formatter(v.lang, v.tenant.calendar, v.tenant.minorUnits)
  const cur = currencyWord(v.lang, v.tenant.currency)
  const w = v.warning
  const title = w.kind === 'nonpayment' ? T.nonpayment : T.missingReadings
  const sheet = new Sheet(isRtl(v.lang), { title: `${title} ${v.account.number}`, author: v.payee.name })
  drawTitle(sheet, v.payee, title, w.reference ? f.digits(w.reference) : f.date(w.issuedOn), L)
  const dates: Array<[string, string]> = [[T.issuedOn, f.date(w.issuedOn)], [T.channel, w.channel.replaceAll('_', ' ')]]
  if (w.deliveredOn) dates.push([T.deliveredOn, f.date(w.deliveredOn)])
  if (w.reference) dates.push([T.reference, f.digits(w.reference)])
  drawParties(sheet, v, L, dates, f.digits)

  sheet.y += sheet.text(w.kind === 'nonpayment' ? T.nonpaymentBody : T.missingReadingsBody, 0, sheet.width, sheet.y, { size: 10 }) + 10
  if (w.kind === 'nonpayment') {
    const debt = dec(v.debtOn)
    sheet.y += sheet.text(`${T.debtOn} ${f.date(w.issuedOn)}: ${f.money(debt.lt(0) ? '0' : v.debtOn)} ${cur}`, 0, sheet.width, sheet.y, { size: 11, bold: true }) + 8
    if (v.openBills.length) {
      sheet.y += sheet.text(T.openBills, 0, sheet.width, sheet.y, { size: 9, bold: true }) + 3
      for (const b of v.openBills) {
        sheet.ensure(14)
        sheet.text(`${L.billNo} ${f.digits(b.number)}`, 0, 160, sheet.y, { size: 9 })
        sheet.text(`${L.period} ${f.date(b.periodStart)}`, 160, 150, sheet.y, { size: 9 })
        sheet.text(`${L.dueOn} ${f.date(b.dueOn)}`, 310, 110, sheet.y, { size: 9 })
        sheet.y += sheet.text(`${f.money(b.open)} ${cur}`, 420, sheet.width - 420, sheet.y, { size: 9, align: 'end' }) + 2
      }
    }
  }
  if (w.note) { sheet.y += 8; sheet.y += sheet.text(w.note, 0, sheet.width, sheet.y, { size: 9, color: '#333' }) }
  return sheet.toBuffer()
}
