// Types are written in their canonical spelling (see docs/canonical-form.md).
import { parseTypeName, type TypeReference } from '../types.ts';

/**
 * The parsed type; `object` names what the type belongs to, for the error when it does not parse (made
 * only then: tables have thousands of columns).
 */
export function readType(text: string, object: () => string): TypeReference {
  try {
    return parseTypeName(text);
  } catch (error) {
    throw new Error(`${object()}: cannot render type "${text}": ${(error as Error).message}`, {
      cause: error,
    });
  }
}
