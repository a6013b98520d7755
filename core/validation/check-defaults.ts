import type { Ajv } from 'ajv';
import type { ContentType } from '../content-types/types.js';
import { ConfigError } from '../errors.js';
import { toValidationIssues } from './ajv-errors.js';
import { scalarSchema } from './json-schema.js';

/**
 * A `default` that its own attribute would reject would fail every create
 * that omits it; catch it at boot, naming the file and the attribute.
 */
export function checkDefaults(ajv: Ajv, type: ContentType): void {
  for (const attribute of type.attributes.values()) {
    if (attribute.kind !== 'scalar' || attribute.default === undefined || attribute.default === null) continue;
    const validate = ajv.compile({
      type: 'object',
      properties: { [attribute.name]: scalarSchema(attribute, false) },
    });
    if (validate({ [attribute.name]: attribute.default })) continue;
    const problem = toValidationIssues(validate.errors ?? []).map((issue) => issue.message).join('; ');
    throw new ConfigError(type.source, `attributes.${attribute.name}.default`,
      `the default ${JSON.stringify(attribute.default)} is not valid (${problem})`,
      `change "default" to a valid ${attribute.type} value or remove it`);
  }
}
