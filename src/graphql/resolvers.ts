// All resolvers and loaders, merged per root type.
import { resourceLoaders, resourceResolvers } from './resource-resolvers.ts'

export function resolvers() {
  const parts = [resourceResolvers()]
  const Query = Object.assign({}, ...parts.map((p) => p.Query))
  const Mutation = Object.assign({}, ...parts.map((p) => p.Mutation))
  return { resolvers: { Query, Mutation }, loaders: resourceLoaders() }
}
