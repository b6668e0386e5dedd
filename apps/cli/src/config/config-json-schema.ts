import { z } from 'zod';
import { configSchema } from './config-schema.js';

/**
 * The JSON Schema published as `config.schema.json`, made from the same zod schema the CLI validates with,
 * plus the options of each built-in sink so editors complete them.
 */
export function buildConfigJsonSchema(
  builtinSinkOptions: Record<string, z.ZodType>,
): Record<string, unknown> {
  const sinkVariants = Object.entries(builtinSinkOptions).map(([name, schema]) => {
    const options = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<
      string,
      unknown
    >;
    const properties = {
      use: { const: name, description: `the built-in ${name} sink` },
      ...(options.properties as object),
    };
    const required = ['use', ...((options.required as string[] | undefined) ?? [])];
    return { type: 'object', properties, required, additionalProperties: false };
  });
  const base = z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' }) as {
    properties: Record<string, unknown>;
    [key: string]: unknown;
  };
  const thirdParty = {
    type: 'object',
    description: 'a third-party sink: "use" is its package name; its own options follow',
    properties: { use: { type: 'string', not: { enum: Object.keys(builtinSinkOptions) } } },
    required: ['use'],
  };
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://unpkg.com/@tracker/cli/config.schema.json',
    title: 'tracker configuration',
    ...base,
    properties: { ...base.properties, sink: { anyOf: [...sinkVariants, thirdParty] } },
  };
}
