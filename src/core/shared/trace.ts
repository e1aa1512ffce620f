// Every computed figure explains itself: the rule that fired, the inputs by
// name, and the formula with the numbers put in, so a person can redo it.

export interface Trace {
  /** rule identifier with its source, e.g. 'capacity: Decree 776 §16' */
  rule: string
  /** inputs by name, decimals as strings (never floats) */
  inputs: Record<string, string | number | boolean | null>
  /** the formula with the numbers put in, e.g. '3.14 × 0.015² / 4 × 1.2 × 2592000 = 549.3744' */
  formula: string
  /** free-form remarks: interpolation used, caps applied, … */
  notes?: string[]
  /** where the volume shown is rounded to the tenant's scale: the exact figure and how (issue 9 §3) */
  volumeRounding?: VolumeRounding
}

/** A volume shown at a scale: the unrounded figure that priced the line, the places and the mode. */
export interface VolumeRounding {
  /** the unrounded volume, m³: what the amount was priced from */
  exact: string
  /** the volume shown, m³ */
  shown: string
  places: number
  mode: 'half_up' | 'down' | 'up' | 'half_even'
}

export interface Warning {
  code: string
  message: string
}

/** A copy of the trace's rule, inputs, formula and notes (no notes key for none). */
export function plainTrace(t: Trace): Trace {
  const notes = t.notes
  return { rule: t.rule, inputs: { ...t.inputs }, formula: t.formula, ...(notes && notes.length ? { notes: [...notes] } : {}) }
}
