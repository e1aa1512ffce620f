// Numbers the validation rules use. Defaults follow common meter-data
// management practice (conventions.md, "Meter data validation"); a tenant
// setting can replace them once the tenant policy carries reading keys.

export interface ReadingPolicy {
  /** a reading may be dated this far past "now" (clock skew of handheld devices) */
  futureSkewMs: number
  /** spike: consumption per day above this many times the history's average per day */
  spikeFactor: bigint
  /** spike: the history must span at least this many days to be an average */
  minHistoryDays: number
  /** spike: how far back the history average looks */
  historyLookbackDays: number
  /** spike: a shorter interval counts as this many days (hourly telemetry is not a spike) */
  minSpikeIntervalDays: number
}

export const DEFAULT_READING_POLICY: ReadingPolicy = {
  futureSkewMs: 10 * 60_000,
  spikeFactor: 10n,
  minHistoryDays: 60,
  historyLookbackDays: 400,
  minSpikeIntervalDays: 1,
}

export const DAY_MS = 86_400_000
