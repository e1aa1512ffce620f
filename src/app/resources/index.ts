import { customers } from './customers.ts'
import { premises } from './premises.ts'
import { accounts } from './accounts.ts'
import { servicePoints } from './service-points.ts'
import { meters } from './meters.ts'
import { meterEvents } from './meter-events.ts'
import { acts } from './acts.ts'
import type { ResourceSpec } from './resource.ts'

export const RESOURCE_SPECS: ResourceSpec[] = [customers, premises, accounts, servicePoints, meters, meterEvents, acts]
export { customers, premises, accounts, servicePoints, meters, meterEvents, acts }
