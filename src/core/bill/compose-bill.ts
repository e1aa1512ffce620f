// Compose a bill for one service point and billing period from priced volumes,
// the tariff schedule and the tenant's money policy: volume lines, fixed fees,
// surcharges, taxes, information lines, rounding with carry, and the payable.
// Each line is rounded once (money-policy.ts); percent lines are computed on
// the rounded lines they name, as the customer sees them.
import { add, fx, isZero, sub, toText, FX_ZERO } from '../shared/decimal.ts'
import type { Fx } from '../shared/decimal.ts'
import { toDayNumber as dayOf } from '../shared/dates.ts'
import type { DayInterval } from '../shared/dates.ts'
import type { CompiledSchedule } from '../tariff/compile-schedule.ts'
import { tariffPiecesByDay } from '../tariff/select-tariff.ts'
import type { TariffPiece } from '../tariff/select-tariff.ts'
import type { PricedVolume } from '../tariff/types.ts'
import type { Bill, ChargeLine } from './charge-line.ts'
import type { MoneyPolicy } from './money-policy.ts'
import { money, roundPayable } from './money-policy.ts'
import { feeLines, infoLines, percentLines } from './line-builders.ts'
import type { ComposeContext, PieceLine, VolumeLineListener } from './line-builders.ts'
import { allocateVolumes, volumeLines } from './volume-lines.ts'
import type { Allocation } from './volume-lines.ts'

export interface ServicePoint {
  usage: string
  /** connection diameter, matched against fixed fees ('1/2"', 'DN20', …) */
  diameter?: string
  /** dwellings for per-dwelling fees (default 1) */
  dwellings?: number
  /** units the stepped consumption is divided by (seed 002 item 6; default dwellings or 1) */
  units?: number
  /** e.g. 'water_project' for subscribers of a large supply project (seed 002 item 24) */
  flags?: string[]
}

export interface ComposeBillInput {
  period: DayInterval
  servicePoint: ServicePoint
  volumes: PricedVolume[]
  /** services billed even without a volume (fixed fees only) */
  services?: string[]
  schedule: CompiledSchedule
  policy: MoneyPolicy
  /** remainder carried from the previous bill (default 0) */
  previousCarry?: string
  /** debt (+) or credit (−) from earlier periods (default 0) */
  debt?: string
  /** places a volume split at a tariff change is kept to (default 6); the last piece takes the remainder */
  volumePlaces?: number
  /**
   * When the period is one part of a longer interval (terms changed inside it, or disconnected days left out):
   * pro-rata fixed fees are spread over `days`, and fees charged once go on the `last` part only.
   */
  feeShare?: { days: number; last: boolean }
  /** called with each volume line and the priced volumes it prices, as it is made */
  onVolumeLine?: VolumeLineListener
}

const NO_FLAGS: readonly string[] = Object.freeze([])

export function composeBill(input: ComposeBillInput): Bill {
  const { period, servicePoint: sp, policy } = input
  const periodFrom = dayOf(period.from)
  const periodTo = dayOf(period.to)
  if (periodTo <= periodFrom) throw new RangeError(`empty billing period [${period.from}, ${period.to})`)
  const ctx = composeContext(sp, policy, input.feeShare?.days ?? periodTo - periodFrom, input.volumePlaces, input.onVolumeLine)
  const lastPart = input.feeShare?.last ?? true

  const services = servicesOf(input.volumes, input.services)

  const lines: ChargeLine[] = []
  let charges = FX_ZERO
  for (const service of services) {
    const pieces: TariffPiece[] = tariffPiecesByDay(input.schedule, service, sp.usage, periodFrom, periodTo, period)
    const own = services.length === 1 ? input.volumes : input.volumes.filter((v) => v.service === service)
    const allocations = allocateVolumes(own, pieces, ctx.volumePlaces)
    for (let j = 0; j < pieces.length; j++) {
      const mine = pieces.length === 1 ? allocations : allocations.filter((a) => a.piece === j)
      charges = add(charges, pieceLines(ctx, service, pieces[j]!, mine, lastPart && j === pieces.length - 1, lines))
    }
  }
  return billOf(policy, period, lines, charges, input.previousCarry, input.debt)
}

/** The services billed, in order of first appearance: the volumes', then the extra ones. */
function servicesOf(volumes: readonly PricedVolume[], extra: readonly string[] | undefined): string[] {
  // the usual bill: one volume of the one service asked for
  if (volumes.length === 1 && (extra === undefined || (extra.length === 1 && extra[0] === volumes[0]!.service))) return [volumes[0]!.service]
  const services: string[] = []
  for (const v of volumes) if (!services.includes(v.service)) services.push(v.service)
  for (const s of extra ?? []) if (!services.includes(s)) services.push(s)
  return services
}

export function composeContext(sp: ServicePoint, policy: MoneyPolicy, periodDays: number, volumePlaces = 6, onVolumeLine?: VolumeLineListener): ComposeContext {
  return {
    onVolumeLine,
    policy,
    periodDays,
    units: sp.units ?? sp.dwellings ?? 1,
    dwellings: sp.dwellings ?? 1,
    diameter: sp.diameter,
    flags: sp.flags ?? NO_FLAGS,
    volumePlaces,
  }
}

/** The lines of one tariff piece (volume, fixed fees, surcharges, taxes, then information) onto `lines`; returns the piece's charges. */
export function pieceLines(ctx: ComposeContext, service: string, piece: TariffPiece, allocations: Allocation[], isLastPiece: boolean, lines: ChargeLine[]): Fx {
  const pl: PieceLine[] = []
  volumeLines(ctx, service, piece, allocations, pl)
  feeLines(ctx, service, piece, isLastPiece, pl)
  percentLines(ctx, service, piece, piece.version.surcharges, 'surcharge', pl)
  percentLines(ctx, service, piece, piece.version.taxes, 'tax', pl)
  let charges = FX_ZERO
  for (let i = 0; i < pl.length; i++) {
    const l = pl[i]!
    charges = i === 0 ? l.amount : add(charges, l.amount)
    lines.push(l.line)
  }
  infoLines(ctx, service, piece, pl, lines)
  return charges
}

/** The bill from its lines and charges: payable rounding with carry (a rounding line), then the totals. */
export function billOf(policy: MoneyPolicy, period: DayInterval, lines: ChargeLine[], charges: Fx, previousCarryText?: string, debtText?: string): Bill {
  if (policy.payableRounding === null && previousCarryText === undefined && debtText === undefined) {
    // the usual bill: nothing carried, no debt, no payable rounding — every total is the charges or zero
    const chargesText = money(policy, charges)
    const zero = money(policy, FX_ZERO)
    return {
      lines,
      totals: { currency: policy.currency, charges: chargesText, rounding: zero, currentBill: chargesText, debt: zero, payable: chargesText, carry: zero, previousCarry: zero },
    }
  }
  const previousCarry = previousCarryText === undefined ? FX_ZERO : fx(previousCarryText)
  const debt = debtText === undefined ? FX_ZERO : fx(debtText)
  const { payable, carry } = roundPayable(policy, charges, previousCarry, debt)
  const rounding = sub(previousCarry, carry)
  if (policy.payableRounding !== null) {
    const r = policy.payableRounding
    lines.push({
      service: '*',
      kind: 'rounding',
      line: 'rounding',
      interval: period,
      amount: money(policy, rounding),
      trace: {
        rule: 'payable rounded with the remainder carried (Iranian water bill item 27)',
        inputs: { charges: toText(charges), previousCarry: toText(previousCarry), debt: toText(debt), places: r.places, mode: r.mode },
        formula: `${toText(charges)} + ${toText(previousCarry)} + ${toText(debt)} = ${toText(add(add(charges, previousCarry), debt))} → ${r.mode} to 10^${-r.places} = ${toText(payable)}; carry ${toText(carry)}; rounding line ${toText(previousCarry)} − ${toText(carry)} = ${toText(rounding)}`,
      },
    })
  }
  const currentBill = add(charges, rounding)
  // most bills have no rounding and no debt: reuse the text instead of formatting again
  const chargesText = money(policy, charges)
  const currentText = isZero(rounding) ? chargesText : money(policy, currentBill)
  return {
    lines,
    totals: {
      currency: policy.currency,
      charges: chargesText,
      rounding: money(policy, rounding),
      currentBill: currentText,
      debt: money(policy, debt),
      payable: isZero(debt) && isZero(rounding) ? chargesText : money(policy, payable),
      carry: money(policy, carry),
      previousCarry: money(policy, previousCarry),
    },
  }
}
