// The suite's clock. Tests never read the wall clock (a test that passes
// today and fails next month is a bug): the app and the use-cases get this
// pinned one, and the suite passes whatever the machine's date
// (checked with the machine's date a year ahead: faketime -f +365d npm test).
import { fixedClock, type Clock } from '../../src/app/clock.ts'

/** The day the suite lives in: after the October 2026 the fixtures bill, before its December. */
export const TEST_TODAY = '2026-11-25'

/** Noon UTC of a day: the same calendar day in every demo and test tenant's zone (Irkutsk +8 … Stockholm +1). */
export const clockOn = (day: string): Clock => fixedClock(`${day}T12:00:00Z`)

export const testClock: Clock = clockOn(TEST_TODAY)
