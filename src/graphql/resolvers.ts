// All resolvers and loaders, merged per root type.
import { calculationResolvers } from './calculations-resolvers.ts'
import { resourceLoaders, resourceResolvers } from './resource-resolvers.ts'
import { readingResolvers } from './readings-resolvers.ts'

export function resolvers() {
  const parts = [resourceResolvers(), readingResolvers(), calculationResolvers()]
  const Query = Object.assign({}, ...parts.map((p) => p.Query))
  const Mutation = Object.assign({}, ...parts.map((p) => p.Mutation))
  return { resolvers: { Query, Mutation }, loaders: resourceLoaders() }
}
