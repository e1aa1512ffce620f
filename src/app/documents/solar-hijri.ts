// Gregorian ISO dates → Solar Hijri (Iranian tenants show dates in it, seed
// 002 items 10–12). ICU's Persian calendar through Intl: deterministic, no
// clock (the date is read at UTC midnight, so no zone shifts the day).
export interface SolarHijriDate { year: number; month: number; day: number }

const persian = new Intl.DateTimeFormat('en-u-ca-persian-nu-latn', { timeZone: 'UTC', year: 'numeric', month: 'numeric', day: 'numeric' })

export function toSolarHijri(iso: string): SolarHijriDate {
  const parts = persian.formatToParts(new Date(`${iso}T00:00:00Z`))
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value)
  return { year: part('year'), month: part('month'), day: part('day') }
}

/** The two-month billing period (1–6) a Solar Hijri month falls in. */
export const solarHijriPeriod = (month: number): number => Math.ceil(month / 2)
