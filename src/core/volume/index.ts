// The volume side of the pure settlement core: what the shell and the tariff
// side may use. Everything else in this folder is internal.
export { settleVolumes } from './settle-volumes.ts'
export { DEFAULT_VOLUME_POLICY, DEFAULT_METHOD_RULES, volumePolicy } from './policy.ts'
export type { MethodRuleId, PolicyPeriod, VolumePolicy } from './policy.ts'
export type {
  Act, CoefficientFrom, CustomerKind, ExtraNorm, LossesToBoundary, Meter, MeterEvent, Norm, PointFacts,
  Reading, Resource, ResidentsFrom, ServicePoint, VolumeFacts, WaterBalance,
} from './facts.ts'
export type { VolumeError, VolumeMethod, VolumeSegment, VolumeSettlement } from './types.ts'
export { MEMO_003_COEFFICIENTS, RUSSIAN_INCREASING_COEFFICIENTS, coefficientOn, coefficientSchedule } from './coefficients.ts'
export type { CoefficientSchedule } from './coefficients.ts'
export { capacityPerDay, volumeByCapacity } from './capacity.ts'
export type { CapacitySource } from './capacity.ts'
