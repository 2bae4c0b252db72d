/**
 * The keys the schema allows at a place in the file, for "did you mean": read from the
 * zod schema itself, so the suggestions never drift from what is accepted.
 */
import { z } from 'zod';
import type { YamlPath } from './yaml-positions';

export function knownKeysAt(schema: z.ZodType, path: YamlPath): string[] {
  const objects = objectsAt(schema, path);
  return [...new Set(objects.flatMap((o) => Object.keys(o.shape)))];
}

function objectsAt(schema: z.ZodType, path: YamlPath): z.ZodObject[] {
  const here = unwrap(schema);
  if (path.length === 0) return here.filter((s): s is z.ZodObject => s instanceof z.ZodObject);
  const [segment, ...rest] = path;
  return here.flatMap((s) => {
    if (s instanceof z.ZodObject) {
      const child = (s.shape as Record<string, z.ZodType>)[String(segment)];
      return child ? objectsAt(child, rest) : [];
    }
    if (s instanceof z.ZodRecord) return objectsAt(s.valueType as z.ZodType, rest);
    if (s instanceof z.ZodArray) return objectsAt(s.element as z.ZodType, rest);
    return [];
  });
}

/** The schemas a value may match here: through optionals and unions. */
function unwrap(schema: z.ZodType): z.ZodType[] {
  if (schema instanceof z.ZodOptional) return unwrap(schema.unwrap() as z.ZodType);
  if (schema instanceof z.ZodUnion) return (schema.options as readonly z.ZodType[]).flatMap(unwrap);
  return [schema];
}
