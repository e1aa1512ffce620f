// Fixed-fee, percent (surcharge and tax) and information lines of one tariff piece.
// Amounts are exact decimals (shared/decimal.ts), formatted once per line.
import { add, divInt, fx, mul, mulInt, sub, toText, FX_ZERO } from '../shared/decimal.ts'
import type { Fx } from '../shared/decimal.ts'
import type { CompiledPercent } from '../tariff/compile-schedule.ts'
import type { TariffPiece } from '../tariff/select-tariff.ts'
import type { ChargeLine } from './charge-line.ts'
import type { PricedVolume } from '../tariff/types.ts'
import type { MoneyPolicy } from './money-policy.ts'
import { money, roundLine } from './money-policy.ts'
import { deferredTrace } from '../shared/deferred-trace.ts'

/** Told of each volume line and the priced volumes behind it (settle.ts joins them back to segments). */
export type VolumeLineListener = (line: ChargeLine, priced: readonly PricedVolume[]) => void

export interface ComposeContext {
  onVolumeLine: VolumeLineListener | undefined
  policy: MoneyPolicy
  periodDays: number
  units: number
  dwellings: number
  diameter: string | undefined
  flags: readonly string[]
  volumePlaces: number
}

/** A line of one piece with its rounded amount kept exact for further sums. */
export interface PieceLine {
  name: string
  amount: Fx
  line: ChargeLine
}

function rounded(ctx: ComposeContext): string {
  return `(${ctx.policy.lineRounding}, ${ctx.policy.minorUnits} places)`
}

export function feeLines(ctx: ComposeContext, service: string, piece: TariffPiece, isLastPiece: boolean, out: PieceLine[]): void {
  for (const fee of piece.version.fixedFees) {
    if (fee.diameter !== undefined && fee.diameter !== ctx.diameter) continue
    if (!fee.proRata && !isLastPiece) continue
    const count = fee.per === 'dwelling' ? ctx.dwellings : 1
    let exact = mulInt(fee.value, count)
    let formula = `${fee.amount} × ${count} ${fee.per === 'dwelling' ? 'dwellings' : 'connection'}`
    if (fee.proRata && piece.days !== ctx.periodDays) {
      // divided to 20 places half-up (DIV_PLACES), as always
      exact = divInt(mulInt(exact, piece.days), ctx.periodDays, 20, 'half_up')
      formula += ` × ${piece.days} / ${ctx.periodDays} days`
    }
    const amount = roundLine(ctx.policy, exact)
    const amountText = money(ctx.policy, amount)
    out.push({
      name: fee.line,
      amount,
      line: {
        service, kind: 'fixed_fee', line: fee.line, interval: piece.interval, rate: fee.amount,
        amount: amountText, tariffVersion: piece.version.id,
        trace: deferredTrace(() => ({
          rule: `fixed fee ${fee.line}: tariff ${piece.version.id}`,
          inputs: { amount: fee.amount, per: fee.per, count, diameter: fee.diameter ?? null, proRata: fee.proRata },
          formula: `${formula} = ${toText(exact)} → ${amountText} ${rounded(ctx)}`,
          ...(fee.proRata ? {} : { notes: ['not pro rata: charged once, by the tariff in force on the last day of the period'] }),
        })),
      },
    })
  }
}

/** Surcharges or taxes: percent of the named lines of the same piece, as rounded. */
export function percentLines(
  ctx: ComposeContext, service: string, piece: TariffPiece, rules: CompiledPercent[], kind: 'surcharge' | 'tax', out: PieceLine[],
): void {
  for (const rule of rules) {
    if (rule.when !== undefined && !ctx.flags.includes(rule.when)) continue
    const all = rule.ofAll
    let base: Fx | null = null
    const count = out.length
    for (let i = 0; i < count; i++) {
      const l = out[i]!
      if (all || rule.of.includes(l.name)) base = base === null ? l.amount : add(base, l.amount)
    }
    if (base === null) continue
    const b = base
    const exact = mul(b, rule.fraction)
    const amount = roundLine(ctx.policy, exact)
    const amountText = money(ctx.policy, amount)
    out.push({
      name: rule.line,
      amount,
      line: {
        service, kind, line: rule.line, interval: piece.interval, rate: rule.percent,
        amount: amountText, tariffVersion: piece.version.id,
        trace: deferredTrace(() => ({
          rule: rule.ruleText ?? percentRule(rule, kind, piece),
          inputs: { percent: rule.percent, base: toText(b), of: rule.of.join(',') },
          formula: `(${termsOf(rule, out, count).join(' + ')}) × ${rule.percent}% = ${toText(exact)} → ${amountText} ${rounded(ctx)}`,
        })),
      },
    })
  }
}

/** The terms a percent line summed: the named lines among the first `count` (lines are never changed once out). */
function termsOf(rule: CompiledPercent, out: PieceLine[], count: number): string[] {
  const terms: string[] = []
  for (let i = 0; i < count; i++) {
    const l = out[i]!
    if (rule.ofAll || rule.of.includes(l.name)) terms.push(toText(l.amount))
  }
  return terms
}

// compileSchedule builds the rule text once per version; a hand-made rule gets it here
function percentRule(rule: CompiledPercent, kind: 'surcharge' | 'tax', piece: TariffPiece): string {
  return `${kind} ${rule.line} ${rule.percent}% of ${rule.of.join(' + ')}: tariff ${piece.version.id}`
}

/** Cost price and subsidy per m³ as information lines (seed 002 items 28–29); never summed. */
export function infoLines(ctx: ComposeContext, service: string, piece: TariffPiece, pieceLines: PieceLine[], out: ChargeLine[]): void {
  const cost = piece.version.costPrice
  if (cost === null) return
  let volume = FX_ZERO
  let charged = FX_ZERO
  for (const l of pieceLines) {
    if (l.line.kind !== 'volume') continue
    volume = add(volume, fx(l.line.volume ?? '0'))
    charged = add(charged, l.amount)
  }
  const full = roundLine(ctx.policy, mul(volume, cost))
  const subsidy = sub(full, charged)
  const costText = piece.version.source.costPricePerM3 ?? toText(cost)
  const volumeText = toText(volume)
  const fullText = toText(full)
  out.push({
    service, kind: 'info', line: 'cost_price', interval: piece.interval, volume: volumeText, rate: costText,
    amount: money(ctx.policy, full), tariffVersion: piece.version.id,
    trace: { rule: 'cost price, information only (Iranian water bill item 28)', inputs: { volume: volumeText, costPerM3: costText }, formula: `${volumeText} m³ × ${costText} = ${fullText}` },
  }, {
    service, kind: 'info', line: 'subsidy', interval: piece.interval, amount: money(ctx.policy, subsidy), tariffVersion: piece.version.id,
    trace: { rule: 'government subsidy = cost price − volume charges, information only (Iranian water bill item 29)', inputs: { cost: fullText, charged: toText(charged) }, formula: `${fullText} − ${toText(charged)} = ${toText(subsidy)}` },
  })
}
