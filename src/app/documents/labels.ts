// The texts of payment documents and reconciliation acts in each language.
// Words follow the sources: the Russian unified payment document (Decree 354
// §69), the Iranian water bill (seed 002 item 18), the Swedish faktura.
import type { Lang } from './lang.ts'

export interface Labels {
  paymentDocument: string
  correctionBill: string
  billNo: string
  issuedOn: string
  period: string
  periodNo: string
  dueOn: string
  payee: string
  payer: string
  account: string
  address: string
  inn: string
  orgNumber: string
  vatNumber: string
  bank: string
  service: string
  method: string
  interval: string
  volume: string
  rate: string
  amount: string
  charges: string
  rounding: string
  debt: string
  credit: string
  payable: string
  nothingToPay: string
  paid: string
  balance: string
  balanceDebt: string
  balanceCredit: string
  asOf: string
  payWith: string
  qrHint: string
  billId: string
  paymentId: string
  ocr: string
  bankgiro: string
  noPaymentCode: string
  reconciliationAct: string
  from: string
  to: string
  openingBalance: string
  payments: string
  adjustments: string
  penalties: string
  closingBalance: string
  date: string
  document: string
  debit: string
  creditColumn: string
  noEntries: string
  /** the normative surcharge line: n × N × (K − 1) (memo 003) */
  normativeSurcharge: string
  /** the meter readings block (seed 002 items 13–17; Decree 354 §69) */
  readings: string
  meter: string
  previousDate: string
  previousIndex: string
  currentDate: string
  currentIndex: string
  days: string
  consumption: string
  perDay: string
  /** the billed volume differs from the readings' difference: interpolated to the period's days */
  readingsInterpolated: string
  /** totals of a bill with tax lines: without tax, the tax */
  chargesExclTax: string
  /** the total of a bill with tax lines */
  chargesInclTax: string
  /** cubic metres in the reader's words */
  m3: string
  taxTotal: string
  /** an estimated volume, corrected once the reading arrives (conventions.md) */
  estimated: string
  /** the allowed consumption's pattern, per unit per month (seed 002 item 18) */
  pattern: string
  methods: Record<string, string>
  services: Record<string, string>
  lines: Record<string, string>
  kinds: Record<string, string>
  ledgerKinds: Record<string, string>
}

const ru: Labels = {
  paymentDocument: 'Платёжный документ', correctionBill: 'Корректировочный счёт', billNo: '№', issuedOn: 'Дата выставления', period: 'Расчётный период',
  periodNo: 'Период / год', dueOn: 'Оплатить до', payee: 'Получатель', payer: 'Плательщик', account: 'Лицевой счёт', address: 'Адрес', inn: 'ИНН',
  bank: 'Банк', service: 'Услуга', method: 'Способ расчёта', interval: 'Дни', volume: 'Объём, м³', rate: 'Тариф', amount: 'Сумма',
  charges: 'Начислено за период', rounding: 'Округление', debt: 'Задолженность на начало периода', credit: 'Переплата на начало периода',
  payable: 'Итого к оплате', nothingToPay: 'К оплате ничего нет', paid: 'Оплачено по документу', balance: 'Баланс лицевого счёта',
  balanceDebt: 'долг', balanceCredit: 'переплата', asOf: 'на', payWith: 'Оплата', qrHint: 'Отсканируйте QR-код в приложении банка (ГОСТ Р 56042-2014)',
  billId: 'Идентификатор счёта', paymentId: 'Идентификатор платежа', ocr: 'OCR-номер', bankgiro: 'Bankgiro',
  noPaymentCode: 'Реквизиты для оплаты не заданы', reconciliationAct: 'Акт сверки взаимных расчётов', from: 'с', to: 'по',
  openingBalance: 'Сальдо на начало', payments: 'Оплачено', adjustments: 'Корректировки', penalties: 'Пени', closingBalance: 'Сальдо на конец',
  date: 'Дата', document: 'Документ', debit: 'Дебет', creditColumn: 'Кредит', noEntries: 'Операций за период нет', normativeSurcharge: 'повышающий коэффициент',
  readings: 'Показания приборов учёта', meter: 'Прибор учёта №', previousDate: 'Дата пред.', previousIndex: 'Пред. показания', currentDate: 'Дата тек.',
  currentIndex: 'Тек. показания', days: 'Дней', consumption: 'Расход, м³', perDay: 'В сутки, м³', readingsInterpolated: 'объём за период рассчитан по дням между показаниями',
  chargesExclTax: 'Начислено без НДС', taxTotal: 'НДС', estimated: 'расчётно до поступления показаний', pattern: 'норма',
  orgNumber: 'Рег. №', vatNumber: 'ИНН плательщика НДС',
  chargesInclTax: 'Итого с НДС', m3: 'м³',
  methods: { metered: 'по прибору учёта', normative: 'по нормативу', averaged: 'по среднему', guaranteed_volume: 'гарантированный объём',
    capacity: 'по пропускной способности', summation: 'по сумме объёмов', wastewater_by_supply: 'по объёму водопотребления' },
  services: { cold_water: 'Холодное водоснабжение', hot_water: 'Горячее водоснабжение', wastewater: 'Водоотведение', electricity: 'Электроэнергия',
    district_heating: 'Отопление', solar_production: 'Солнечная генерация' },
  lines: { surcharge: 'повышающий коэффициент', vat: 'НДС', subscription: 'абонентская плата', fixed_fee: 'постоянная плата' },
  kinds: { volume: '', fixed_fee: 'постоянная плата', surcharge: 'надбавка', tax: 'налог', rounding: 'округление', info: 'справочно' },
  ledgerKinds: { charge: 'Начисление', payment: 'Оплата', payment_reversal: 'Возврат оплаты', adjustment: 'Корректировка', penalty: 'Пени' },
}

const fa: Labels = {
  paymentDocument: 'قبض آب', correctionBill: 'قبض اصلاحی', billNo: 'شماره', issuedOn: 'تاریخ صدور', period: 'از تاریخ تا تاریخ', periodNo: 'دوره / سال',
  dueOn: 'مهلت پرداخت', payee: 'شرکت', payer: 'مشترک', account: 'شماره اشتراک', address: 'نشانی', inn: 'شناسه ملی', bank: 'بانک',
  service: 'شرح', method: 'روش محاسبه', interval: 'روزها', volume: 'مصرف (مترمکعب)', rate: 'نرخ', amount: 'مبلغ (ریال)',
  charges: 'جمع هزینه‌ها', rounding: 'کسر / مانده', debt: 'بدهی', credit: 'بستانکاری', payable: 'مبلغ قابل پرداخت',
  nothingToPay: 'مبلغی برای پرداخت نیست', paid: 'پرداخت شده', balance: 'مانده حساب', balanceDebt: 'بدهکار', balanceCredit: 'بستانکار', asOf: 'در تاریخ',
  payWith: 'پرداخت', qrHint: '', billId: 'شناسه قبض', paymentId: 'شناسه پرداخت', ocr: 'OCR', bankgiro: 'Bankgiro',
  noPaymentCode: 'اطلاعات پرداخت تعریف نشده است', reconciliationAct: 'صورت تطبیق حساب', from: 'از', to: 'تا',
  openingBalance: 'مانده ابتدای دوره', payments: 'پرداخت‌ها', adjustments: 'اصلاحات', penalties: 'جریمه', closingBalance: 'مانده پایان دوره',
  date: 'تاریخ', document: 'شرح', debit: 'بدهکار', creditColumn: 'بستانکار', noEntries: 'در این دوره گردشی نیست', normativeSurcharge: 'ضریب افزایشی',
  readings: 'قرائت کنتور', meter: 'شماره کنتور', previousDate: 'تاریخ قرائت قبلی', previousIndex: 'شماره قرائت قبلی', currentDate: 'تاریخ قرائت فعلی',
  currentIndex: 'شماره قرائت فعلی', days: 'تعداد روز', consumption: 'میزان مصرف', perDay: 'متوسط مصرف روزانه', readingsInterpolated: 'مصرف دوره به نسبت روزهای بین دو قرائت محاسبه شده است',
  chargesExclTax: 'جمع بدون عوارض و مالیات', taxTotal: 'عوارض و مالیات', estimated: 'برآوردی تا قرائت بعدی', pattern: 'الگو',
  orgNumber: 'شناسه ملی', vatNumber: 'شماره اقتصادی',
  chargesInclTax: 'جمع هزینه‌ها', m3: 'مترمکعب',
  methods: { metered: 'کنتور', normative: 'سرانه', averaged: 'میانگین', guaranteed_volume: 'حجم تضمینی', capacity: 'ظرفیت انشعاب', summation: 'جمع حجم‌ها', wastewater_by_supply: 'بر اساس مصرف آب' },
  services: { cold_water: 'آب', hot_water: 'آب گرم', wastewater: 'فاضلاب', electricity: 'برق', district_heating: 'گرمایش', solar_production: 'تولید خورشیدی' },
  // the seed's own item names (seed 002 item 18: items 17–29)
  lines: { water_price: 'آب بها', subscription: 'آبونمان آب', duties_and_tax: 'عوارض و مالیات', water_project: 'طرح آبرسانی', excess: 'مصرف مازاد بر الگو',
    allowed: 'مصرف مجاز', average_daily: 'متوسط مصرف روزانه', cost_price: 'قیمت تمام شده', subsidy: 'یارانه پرداختی دولت', surcharge: 'ضریب افزایشی',
    fixed_fee: 'آبونمان', vat: 'مالیات بر ارزش افزوده' },
  kinds: { volume: '', fixed_fee: 'آبونمان', surcharge: 'افزوده', tax: 'مالیات', rounding: 'کسر / مانده', info: 'اطلاعات' },
  ledgerKinds: { charge: 'صدور قبض', payment: 'پرداخت', payment_reversal: 'برگشت پرداخت', adjustment: 'اصلاح', penalty: 'جریمه' },
}

const sv: Labels = {
  paymentDocument: 'Faktura', correctionBill: 'Kreditfaktura / rättelse', billNo: 'Fakturanummer', issuedOn: 'Fakturadatum', period: 'Period',
  periodNo: 'Period / år', dueOn: 'Förfallodatum', payee: 'Betalningsmottagare', payer: 'Kund', account: 'Kundnummer', address: 'Anläggningsadress',
  inn: 'Org.nr', bank: 'Bank', service: 'Tjänst', method: 'Beräkning', interval: 'Dagar', volume: 'Mängd, m³', rate: 'Pris', amount: 'Belopp',
  charges: 'Periodens avgifter', rounding: 'Öresavrundning', debt: 'Tidigare skuld', credit: 'Tidigare tillgodo', payable: 'Att betala',
  nothingToPay: 'Inget att betala', paid: 'Betalt', balance: 'Kontosaldo', balanceDebt: 'skuld', balanceCredit: 'tillgodo', asOf: 'per',
  payWith: 'Betalning', qrHint: '', billId: 'Bill ID', paymentId: 'Payment ID', ocr: 'OCR-nummer', bankgiro: 'Bankgiro',
  noPaymentCode: 'Betalningsuppgifter saknas', reconciliationAct: 'Kontoavstämning', from: 'från', to: 'till',
  openingBalance: 'Ingående saldo', payments: 'Inbetalningar', adjustments: 'Justeringar', penalties: 'Dröjsmålsränta', closingBalance: 'Utgående saldo',
  date: 'Datum', document: 'Verifikation', debit: 'Debet', creditColumn: 'Kredit', noEntries: 'Inga transaktioner under perioden', normativeSurcharge: 'förhöjningstillägg',
  readings: 'Mätarställningar', meter: 'Mätare', previousDate: 'Avläst från', previousIndex: 'Ställning', currentDate: 'Avläst till',
  currentIndex: 'Ställning', days: 'Dagar', consumption: 'Förbrukning, m³', perDay: 'Per dygn, m³', readingsInterpolated: 'periodens förbrukning fördelad per dag mellan avläsningarna',
  chargesExclTax: 'Summa exkl. moms', taxTotal: 'Moms', estimated: 'preliminär, rättas vid nästa avläsning', pattern: 'mönster',
  orgNumber: 'Org.nr', vatNumber: 'Momsreg.nr',
  chargesInclTax: 'Summa inkl. moms', m3: 'm³',
  methods: { metered: 'mätaravläsning', normative: 'schablon', averaged: 'uppskattad (medel)', guaranteed_volume: 'garanterad volym',
    capacity: 'kapacitet', summation: 'summering', wastewater_by_supply: 'enligt vattenförbrukning', estimated: 'uppskattad', pickups_by_frequency: 'tömningar enligt intervall' },
  services: { cold_water: 'Vatten', hot_water: 'Varmvatten', wastewater: 'Avlopp', electricity: 'El', district_heating: 'Fjärrvärme', solar_production: 'Solproduktion',
    waste_collection: 'Renhållning' },
  lines: { vat: 'Moms', fixed_fee: 'Fast avgift', surcharge: 'Tillägg', water: 'Förbrukningsavgift', cold_water: 'Förbrukningsavgift', subscription: 'Abonnemangsavgift',
    network_fee: 'Nätavgift, fast', transfer_fee: 'Elöverföring', energy_tax: 'Energiskatt', energy_price: 'Energipris', power_fee: 'Effektavgift',
    production_compensation: 'Ersättning för såld el', network_benefit: 'Nätnytta', basic_fee: 'Grundavgift', collection_fee: 'Hämtningsavgift' },
  kinds: { volume: '', fixed_fee: 'fast avgift', surcharge: 'tillägg', tax: 'moms', rounding: 'avrundning', info: 'information' },
  ledgerKinds: { charge: 'Faktura', payment: 'Inbetalning', payment_reversal: 'Återförd betalning', adjustment: 'Justering', penalty: 'Ränta' },
}

const en: Labels = {
  paymentDocument: 'Payment document', correctionBill: 'Correction bill', billNo: 'No.', issuedOn: 'Issued', period: 'Billing period',
  periodNo: 'Period / year', dueOn: 'Due date', payee: 'Payee', payer: 'Customer', account: 'Account', address: 'Address', inn: 'Tax ID', bank: 'Bank',
  service: 'Service', method: 'Method', interval: 'Days', volume: 'Volume, m³', rate: 'Rate', amount: 'Amount',
  charges: 'Charges for the period', rounding: 'Rounding', debt: 'Debt brought forward', credit: 'Credit brought forward', payable: 'Amount payable',
  nothingToPay: 'Nothing to pay', paid: 'Paid on this bill', balance: 'Account balance', balanceDebt: 'debt', balanceCredit: 'credit', asOf: 'as of',
  payWith: 'Payment', qrHint: 'Scan the QR code in a banking app (GOST R 56042-2014)', billId: 'Bill ID', paymentId: 'Payment ID',
  ocr: 'OCR reference', bankgiro: 'Bankgiro', noPaymentCode: 'Payment details are not configured', reconciliationAct: 'Reconciliation act',
  from: 'from', to: 'to', openingBalance: 'Opening balance', payments: 'Payments', adjustments: 'Adjustments', penalties: 'Penalties',
  closingBalance: 'Closing balance', date: 'Date', document: 'Document', debit: 'Debit', creditColumn: 'Credit', noEntries: 'No entries in the period', normativeSurcharge: 'increasing coefficient',
  readings: 'Meter readings', meter: 'Meter', previousDate: 'Previous reading', previousIndex: 'Index', currentDate: 'Current reading',
  currentIndex: 'Index', days: 'Days', consumption: 'Consumption, m³', perDay: 'Per day, m³', readingsInterpolated: 'the period\'s volume is shared out by days between the readings',
  chargesExclTax: 'Charges before tax', taxTotal: 'Tax', estimated: 'estimated until the next reading', pattern: 'pattern',
  orgNumber: 'Org. no.', vatNumber: 'VAT no.',
  chargesInclTax: 'Charges incl. tax', m3: 'm³',
  methods: { metered: 'metered', normative: 'normative', averaged: 'averaged', guaranteed_volume: 'guaranteed volume', capacity: 'capacity', summation: 'summation', wastewater_by_supply: 'by water supplied',
    estimated: 'estimated', pickups_by_frequency: 'pickups by frequency' },
  services: { cold_water: 'Cold water', hot_water: 'Hot water', wastewater: 'Wastewater', electricity: 'Electricity', district_heating: 'District heating',
    solar_production: 'Solar production', waste_collection: 'Waste collection' },
  lines: { vat: 'VAT', fixed_fee: 'fixed fee', water_price: 'water price', subscription: 'subscription fee', duties_and_tax: 'duties and tax', water_project: 'water-project charge',
    excess: 'excess over allowed', allowed: 'allowed consumption', average_daily: 'average daily use', cost_price: 'cost price', subsidy: 'government subsidy',
    network_fee: 'network fee', transfer_fee: 'transfer fee', energy_tax: 'energy tax', energy_price: 'energy price', power_fee: 'power fee',
    production_compensation: 'compensation for energy sold', network_benefit: 'network benefit', basic_fee: 'basic fee', collection_fee: 'collection fee' },
  kinds: { volume: '', fixed_fee: 'fixed fee', surcharge: 'surcharge', tax: 'tax', rounding: 'rounding', info: 'for information' },
  ledgerKinds: { charge: 'Charge', payment: 'Payment', payment_reversal: 'Payment reversed', adjustment: 'Adjustment', penalty: 'Penalty' },
}

export const LABELS: Record<Lang, Labels> = { ru, fa, sv, en }

/** A code from the data (a method, a service) in words, or the code itself when we have no words for it. */
export const word = (table: Record<string, string>, code: string): string => table[code] ?? code.replace(/_/g, ' ')
