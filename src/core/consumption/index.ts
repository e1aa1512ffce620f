// Consumption over time and the "why is my bill high?" analysis: what the shell may use.
export { consumptionSeries, changeOf, PRODUCTION_RESOURCES } from './series.ts'
export type { BucketValue, ConsumptionPoint, Quality, Series, SeriesBucket, SeriesInput, SeriesResult } from './series.ts'
export { bucketsOf, presetRange, yearEarlier, PRESET_MONTHS } from './periods.ts'
export type { Bucket, Granularity, Preset } from './periods.ts'
export { againstUsual, explainBill, AVERAGE_PERIODS } from './bill-explanation.ts'
export type { BillExplanation, Cause, CauseVariant, Evidence, ExplainInput, ExplainLine, ExplainPoint, NotAssessed, NotAssessedVariant, TimedReading } from './bill-explanation.ts'
