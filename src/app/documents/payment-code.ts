// What a payer needs to pay a bill, per market (conventions.md):
// RUB → the GOST R 56042-2014 QR payload; IRR → bill ID and payment ID and
// their barcode; SEK → the OCR reference (and the payee's Bankgiro).
import { dec } from '../../core/shared/decimal.ts'
import { gostQrPayload, rublesToKopecks } from '../../core/ids/gost-qr.ts'
import { buildBillId, buildPaymentId } from '../../core/ids/iran-bill-id.ts'
import { buildOcr } from '../../core/ids/swedish-ocr.ts'
import type { PayeeDetails } from './payee-details.ts'
import { solarHijriPeriod, toSolarHijri } from '../../core/shared/solar-hijri.ts'

export type PaymentCode =
  | { kind: 'gost_qr'; payload: string }
  | { kind: 'iran'; billId: string; paymentId: string | null; barcode: string | null }
  | { kind: 'ocr'; reference: string; bankgiro: string | null }
  | { kind: 'none' }

export interface PaymentCodeInput {
  currency: string
  payee: PayeeDetails | null
  accountNumber: string
  billNumber: string
  /** what the bill asks for now, a decimal string (≤ 0: nothing to pay) */
  payable: string
  periodStart: string
  purpose: string
}

export function paymentCode(input: PaymentCodeInput): PaymentCode {
  switch (input.currency) {
    case 'RUB': return russianQr(input)
    case 'IRR': return iranianIds(input)
    case 'SEK': return swedishOcr(input)
    default: return { kind: 'none' }
  }
}

function russianQr({ payee, payable, accountNumber, periodStart, purpose }: PaymentCodeInput): PaymentCode {
  if (!payee?.bankAccount || !payee.bankName || !payee.bic || !payee.correspondentAccount) return { kind: 'none' }
  const amount = dec(payable)
  const optional: Array<[string, string]> = []
  if (amount.gt(0)) optional.push(['Sum', rublesToKopecks(amount.toFixed(2))])
  optional.push(['Purpose', purpose.slice(0, 210)])
  if (payee.inn) optional.push(['PayeeINN', payee.inn])
  if (payee.kpp) optional.push(['KPP', payee.kpp])
  optional.push(['PersAcc', accountNumber], ['PaymPeriod', `${periodStart.slice(5, 7)}${periodStart.slice(0, 4)}`], ['TechCode', '02'])
  return { kind: 'gost_qr', payload: gostQrPayload({ Name: payee.name, PersonalAcc: payee.bankAccount, BankName: payee.bankName, BIC: payee.bic,
    CorrespAcc: payee.correspondentAccount, optional }) }
}

/**
 * Bill ID: the subscriber's file is the account number's last 8 digits
 * (ASSUMPTION: the subscription number without county, as the file number is
 * not kept separately). Payment ID: the payable in thousands of rials, the
 * Solar Hijri year's last digit and the two-month period of the bill.
 * Barcode (ASSUMPTION, the banks' common practice): bill ID and payment ID,
 * each zero-padded to 13 digits.
 */
function iranianIds({ payee, accountNumber, payable, periodStart }: PaymentCodeInput): PaymentCode {
  const file = accountNumber.replace(/\D/g, '').slice(-8)
  if (!payee?.billIdCompanyCode || file === '') return { kind: 'none' }
  const billId = buildBillId({ file, company: payee.billIdCompanyCode, service: 1 })
  const amount = dec(payable)
  if (amount.lte(0) || !amount.mod(1000).eq(0)) return { kind: 'iran', billId, paymentId: null, barcode: null }
  const h = toSolarHijri(periodStart)
  const paymentId = buildPaymentId(billId, { amountRials: amount.toFixed(0), yearDigit: h.year % 10, period: solarHijriPeriod(h.month) })
  return { kind: 'iran', billId, paymentId, barcode: `${billId.padStart(13, '0')}${paymentId.padStart(13, '0')}` }
}

/** OCR reference from the bill number with the length digit and Luhn digit (Bankgirot). */
function swedishOcr({ payee, billNumber }: PaymentCodeInput): PaymentCode {
  const base = billNumber.replace(/\D/g, '')
  if (base === '' || base.length > 23) return { kind: 'none' }
  return { kind: 'ocr', reference: buildOcr(base), bankgiro: payee?.bankgiro ?? null }
}
