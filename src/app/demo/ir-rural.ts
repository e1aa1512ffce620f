// An Iranian rural water district modelled on seed 002 (Isfahan province,
// Mobarakeh county: consumption pattern 16 m³ per month): residential and
// commercial branches of ½" and ¾" (DN15, DN20), dwelling units, meters read
// in whole m³ every two months of the Solar Hijri calendar.
import { buildSubscriptionNumber } from '../../core/ids/subscription-number.ts'
import { addDays } from '../../core/shared/dates.ts'
import { DEMO_END, DEMO_START, solarHijriPeriodStarts } from './time.ts'
import { count, type DemoTenant } from './types.ts'
import type { DemoWriter } from './writer.ts'
import type { Rng } from './random.ts'

const TZ = 'Asia/Tehran'
const COUNTY = '12'
const VILLAGES = [
  { code: '0317', name: 'کرکوند' }, { code: '0324', name: 'تودشک' }, { code: '0402', name: 'دیزیچه' },
  { code: '0415', name: 'سرارود' }, { code: '0521', name: 'خولنجان' },
]
const GIVEN = ['علی', 'محمد', 'حسین', 'رضا', 'مهدی', 'زهرا', 'فاطمه', 'مریم', 'سکینه', 'عباس', 'حسن', 'معصومه']
const SURNAMES = ['احمدی', 'محمدی', 'حسینی', 'رضایی', 'کریمی', 'موسوی', 'جعفری', 'صادقی', 'رحیمی', 'نوروزی', 'قاسمی', 'اکبری']
const SHOPS = ['نانوایی', 'سوپرمارکت', 'قصابی', 'کارواش', 'آرایشگاه', 'تعمیرگاه']
const persianDigits = (s: string | number) => String(s).replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]!)

/** Reading rounds: a few days before each two-month period ends, per route. */
const PERIOD_STARTS = solarHijriPeriodStarts(DEMO_START, DEMO_END)

async function build(w: DemoWriter, rng: Rng, scale: number): Promise<void> {
  const branches = count(120, scale, 6)
  let serialNo = 0
  for (let i = 0; i < branches; i++) {
    const village = VILLAGES[i % VILLAGES.length]!
    const commercial = i % 7 === 5
    const surname = rng.pick(SURNAMES)
    const c = await w.customer({ kind: 'person', name: rng.pick(GIVEN), surname, phone: `+98 913 ${rng.digits(3)} ${rng.digits(4)}` })
    const alley = rng.int(1, 25)
    const plate = rng.int(1, 90)
    const pr = await w.premises({ customerId: c.id, kind: commercial ? 'building' : 'house',
      address: `روستای ${village.name}، کوچه ${persianDigits(alley)}، پلاک ${persianDigits(plate)}${commercial ? ` (${rng.pick(SHOPS)})` : ''}`,
      city: 'مبارکه', region: 'اصفهان', postalCode: `8481${rng.digits(6)}`, country: 'IR' })
    const number = buildSubscriptionNumber({ county: COUNTY, village: village.code, subscriber: String(100 + i).padStart(4, '0') })
    // The account model needs an INN for non_residential contracts (a Russian identifier):
    // Iranian branches are accounts proven by surname + subscription number; the usage type carries "commercial".
    const a = await w.account({ customerId: c.id, premisesId: pr.id, kind: 'residential', number, ownerSurname: surname,
      usageType: commercial ? 'commercial' : 'residential', openedOn: addDays('2005-03-21', rng.int(0, 6500)) })
    const units = commercial ? 1 : rng.pick([1, 1, 1, 2, 2, 3, 4])
    const diameter = commercial || units >= 3 ? '20' : '15' // ¾" = DN20, ½" = DN15
    const sp = await w.servicePoint({ accountId: a.id, premisesId: pr.id, resource: 'cold_water', usageType: commercial ? 'commercial' : 'residential',
      diameterMm: diameter, dwellingUnits: units, code: `${village.code}-${String(100 + i).padStart(4, '0')}` })
    // Daily use per unit around the 16 m³/month pattern; some households above it.
    const perDay = (commercial ? rng.float(0.3, 1.6) : rng.float(0.3, 0.75)) * units
    const commissionedOn = addDays('2018-03-21', rng.int(0, 2300))
    const initial = rng.int(0, 3)
    const startIndex = initial + Math.round(perDay * (Date.parse(DEMO_START) - Date.parse(commissionedOn)) / 86_400_000)
    const meterId = await w.meter({ servicePointId: sp.id, serial: `IR${COUNTY}${String(++serialNo).padStart(7, '0')}`,
      model: diameter === '20' ? 'WM-20 (¾")' : 'WM-15 (½")', digits: 5, decimals: 0, maxFlowM3h: diameter === '20' ? '5' : '3',
      verificationIntervalMonths: 96, commissionedOn, initialUnits: initial, seals: [`آبفار-${rng.digits(6)}`] })
    const routeOffset = rng.int(2, 9)
    let previous = DEMO_START
    const points = PERIOD_STARTS.map((start) => {
      const date = addDays(start, -routeOffset)
      const days = (Date.parse(date) - Date.parse(previous)) / 86_400_000
      previous = date
      // Summer use is higher (gardens, heat).
      const month = Number(date.slice(5, 7))
      const season = month >= 6 && month <= 9 ? 1.35 : month === 12 || month <= 2 ? 0.8 : 1
      return { date, units: Math.max(1, Math.round(perDay * days * season * rng.float(0.8, 1.2))), hour: rng.int(8, 15), minute: rng.int(0, 59) }
    })
    w.series({ meterId, decimals: 0, kind: 'index', source: 'accounting', timeZone: TZ, startUnits: startIndex, points })
  }
}

export const irRural: DemoTenant = {
  code: 'IR',
  tenantId: '0de30000-0000-4000-8000-000000000002',
  tenant: { name: 'شرکت آب و فاضلاب روستایی اصفهان — امور شهرستان مبارکه (نمایشی)', currency: 'IRR', minorUnits: 0, timeZone: TZ,
    calendar: 'solar_hijri', locale: 'fa-IR', billingPeriodMonths: 2, policy: {} },
  build,
}
