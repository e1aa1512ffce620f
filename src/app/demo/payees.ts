// The payee details of the demo tenants, printed on their payment documents
// and behind their payment codes: Russian bank details for the GOST R 56042
// QR, the Iranian company code of bill IDs, a Swedish Bankgiro for OCR
// payments. Sample values that pass every check digit; no real accounts.
import type { PayeeDetails } from '../documents/payee-details.ts'

export const RU_PAYEE = {
  name: 'МУП «Водоканал» г. Иркутска', address: '664081, Иркутск, ул. Станиславского, 2', inn: '1234567894', kpp: '380801001',
  bankAccount: '40702810138250123017', bankName: 'ПАО Сбербанк', bic: '044525225', correspondentAccount: '30101810400000000225',
} satisfies PayeeDetails
export const IR_PAYEE = { name: 'شرکت آب و فاضلاب روستایی اصفهان', address: 'اصفهان، خیابان شیخ صدوق', billIdCompanyCode: '123' } satisfies PayeeDetails
// The demo Swedish tenant is Arvika's municipal utility (seed 001): the municipal company that bills
// electricity, district heating, water and waste (not only its water department), the municipality's
// postal address, a municipal organisation number (212000-…, Luhn) with its VAT number (SE + org.nr + 01).
export const SE_PAYEE = { name: 'Arvika Kommunnät, Arvika kommun', address: 'Box 1, 671 81 Arvika (besök: Ö. Esplanaden 5)', orgNumber: '212000-1850',
  vatNumber: 'SE212000185001', bankgiro: '870-4413' } satisfies PayeeDetails

export const DEMO_PAYEES: Record<'RU' | 'IR' | 'SE', PayeeDetails> = { RU: RU_PAYEE, IR: IR_PAYEE, SE: SE_PAYEE }
