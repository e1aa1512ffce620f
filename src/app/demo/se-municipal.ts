// A Swedish municipal utility modelled on seed 001 ("Mina Sidor", Arvika):
// customers with several addresses (facilities), each with water,
// electricity and waste collection, some with district heating and a solar
// production plant; one bill run bills them all (issue 12 §1).
import { addDays } from '../../core/shared/dates.ts'
import { DEMO_END, DEMO_START, monthlyDates, monthOf } from './time.ts'
import { count, type DemoTenant } from './types.ts'
import type { DemoWriter } from './writer.ts'
import type { Rng } from './random.ts'

const TZ = 'Europe/Stockholm'
const GIVEN = ['Anna', 'Erik', 'Maria', 'Lars', 'Karin', 'Johan', 'Eva', 'Anders', 'Sara', 'Per', 'Lena', 'Mikael']
const SURNAMES = ['Andersson', 'Johansson', 'Karlsson', 'Nilsson', 'Eriksson', 'Larsson', 'Olsson', 'Persson', 'Svensson', 'Gustafsson']
const STREETS = ['Arvikagatan', 'Storgatan', 'Kyrkogatan', 'Järnvägsgatan', 'Ågatan', 'Västra Esplanaden', 'Östra Esplanaden', 'Sågudden', 'Mossebergsvägen']
const CITY = { city: 'Arvika', region: 'Värmlands län', country: 'SE' }

/** Monthly telemetry and reported readings on the 1st of each month, Nov 2024 … Nov 2026. */
const READING_DATES = monthlyDates(DEMO_START, DEMO_END, 1)

// Share of a year's quantity per calendar month (1 = January).
const HEATING = [0.16, 0.14, 0.12, 0.08, 0.05, 0.02, 0.015, 0.02, 0.04, 0.08, 0.11, 0.145]
const SOLAR = [0.01, 0.03, 0.07, 0.11, 0.15, 0.16, 0.16, 0.13, 0.09, 0.05, 0.02, 0.01]
const ELECTRICITY = [0.12, 0.11, 0.1, 0.08, 0.07, 0.055, 0.05, 0.055, 0.07, 0.085, 0.1, 0.115]

/** The reading on the 1st closes the previous month: its share of the year. */
function shareFor(date: string, shares: number[]): number {
  const m = monthOf(date) === 1 ? 12 : monthOf(date) - 1
  return shares[m - 1]!
}

async function build(w: DemoWriter, rng: Rng, scale: number): Promise<void> {
  const customersN = count(45, scale, 3)
  let facility = 0
  let serialNo = 0
  const serial = (prefix: string) => `${prefix}${String(++serialNo).padStart(7, '0')}`

  async function withReadings(spId: string, o: { prefix: string; model: string; digits: number; decimals: number; perYear: number; shares: number[];
    source: 'accounting' | 'telemetry'; interval?: number; maxFlow?: string }) {
    const commissionedOn = addDays('2018-06-01', rng.int(0, 2200))
    const unit = 10 ** o.decimals
    const initialUnits = rng.int(0, 50) * unit
    const years = (Date.parse(DEMO_START) - Date.parse(commissionedOn)) / (365.25 * 86_400_000)
    const startUnits = initialUnits + Math.round(years * o.perYear * unit)
    const meterId = await w.meter({ servicePointId: spId, serial: serial(o.prefix), model: o.model, digits: o.digits, decimals: o.decimals,
      maxFlowM3h: o.maxFlow, verificationIntervalMonths: o.interval, commissionedOn, initialUnits, seals: [`S${rng.digits(8)}`] })
    const points = READING_DATES.map((date) => ({
      date, units: Math.max(1, Math.round(o.perYear * shareFor(date, o.shares) * rng.float(0.8, 1.2) * unit)),
      hour: o.source === 'telemetry' ? 0 : rng.int(7, 20), minute: o.source === 'telemetry' ? 0 : rng.int(0, 59),
    }))
    w.series({ meterId, decimals: o.decimals, kind: 'index', source: o.source, timeZone: TZ, startUnits, points })
  }

  for (let i = 0; i < customersN; i++) {
    const given = rng.pick(GIVEN)
    const surname = rng.pick(SURNAMES)
    const c = await w.customer({ kind: 'person', name: given, surname, email: `${given}.${surname}${i}@example.se`.toLowerCase().replace(/[^a-z0-9.@]/g, ''),
      phone: `+46 70 ${rng.digits(3)} ${rng.digits(2)} ${rng.digits(2)}` })
    const customerNumber = String(100200 + i * 11)
    // Several addresses under one customer number: a home, sometimes a summer house or a rented-out flat.
    const addresses = i % 4 === 0 ? 3 : i % 3 === 0 ? 2 : 1
    for (let k = 0; k < addresses; k++) {
      const house = k === 0 ? rng.chance(0.7) : rng.chance(0.5)
      const pr = await w.premises({ customerId: c.id, kind: house ? 'house' : 'flat', address: `${rng.pick(STREETS)} ${rng.int(1, 60)}${house ? '' : `, lgh ${rng.int(1001, 1304)}`}`,
        ...CITY, postalCode: `671 ${rng.int(30, 95)}`, areaM2: String(house ? rng.int(90, 220) : rng.int(35, 110)) })
      const a = await w.account({ customerId: c.id, premisesId: pr.id, kind: 'residential', number: `${customerNumber}-${k + 1}`, ownerSurname: surname,
        usageType: 'residential', openedOn: addDays('2020-06-01', rng.int(0, 1500)) })
      facility++
      const code = (what: string) => `735999${String(facility).padStart(6, '0')}-${what}`
      const water = await w.servicePoint({ accountId: a.id, premisesId: pr.id, resource: 'cold_water', usageType: 'residential', diameterMm: '20', code: code('VA') })
      await withReadings(water.id, { prefix: 'VM', model: 'Kamstrup flowIQ 2101', digits: 5, decimals: 1, perYear: house ? rng.float(110, 200) : rng.float(40, 90),
        shares: Array(12).fill(1 / 12), source: 'accounting', interval: 120, maxFlow: '2.5' })
      const el = await w.servicePoint({ accountId: a.id, premisesId: pr.id, resource: 'electricity', usageType: 'residential', code: code('EL') })
      await withReadings(el.id, { prefix: 'EM', model: 'Landis+Gyr E360', digits: 7, decimals: 0, perYear: house ? rng.float(6000, 18000) : rng.float(1800, 4000),
        shares: ELECTRICITY, source: 'telemetry' })
      if (!house || rng.chance(0.4)) {
        const dh = await w.servicePoint({ accountId: a.id, premisesId: pr.id, resource: 'district_heating', usageType: 'residential', code: code('FV') })
        await withReadings(dh.id, { prefix: 'FM', model: 'Kamstrup MULTICAL 603', digits: 6, decimals: 3, perYear: house ? rng.float(12, 22) : rng.float(4, 9),
          shares: HEATING, source: 'telemetry', interval: 120 })
      }
      // Waste collection (renhållning): a house its own 190 l bin every other week; a flat a share of 370 l weekly (multi-utility.md)
      const waste = await w.servicePoint({ accountId: a.id, premisesId: pr.id, resource: 'waste_collection', usageType: 'residential', code: code('AV') })
      await w.wasteSubscription(waste.id, house ? { binLitres: 190, frequency: 'every_other_week', validFrom: '2024-01-01' }
        : { binLitres: 370, frequency: 'weekly', validFrom: '2024-01-01' })
      if (house && rng.chance(0.35)) {
        const pv = await w.servicePoint({ accountId: a.id, premisesId: pr.id, resource: 'solar_production', usageType: 'residential', code: code('PV') })
        await withReadings(pv.id, { prefix: 'PM', model: 'Landis+Gyr E360 (export)', digits: 7, decimals: 0, perYear: rng.float(4000, 9000),
          shares: SOLAR, source: 'telemetry' })
      }
    }
  }
}

export const seMunicipal: DemoTenant = {
  code: 'SE',
  tenantId: '0de30000-0000-4000-8000-000000000003',
  tenant: { name: 'Arvika Kommunnät – Mina Sidor (demo)', currency: 'SEK', minorUnits: 2, timeZone: TZ, calendar: 'gregorian',
    locale: 'sv-SE', billingPeriodMonths: 1, policy: {} },
  build,
}
