// All resolvers and loaders, merged per root type.
import { calculationResolvers } from './calculations-resolvers.ts'
import { resourceLoaders, resourceResolvers } from './resource-resolvers.ts'
import { readingResolvers } from './readings-resolvers.ts'
import { billingResolvers } from './billing-resolvers.ts'
import { ledgerLoaders, ledgerResolvers } from './ledger-resolvers.ts'
import { warningResolvers } from './warnings-resolvers.ts'
import { eventResolvers } from './events-resolvers.ts'
import { customerResolvers } from './customer-resolvers.ts'
import { consumptionResolvers } from './consumption-resolvers.ts'

export function resolvers() {
  const customer = customerResolvers()
  const parts = [resourceResolvers(), readingResolvers(), calculationResolvers(), billingResolvers(), ledgerResolvers(), warningResolvers(), eventResolvers(), consumptionResolvers(), customer]
  const Query = Object.assign({}, ...parts.map((p) => p.Query))
  const Mutation = Object.assign({}, ...parts.map((p) => p.Mutation))
  const base = resourceLoaders()
  const ledger = ledgerLoaders()
  return { resolvers: { Query, Mutation, ...customer.types }, loaders: { ...base, Account: { ...base.Account, ...ledger.Account } } }
}
