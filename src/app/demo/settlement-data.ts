// Tariffs, norms and coefficients of the demo tenants, so that a demo bill
// run (`npm run bill -- --tenant … --period …`) prices every water point.
// Figures: memo 003 (20.28 / 19.19 RUB/m³, norm 6.36, K 1.5; conventions.md:
// K 3 for cold water from 2025-12-06), seed 002 (stepped rials, subscription
// fee, 3% duties), Swedish VA tariffs (seed 001 context: per m³ plus a fixed fee).
import type { Db } from '../../db/database.ts'
import { createTariffVersion } from '../settlement-data/tariffs.ts'
import { createNorm } from '../settlement-data/norms.ts'
import { createCoefficient } from '../settlement-data/coefficients.ts'
import type { DemoTenant } from './types.ts'

const flat = (line: string, rate: string) => ({ volume: { line, price: { shape: 'flat', rate } } })
const FROM = '2020-01-01'

export async function addDemoSettlementData(db: Db, code: DemoTenant['code'], tenantId: string): Promise<void> {
  const tariff = (service: string, usageType: string, definition: Record<string, unknown>, source: string) =>
    createTariffVersion(db, tenantId, { service, usageType, validFrom: FROM, validTo: null, definition, source })
  if (code === 'RU') {
    await tariff('cold_water', 'residential', flat('cold_water', '20.28'), 'memo 003')
    await tariff('cold_water', 'non_residential', flat('cold_water', '19.19'), 'memo 003')
    await tariff('hot_water', 'residential', flat('hot_water', '185.40'), 'demo figure')
    await tariff('hot_water', 'non_residential', flat('hot_water', '185.40'), 'demo figure')
    await tariff('wastewater', 'residential', flat('wastewater', '16.52'), 'demo figure')
    await tariff('wastewater', 'non_residential', flat('wastewater', '16.52'), 'demo figure')
    for (const resource of ['cold_water', 'hot_water', 'wastewater'] as const) {
      await createNorm(db, tenantId, { resource, kind: 'per_person', validFrom: '2018-01-01', validTo: null, value: resource === 'hot_water' ? '4.01' : '6.36', months: null })
      await createCoefficient(db, tenantId, { resource, validFrom: '2016-07-01', value: '1.5' })
    }
    await createCoefficient(db, tenantId, { resource: 'cold_water', validFrom: '2025-12-06', value: '3' })
  } else if (code === 'IR') {
    const stepped = (rates: string[]) => ({
      volume: { line: 'water_price', price: { shape: 'stepped', monthDays: 30, tables: [{ appliesUpTo: null, bands: [
        { from: '0', to: '5', rate: rates[0] }, { from: '5', to: '16', rate: rates[1] }, { from: '16', to: null, rate: rates[2] }] }] } },
      fixedFees: [{ line: 'subscription', amount: '60000', per: 'connection', proRata: false }],
      taxes: [{ line: 'duties_and_tax', percent: '3', of: ['*'] }],
      // seed 002 items 28–29: the full cost of one m³, shown with the government subsidy (demo figure)
      costPricePerM3: '24000',
    })
    await tariff('cold_water', 'residential', stepped(['2500', '4200', '9800']), 'seed 002 items 17, 20, 22 (demo rates)')
    await tariff('cold_water', 'commercial', stepped(['6000', '9000', '15000']), 'seed 002 (demo rates)')
  } else {
    // Swedish VA tariffs are quoted before moms; the faktura adds 25% moms on its own line (mervärdesskattelagen)
    await tariff('cold_water', 'residential', { ...flat('water', '24.75'), fixedFees: [{ line: 'fixed_fee', amount: '310', per: 'connection', proRata: true }],
      taxes: [{ line: 'vat', percent: '25', of: ['*'] }] }, 'demo VA tariff')
    await addSwedishUtilityTariffs(tariff)
  }
}

type AddTariff = (service: string, usageType: string, definition: Record<string, unknown>, source: string) => Promise<unknown>

/**
 * The other utilities of the Swedish demo (multi-utility.md; demo figures of
 * the size a Värmland municipal company publishes, excluding VAT): network
 * fee per year and transfer fee per kWh, energy tax per kWh (2026: 43.9 öre),
 * an energy price dearer in winter; district heating with a fixed fee per
 * month and a winter and summer price per MWh; solar production credited
 * per kWh fed in (compensation and network benefit, no VAT); waste with a
 * basic fee per year and a collection fee by bin size and frequency.
 */
async function addSwedishUtilityTariffs(tariff: AddTariff): Promise<void> {
  const WINTER = [11, 12, 1, 2, 3]
  await tariff('electricity', 'residential', {
    unit: 'kWh',
    fixedFees: [{ line: 'network_fee', amount: '3480', per: 'year' }],
    unitPrices: [
      { line: 'transfer_fee', kind: 'price', rate: '0.2450' },
      { line: 'energy_tax', kind: 'tax', rate: '0.439' },
      { line: 'energy_price', kind: 'price', rate: '0.8200', seasons: [{ name: 'winter', months: WINTER, rate: '1.0400' }] },
    ],
    vatPercent: '25',
  }, 'demo elnät and elhandel tariff (energy tax: lagen om skatt på energi, 2026 rate)')
  await tariff('district_heating', 'residential', {
    unit: 'MWh',
    fixedFees: [{ line: 'fixed_fee', amount: '395', per: 'period' }],
    unitPrices: [{ line: 'energy_price', kind: 'price', rate: '620', seasons: [{ name: 'winter', months: WINTER, rate: '845' }] }],
    vatPercent: '25',
  }, 'demo fjärrvärme tariff')
  await tariff('solar_production', 'residential', {
    unit: 'kWh',
    unitPrices: [{ line: 'production_compensation', kind: 'credit', rate: '0.5500' }, { line: 'network_benefit', kind: 'credit', rate: '0.0600' }],
    vatPercent: null,
  }, 'demo compensation for micro-production')
  await tariff('waste_collection', 'residential', {
    basicFees: [{ line: 'basic_fee', amount: '1140', per: 'year' }],
    collectionFees: [
      { binLitres: 190, frequency: 'every_other_week', line: 'collection_fee', amount: '38', per: 'pickup' },
      { binLitres: 370, frequency: 'weekly', line: 'collection_fee', amount: '96', per: 'period' },
    ],
    vatPercent: '25',
  }, 'demo renhållningstaxa')
}
