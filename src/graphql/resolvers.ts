// All resolvers and loaders, merged per root type.
import { calculationResolvers } from './calculations-resolvers.ts'
import { resourceLoaders, resourceResolvers } from './resource-resolvers.ts'
import { readingResolvers } from './readings-resolvers.ts'
import { billingResolvers } from './billing-resolvers.ts'
import { ledgerLoaders, ledgerResolvers } from './ledger-resolvers.ts'
import { warningResolvers } from './warnings-resolvers.ts'
import { eventResolvers } from './events-resolvers.ts'
import { customerResolvers } from './customer-resolvers.ts'
import { delegationResolvers } from './delegation-resolvers.ts'
import { facilityGroupResolvers } from './facility-group-resolvers.ts'
import { serviceRequestResolvers } from './service-requests-resolvers.ts'
import { pickupResolvers } from './pickups-resolvers.ts'
import { wasteResolvers } from './waste-resolvers.ts'
import { letterResolvers } from './letters-resolvers.ts'
import { agreementResolvers } from './agreements-resolvers.ts'
import { reportResolvers } from './reports-resolvers.ts'
import { tenantResolvers } from './tenant-resolvers.ts'
import { consumptionResolvers } from './consumption-resolvers.ts'
import { invoiceResolvers } from './invoice-resolvers.ts'

export function resolvers() {
  const customer = customerResolvers()
  const delegation = delegationResolvers()
  const groups = facilityGroupResolvers()
  // one resolver module per line
  const parts = [
    resourceResolvers(),
    readingResolvers(),
    calculationResolvers(),
    billingResolvers(),
    invoiceResolvers(),
    ledgerResolvers(),
    warningResolvers(),
    eventResolvers(),
    tenantResolvers(),
    consumptionResolvers(),
    letterResolvers(),
    agreementResolvers(),
    reportResolvers(),
    serviceRequestResolvers(),
    pickupResolvers(),
    wasteResolvers(),
    customer,
    delegation,
    groups,
  ]
  const Query = Object.assign({}, ...parts.map((p) => p.Query))
  const Mutation = Object.assign({}, ...parts.map((p) => p.Mutation))
  const base = resourceLoaders()
  const ledger = ledgerLoaders()
  return { resolvers: { Query, Mutation, ...customer.types, Me: { ...delegation.Me, ...groups.Me }, FacilityGroup: groups.FacilityGroup }, loaders: { ...base, Account: { ...base.Account, ...ledger.Account } } }
}
