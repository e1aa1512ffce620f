// "Today" in the tenant's time zone: ledger dates are the utility's calendar days.
const formatters = new Map<string, Intl.DateTimeFormat>()

export function todayIn(timeZone: string, now: Date = new Date()): string {
  let f = formatters.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
    formatters.set(timeZone, f)
  }
  return f.format(now)
}
