import { NotFoundError } from '../errors.js';
import type { ContentType } from './types.js';

/** The loaded content types of one app, looked up by their API names. */
export interface ContentTypeRegistry {
  all(): readonly ContentType[];
  /** By singular name (relation targets), or undefined. */
  get(singularName: string): ContentType | undefined;
  /** A collection type by plural name, or a single type by singular name: the route segment. */
  byRouteName(name: string): ContentType | undefined;
  /** Like byRouteName, but throws NotFoundError: resolve a type once, at the edge. */
  require(routeName: string): ContentType;
}

export function createRegistry(types: readonly ContentType[]): ContentTypeRegistry {
  const bySingular = new Map(types.map((type) => [type.singularName, type]));
  const byRoute = new Map(
    types.map((type) => [type.kind === 'collectionType' ? type.pluralName : type.singularName, type]),
  );
  return {
    all: () => types,
    get: (singularName) => bySingular.get(singularName),
    byRouteName: (name) => byRoute.get(name),
    require(name) {
      const type = byRoute.get(name);
      if (!type) throw new NotFoundError('Not Found');
      return type;
    },
  };
}
