/**
 * Shapes: one declaration of a JSON value that gives both its check (an
 * error text naming the field, never a raise) and its JSON Schema (draft
 * 2020-12). Every field mapper declares its value's shape here, so the
 * published schema and the checks the server runs cannot disagree.
 *
 *     const version = anyOf(literalTrue(), object({ name: text(), version: text(), os: text() }));
 *     version.check("version", value)  -- nil or "version.name: expected a string, got a number"
 *     version.schema                   -- { anyOf: [{ const: true }, { type: "object", ... }] }
 */
import { isXmlSafe } from "../../lib/text";
import { setOf } from "../../lib/collections";
import { describe, isArray, isIntegerIn, isObject, wrongType } from "./field";

/** The JSON Schema keywords the mapping uses. */
export interface JsonSchema {
  $schema?: string;
  $id?: string;
  $ref?: string;
  $defs?: { [name: string]: JsonSchema };
  title?: string;
  description?: string;
  type?: string | string[];
  const?: unknown;
  enum?: unknown[];
  format?: string;
  pattern?: string;
  contentMediaType?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  properties?: { [name: string]: JsonSchema };
  required?: string[];
  additionalProperties?: JsonSchema | boolean;
  propertyNames?: JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  examples?: unknown[];
}

/** A JSON value's declaration: its check and its schema. */
export interface Shape {
  /** The JSON Schema of the value. */
  readonly schema: JsonSchema;
  /** What the value is, for error texts ("a string", "true or an object"). */
  readonly expected: string;
  /** The JSON types (describe() words) the shape can accept, for choosing among anyOf alternatives. */
  readonly accepts: LuaSet<string>;
  /** Nil when `value` fits; else an error text that starts with `path`. */
  readonly check: (this: void, path: string, value: unknown) => string | undefined;
}

/** A text util.stanza accepts (valid UTF-8, no control characters but tab, LF, CR). */
export function text(description?: string): Shape {
  return {
    schema: { type: "string", description },
    expected: "a string",
    accepts: setOf(["a string"]),
    check: (path, value) => {
      if (type(value) !== "string") {
        return wrongType(path, "a string", value);
      }
      if (!isXmlSafe(value as string)) {
        return `${path}: invalid UTF-8 or a character XML does not allow`;
      }
      return undefined;
    },
  };
}

/** A text holding one XML element (checked by the field that parses it). */
export function xmlText(description?: string): Shape {
  const plain = text();
  return {
    schema: { type: "string", contentMediaType: "application/xml", description },
    expected: "an XML text",
    accepts: plain.accepts,
    check: plain.check,
  };
}

/** A text matching a Lua pattern, published with an equivalent ECMA-262 `pattern` or a `format`. */
export function textMatching(luaPattern: string, schema: JsonSchema, expected: string): Shape {
  const plain = text();
  return {
    schema: withKeys({ type: "string" }, schema),
    expected,
    accepts: plain.accepts,
    check: (path, value) => {
      const problem = plain.check(path, value);
      if (problem !== undefined) {
        return problem;
      }
      if (string.find(value as string, luaPattern)[0] === undefined) {
        return `${path}: expected ${expected}`;
      }
      return undefined;
    },
  };
}

/** One of a fixed list of words. */
export function oneOfWords(words: string[], description?: string): Shape {
  const set = setOf(words);
  const listed = words.join(", ");
  return {
    schema: { type: "string", enum: words, description },
    expected: `one of ${listed}`,
    accepts: setOf(["a string"]),
    check: (path, value) => {
      if (type(value) !== "string") {
        return wrongType(path, `one of ${listed}`, value);
      }
      if (!set.has(value as string)) {
        return `${path}: expected one of ${listed}`;
      }
      return undefined;
    },
  };
}

/** A whole number from `min` to `max`. */
export function integer(min: number, max: number, description?: string): Shape {
  const range = `${string.format("%d", min)} to ${string.format("%d", max)}`;
  return {
    schema: { type: "integer", minimum: min, maximum: max, description },
    expected: `an integer from ${range}`,
    accepts: setOf(["a number"]),
    check: (path, value) => {
      if (isIntegerIn(value, min, max)) {
        return undefined;
      }
      const got = type(value) === "number" ? tostring(value) : describe(value);
      return `${path}: expected an integer from ${range}, got ${got}`;
    },
  };
}

/** A finite number. */
export function finiteNumber(description?: string): Shape {
  return {
    schema: { type: "number", description },
    expected: "a number",
    accepts: setOf(["a number"]),
    check: (path, value) => {
      if (type(value) !== "number") {
        return wrongType(path, "a number", value);
      }
      const n = value as number;
      if (n !== n || n === math.huge || n === -math.huge) {
        return `${path}: expected a finite number`;
      }
      return undefined;
    },
  };
}

/** true or false. */
export function boolean(description?: string): Shape {
  return {
    schema: { type: "boolean", description },
    expected: "a boolean",
    accepts: setOf(["a boolean"]),
    check: (path, value) => (type(value) === "boolean" ? undefined : wrongType(path, "a boolean", value)),
  };
}

/** Exactly true (a flag element, a query without parameters). */
export function literalTrue(description?: string): Shape {
  return {
    schema: { const: true, description },
    expected: "true",
    accepts: setOf(["a boolean"]),
    check: (path, value) => (value === true ? undefined : wrongType(path, "true", value)),
  };
}

/** Any JSON value (null included). */
export function anything(description: string): Shape {
  return {
    schema: { description },
    expected: "any JSON value",
    accepts: setOf(["a string", "a number", "a boolean", "null", "an array", "an object"]),
    check: () => undefined,
  };
}

/** Property shapes of an object, in the order they are checked. */
export type Properties = [name: string, shape: Shape][];

/** An object with these properties (all optional unless listed in `required`); other keys are ignored. */
export function object(properties: Properties, required?: string[], description?: string): Shape {
  const schemaProperties: { [name: string]: JsonSchema } = {};
  for (const [name, shape] of properties) {
    schemaProperties[name] = shape.schema;
  }
  const schema: JsonSchema = { type: "object", properties: schemaProperties, description };
  const requiredSet = setOf(required ?? []);
  if (required !== undefined && required.length > 0) {
    schema.required = required;
  }
  return {
    schema,
    expected: "an object",
    accepts: setOf(["an object"]),
    check: (path, value) => {
      if (!isObject(value)) {
        return wrongType(path, "an object", value);
      }
      for (const [name, shape] of properties) {
        const item = value.get(name);
        if (item === undefined) {
          if (requiredSet.has(name)) {
            return wrongType(`${path}.${name}`, shape.expected, item);
          }
        } else {
          const problem = shape.check(`${path}.${name}`, item);
          if (problem !== undefined) {
            return problem;
          }
        }
      }
      return undefined;
    },
  };
}

/** An object whose keys are free texts and whose values all have one shape. */
export function mapOf(values: Shape, description?: string): Shape {
  const key = text();
  return {
    schema: { type: "object", additionalProperties: values.schema, description },
    expected: "an object",
    accepts: setOf(["an object"]),
    check: (path, value) => {
      if (!isObject(value)) {
        return wrongType(path, "an object", value);
      }
      for (const [name, item] of pairs(value)) {
        if (type(name) !== "string") {
          return `${path}: expected text keys`;
        }
        const keyProblem = key.check(`${path} key`, name);
        if (keyProblem !== undefined) {
          return keyProblem;
        }
        const problem = values.check(`${path}.${name as string}`, item);
        if (problem !== undefined) {
          return problem;
        }
      }
      return undefined;
    },
  };
}

/** A list whose items all have one shape; `minItems` 1 refuses an empty list. */
export function arrayOf(items: Shape, minItems?: number, description?: string): Shape {
  return {
    schema: { type: "array", items: items.schema, minItems, description },
    expected: "an array",
    accepts: setOf(["an array"]),
    check: (path, value) => {
      if (!isArray(value)) {
        if (isObject(value) && next(value)[0] === undefined) {
          // util.json decodes [] and {} alike (an empty table).
          return minItems !== undefined && minItems > 0 ? `${path}: expected at least ${minItems} item(s)` : undefined;
        }
        return wrongType(path, "an array", value);
      }
      const count = value.length();
      if (minItems !== undefined && count < minItems) {
        return `${path}: expected at least ${minItems} item(s)`;
      }
      for (let i = 1; i <= count; i++) {
        const problem = items.check(`${path}[${i - 1}]`, value.get(i));
        if (problem !== undefined) {
          return problem;
        }
      }
      return undefined;
    },
  };
}

/** The "a, b or c" list of what the alternatives expect. */
function alternatives(shapes: Shape[]): string {
  const names: string[] = [];
  for (const shape of shapes) {
    names.push(shape.expected);
  }
  const last = names.pop();
  if (names.length === 0) {
    return last ?? "";
  }
  return `${names.join(", ")} or ${last}`;
}

/** `target` with every key of `extra` copied onto it. */
function withKeys(target: JsonSchema, extra: JsonSchema): JsonSchema {
  const into = target as unknown as LuaTable<string, unknown>;
  for (const [key, value] of pairs(extra as unknown as LuaTable<string, unknown>)) {
    into.set(key, value);
  }
  return target;
}

/**
 * One of several shapes. A value whose JSON type only one alternative
 * accepts gets that alternative's error text; otherwise the first that
 * fits wins.
 */
export function anyOf(shapes: Shape[], description?: string): Shape {
  const accepts = new LuaSet<string>();
  for (const shape of shapes) {
    for (const word of shape.accepts) {
      accepts.add(word);
    }
  }
  const expected = alternatives(shapes);
  const schemas: JsonSchema[] = [];
  for (const shape of shapes) {
    schemas.push(shape.schema);
  }
  return {
    schema: { anyOf: schemas, description },
    expected,
    accepts,
    check: (path, value) => {
      const kind = describe(value);
      let firstProblem: string | undefined;
      let candidates = 0;
      for (const shape of shapes) {
        if (shape.accepts.has(kind)) {
          candidates += 1;
          const problem = shape.check(path, value);
          if (problem === undefined) {
            return undefined;
          }
          firstProblem = firstProblem ?? problem;
        }
      }
      if (candidates === 1 && firstProblem !== undefined) {
        return firstProblem;
      }
      return wrongType(path, expected, value);
    },
  };
}

/** The same shape with a description in its schema. */
export function described(shape: Shape, description: string): Shape {
  return {
    schema: withKeys(withKeys({}, shape.schema), { description }),
    expected: shape.expected,
    accepts: shape.accepts,
    check: shape.check,
  };
}

/** Where the stanza document's schema is, for shapes that nest a stanza. */
export const STANZA_REF = "#/$defs/stanza";

/**
 * A nested stanza document (a forwarded message): checked here as an
 * object only; the field's fromJson maps it with `nestedStanza.fromJson`,
 * which names the wrong field inside it.
 */
export function stanzaDocument(description?: string): Shape {
  return {
    schema: { $ref: STANZA_REF, description },
    expected: "a stanza document (an object)",
    accepts: setOf(["an object"]),
    check: (path, value) => (isObject(value) ? undefined : wrongType(path, "a stanza document (an object)", value)),
  };
}
