// A Russian vodokanal modelled on seed 000 (Irkutsk): residential personal
// accounts (owner's surname + account number) and non-residential contracts
// (INN + contract number); cold water, hot water (closed and open systems),
// wastewater; flats without meters billed by norm (residents); a transit
// organization with downstream points; a failed meter; an unauthorized connection.
import { innCheckDigits } from '../../core/ids/inn.ts'
import { addDays } from '../../core/shared/dates.ts'
import type { Rng } from './random.ts'
import { DEMO_END, DEMO_START, monthlyDates, monthOf } from './time.ts'
import { count, type DemoTenant } from './types.ts'
import { scaled, type DemoWriter } from './writer.ts'

const TZ = 'Asia/Irkutsk'
const SURNAMES = ['Иванов', 'Петров', 'Смирнов', 'Кузнецов', 'Попов', 'Васильев', 'Соколов', 'Михайлов', 'Новиков', 'Фёдоров',
  'Морозов', 'Волков', 'Алексеев', 'Лебедев', 'Семёнов', 'Егоров', 'Павлов', 'Козлов', 'Степанов', 'Николаев']
const MALE = ['Александр', 'Сергей', 'Дмитрий', 'Андрей', 'Алексей', 'Иван', 'Михаил', 'Николай']
const FEMALE = ['Елена', 'Ольга', 'Татьяна', 'Наталья', 'Ирина', 'Светлана', 'Анна', 'Мария']
const FATHERS = ['Пётр', 'Иван', 'Сергей', 'Александр', 'Виктор', 'Николай']
const PATRONYMIC: Record<string, [string, string]> = {
  'Пётр': ['Петрович', 'Петровна'], 'Иван': ['Иванович', 'Ивановна'], 'Сергей': ['Сергеевич', 'Сергеевна'],
  'Александр': ['Александрович', 'Александровна'], 'Виктор': ['Викторович', 'Викторовна'], 'Николай': ['Николаевич', 'Николаевна'],
}
const STREETS = ['ул. Карла Маркса', 'ул. Ленина', 'ул. Байкальская', 'ул. Лермонтова', 'ул. Советская', 'ул. Партизанская',
  'ул. Декабрьских Событий', 'ул. Рабочая', 'мкр. Университетский', 'ул. Ширямова']
const ORGANIZATIONS = ['ООО «Байкальский хлеб»', 'МБОУ г. Иркутска СОШ № 19', 'ООО «Ангара-Сервис»', 'ООО «Сибирские бани»',
  'ОГАУЗ «Городская поликлиника № 4»', 'ООО «Автомойка Приморская»', 'ООО «Кафе Прибайкалье»', 'ТСЖ «Весна»',
  'ООО «Торговый дом Иркут»', 'ООО «Прачечная Чистюля»', 'МАДОУ г. Иркутска детский сад № 112', 'ООО «Гостиница Ангара-Ривер»']
const CITY = { city: 'Иркутск', region: 'Иркутская область', country: 'RU' }
const CONTROLLER = { name: 'Белых Д. А.', role: 'контролёр МУП «Водоканал» г. Иркутска' }
const SEAL_PLACE = 'накидная гайка прибора учёта'

/** A 10-digit INN of an Irkutsk-region organization with a valid check digit. */
export function organizationInn(rng: Rng): string {
  const body = `38${rng.digits(7)}`
  return `${body}${innCheckDigits(`${body}0`)}`
}

function person(rng: Rng) {
  const female = rng.chance(0.5)
  const surname = rng.pick(SURNAMES) + (female ? 'а' : '')
  const given = rng.pick(female ? FEMALE : MALE)
  const patronymic = PATRONYMIC[rng.pick(FATHERS)]![female ? 1 : 0]
  return { surname, name: `${given} ${patronymic}`, initials: `${surname} ${given[0]}. ${patronymic[0]}.` }
}

/** Reading dates: the 23rd of each month (the portal's submission window), Nov 2024 … Oct 2026. */
const READING_DATES = monthlyDates(DEMO_START, DEMO_END, 23)

/** Monthly volumes in units, with a summer dip for hot water. */
function monthlyUnits(rng: Rng, meanM3: number, decimals: number, summerFactor = 1): { date: string; units: number; hour: number; minute: number }[] {
  return READING_DATES.map((date) => {
    const season = monthOf(date) >= 6 && monthOf(date) <= 8 ? summerFactor : 1
    const m3 = Math.max(0.05, meanM3 * season * rng.float(0.7, 1.3))
    return { date, units: Math.max(1, Math.round(m3 * 10 ** decimals)), hour: rng.int(8, 21), minute: rng.int(0, 59) }
  })
}

/** Commissioned some time before the window, with the index grown since. */
function history(rng: Rng, meanM3PerMonth: number, decimals: number) {
  const commissionedOn = addDays('2021-02-01', rng.int(0, 1300))
  const initialUnits = rng.int(0, 30) * 10 ** decimals
  const months = (Date.parse(`${DEMO_START}T00:00:00Z`) - Date.parse(`${commissionedOn}T00:00:00Z`)) / (30.4 * 86_400_000)
  const startUnits = initialUnits + Math.round(Math.max(0, months) * meanM3PerMonth * 10 ** decimals)
  return { commissionedOn, initialUnits, startUnits }
}

async function build(w: DemoWriter, rng: Rng, scale: number): Promise<void> {
  let serialNo = 0
  let actNo = 0
  const serial = (prefix: string) => `${prefix}-${String(++serialNo).padStart(6, '0')}`
  const actNumber = () => `АВ-${String(++actNo).padStart(4, '0')}`

  /** A metered water service point with its commissioning act and two years of readings. */
  async function meteredPoint(o: { spId: string; meanM3: number; decimals: number; digits: number; model: string; maxFlow: string;
    prefix: string; owner: string; kind?: 'index' | 'consumption'; source?: 'accounting' | 'telemetry'; summer?: number; failOn?: string }) {
    const h = history(rng, o.meanM3, o.decimals)
    const meterId = await w.meter({
      servicePointId: o.spId, serial: serial(o.prefix), model: o.model, digits: o.digits, decimals: o.decimals, maxFlowM3h: o.maxFlow,
      verificationIntervalMonths: 72, readingKind: o.kind ?? 'index', commissionedOn: h.commissionedOn, initialUnits: h.initialUnits,
      seals: [`ВК ${rng.digits(7)}`], act: { number: actNumber(), participants: [{ name: o.owner, role: 'абонент' }, CONTROLLER], sealPlace: SEAL_PLACE },
    })
    let points = monthlyUnits(rng, o.meanM3, o.decimals, o.summer)
    if (o.failOn) points = points.filter((p) => p.date < o.failOn!)
    const last = w.series({ meterId, decimals: o.decimals, kind: o.kind ?? 'index', source: o.source ?? 'accounting', timeZone: TZ,
      startUnits: o.kind === 'consumption' ? 0 : h.startUnits, points })
    return { meterId, last }
  }

  // Residential flats: personal accounts, owner's surname + number.
  const flats = count(40, scale, 4)
  const failAt = Math.floor(flats / 2)
  for (let i = 0; i < flats; i++) {
    const p = person(rng)
    const c = await w.customer({ kind: 'person', name: p.name, surname: p.surname, phone: `+7 902 ${rng.digits(3)}-${rng.digits(2)}-${rng.digits(2)}` })
    const pr = await w.premises({ customerId: c.id, kind: 'flat', address: `${rng.pick(STREETS)}, д. ${rng.int(1, 120)}, кв. ${rng.int(1, 180)}`,
      ...CITY, postalCode: `6640${rng.int(10, 81)}`, areaM2: String(rng.int(28, 95)) })
    const a = await w.account({ customerId: c.id, premisesId: pr.id, kind: 'residential', number: `38${String(100000 + i * 17 + rng.int(0, 16)).padStart(6, '0')}`,
      ownerSurname: p.surname, usageType: 'residential', openedOn: addDays('2008-01-01', rng.int(0, 5000)) })
    const residents = rng.int(1, 5)
    // Every fifth flat (not the first) has no meters: billed by the norm per resident.
    const metered = i === 0 || i % 5 !== 3
    const cold = await w.servicePoint({ accountId: a.id, premisesId: pr.id, resource: 'cold_water', usageType: 'residential', diameterMm: '15' })
    const hot = await w.servicePoint({ accountId: a.id, premisesId: pr.id, resource: 'hot_water', usageType: 'residential', diameterMm: '15', hotWaterSystem: 'closed' })
    const waste = await w.servicePoint({ accountId: a.id, premisesId: pr.id, resource: 'wastewater', usageType: 'residential' })
    for (const sp of [cold, hot, waste]) await w.residents(sp.id, '2024-01-01', residents)
    if (!metered) {
      // A family grew: the registered residents change during the window.
      if (i % 10 === 3) for (const sp of [cold, hot, waste]) await w.residents(sp.id, '2025-09-01', residents + 1)
      continue
    }
    const failOn = i === failAt ? '2026-03-14' : undefined
    const c1 = await meteredPoint({ spId: cold.id, meanM3: 3.2 * residents, decimals: 3, digits: 5, model: 'ВСКМ 90-15', maxFlow: '3', prefix: 'X', owner: p.initials, failOn })
    await meteredPoint({ spId: hot.id, meanM3: 2.1 * residents, decimals: 3, digits: 5, model: 'ВСГ-15', maxFlow: '3', prefix: 'G', owner: p.initials, summer: 0.6 })
    if (failOn) {
      await w.act({ servicePointId: cold.id, meterId: c1.meterId, number: 'АН-2026-0042', drawnUpOn: '2026-03-16',
        details: { kind: 'failure', failedOn: failOn, reason: 'mechanical_damage', meterIndex: scaled(c1.last + 400, 3),
          description: 'Трещина корпуса счётного механизма, показания не изменяются' } })
    }
  }

  // Non-residential contracts: INN + contract number.
  const orgs = count(12, scale, 3)
  const coldPoints: string[] = []
  for (let i = 0; i < orgs; i++) {
    const name = ORGANIZATIONS[i % ORGANIZATIONS.length]!
    const inn = organizationInn(rng)
    const c = await w.customer({ kind: 'organization', name, inn, email: `info${i + 1}@example.ru` })
    const pr = await w.premises({ customerId: c.id, kind: 'building', address: `${rng.pick(STREETS)}, д. ${rng.int(1, 120)}`, ...CITY,
      postalCode: `6640${rng.int(10, 81)}`, areaM2: String(rng.int(150, 4000)) })
    const a = await w.account({ customerId: c.id, premisesId: pr.id, kind: 'non_residential', number: `${1000 + i * 7}/${2012 + rng.int(0, 12)}`,
      contractInn: inn, usageType: 'non_residential', openedOn: addDays('2012-01-01', rng.int(0, 4000)) })
    const diameter = rng.pick(['20', '25', '32', '40', '50'])
    const cold = await w.servicePoint({ accountId: a.id, premisesId: pr.id, resource: 'cold_water', usageType: 'non_residential', diameterMm: diameter,
      code: `ВВ-${1000 + i}`, lossesPercent: i % 4 === 1 ? '1.5' : null })
    await w.servicePoint({ accountId: a.id, premisesId: pr.id, resource: 'wastewater', usageType: 'non_residential', code: `КВ-${1000 + i}` })
    const mean = rng.float(15, 250)
    await meteredPoint({ spId: cold.id, meanM3: mean, decimals: 2, digits: 6, model: 'ВСХд-32', maxFlow: '12', prefix: 'N', owner: name,
      source: i % 3 === 0 ? 'telemetry' : 'accounting' })
    coldPoints.push(cold.id)
    if (i === 0) {
      // Closed hot-water system: the hot-water meter's index is read (portal column «Показания ХВС»).
      const hot = await w.servicePoint({ accountId: a.id, premisesId: pr.id, resource: 'hot_water', usageType: 'non_residential', diameterMm: '25', hotWaterSystem: 'closed' })
      await meteredPoint({ spId: hot.id, meanM3: mean * 0.4, decimals: 2, digits: 6, model: 'ВСГд-25', maxFlow: '7', prefix: 'NG', owner: name, summer: 0.7 })
    }
    if (i === 1) {
      // Open hot-water system: the customer reports the month's consumption («Расход ГВС»).
      const hot = await w.servicePoint({ accountId: a.id, premisesId: pr.id, resource: 'hot_water', usageType: 'non_residential', diameterMm: '25', hotWaterSystem: 'open' })
      await meteredPoint({ spId: hot.id, meanM3: mean * 0.3, decimals: 2, digits: 6, model: 'ВСГд-25', maxFlow: '7', prefix: 'NG', owner: name, kind: 'consumption', summer: 0.7 })
    }
    if (i === 2) {
      // An unauthorized connection found by an inspection and eliminated.
      await w.act({ servicePointId: cold.id, number: 'АНП-2025-017', drawnUpOn: '2025-08-19', signedByCustomer: false,
        details: { kind: 'unauthorized_connection', from: '2025-06-03', to: '2025-08-19', diameterMm: '32', network: 'water' } })
    }
  }

  // A transit organization passing water on to downstream points (Decree 776 §20).
  const tInn = organizationInn(rng)
  const tc = await w.customer({ kind: 'organization', name: 'ООО «Промводсеть»', inn: tInn, email: 'dispatch@example.ru' })
  const tp = await w.premises({ customerId: tc.id, kind: 'building', address: 'ул. Трактовая, д. 18, насосная станция', ...CITY, postalCode: '664040' })
  const ta = await w.account({ customerId: tc.id, premisesId: tp.id, kind: 'non_residential', number: '777/2015', contractInn: tInn,
    usageType: 'non_residential', openedOn: '2015-03-01' })
  const tsp = await w.servicePoint({ accountId: ta.id, premisesId: tp.id, resource: 'cold_water', usageType: 'non_residential', diameterMm: '100',
    transitOrganization: true, code: 'ВВ-ТР-1', lossesVolumeM3: '12.5' })
  await meteredPoint({ spId: tsp.id, meanM3: 1800, decimals: 1, digits: 7, model: 'ВСХНд-100', maxFlow: '120', prefix: 'T', owner: 'ООО «Промводсеть»', source: 'telemetry' })
  for (const down of coldPoints.slice(-3)) await w.link(tsp.id, down)
}

export const ruVodokanal: DemoTenant = {
  code: 'RU',
  tenantId: '0de30000-0000-4000-8000-000000000001',
  tenant: { name: 'МУП «Водоканал» г. Иркутска (демо)', currency: 'RUB', minorUnits: 2, timeZone: TZ, calendar: 'gregorian',
    locale: 'ru-RU', billingPeriodMonths: 1, policy: {} },
  build,
}
