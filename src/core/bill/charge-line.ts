// The output shapes of bill composition: charge lines and totals, decimal strings.
import type { DayInterval } from '../shared/dates.ts'
import type { Trace } from '../shared/trace.ts'

export type ChargeKind = 'volume' | 'fixed_fee' | 'surcharge' | 'tax' | 'rounding' | 'info'

export interface ChargeLine {
  service: string
  kind: ChargeKind
  /** the line's name from the tariff: 'water_price', 'subscription', 'water_project', 'vat', … */
  line: string
  /** the volume method, on volume lines */
  method?: string
  interval: DayInterval
  /** m³ */
  volume?: string
  /** per m³ (volume), percent (surcharge, tax) */
  rate?: string
  /** rounded once by the money policy; 'info' lines are not summed */
  amount: string
  tariffVersion?: string
  trace: Trace
}

export interface BillTotals {
  currency: string
  /** Σ volume, fixed_fee, surcharge and tax lines */
  charges: string
  /** the rounding line: previous carry − new carry (0 without payable rounding) */
  rounding: string
  /** charges + rounding */
  currentBill: string
  /** debt (+) or credit (−) from earlier periods */
  debt: string
  /** currentBill + debt */
  payable: string
  /** remainder carried to the next bill */
  carry: string
  previousCarry: string
}

export interface Bill {
  lines: ChargeLine[]
  totals: BillTotals
}
