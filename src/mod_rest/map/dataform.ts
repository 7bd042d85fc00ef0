/**
 * XEP-0004 data forms in one JSON shape, used by every payload that holds
 * a form (commands, registration, disco extensions, archive queries, and
 * the top-level `dataform`):
 *
 *     { type: "form", title, instructions,          -- instructions: a string, a list when several
 *       fields: [{ var, type, label, desc, required,
 *                  datatype, range: { min, max },   -- XEP-0122 <validate/>
 *                  value, values, options: [{ label, value }], order }],
 *       reported: [field definitions], items: [[fields]], order }
 *
 * A field of a *-multi type, or holding several values, has `values` (a
 * list); another has `value` (one). Values are strings, except: a boolean
 * field's "1"/"0" is true/false, and a field whose XEP-0122 datatype is an
 * integer type holds a number when its text is the number's canonical
 * decimal. Any other text ("true", "007") stays a string, so writing the
 * JSON back gives the same XML.
 *
 * `formdata` is the simplified map { var: value | [values] } (FORM_TYPE a
 * var like the others); written as fields without types (FORM_TYPE
 * hidden), in the order of sorted vars with FORM_TYPE first.
 *
 * Children are written in XEP-0004's order (title, instructions, fields,
 * reported, items; in a field desc, required, validate, values, options).
 * A form or field whose children come in another order (Prosody writes
 * options before the value and <required/> last; XEP-0004's own examples
 * mix both) gets `order`, the kinds in their XML order, so the JSON
 * writes back the same XML.
 *
 * XML → JSON is exact or nil: a form holding anything the shape cannot
 * carry (XEP-0141 layout, XEP-0221 media, values split by options) has no
 * JSON value, so it stays XML in `unmapped`.
 */
import type { Stanza } from "util.stanza";
import { setOf } from "../../lib/collections";
import type { JsonDoc } from "./field";
import { integerText, isArray, jsonArray, parseInteger } from "./field";
import type { Shape } from "./shape";
import { anyOf, arrayOf, boolean, integer, mapOf, object, oneOfWords, text } from "./shape";
import { kindSequence, orderHint, orderShape, exactOrNil, writingOrder } from "./exact";

export const XMLNS_DATA = "jabber:x:data";
export const XMLNS_VALIDATE = "http://jabber.org/protocol/xdata-validate";

const FORM_TYPES = ["form", "submit", "cancel", "result"];
const FIELD_TYPES = [
  "boolean", "fixed", "hidden", "jid-multi", "jid-single", "list-multi", "list-single", "text-multi", "text-private", "text-single",
];
const MULTI_TYPES = setOf(["jid-multi", "list-multi", "text-multi"]);

/** The kinds of a field's children, in the order written when the field has no `order`. */
const FIELD_KINDS = ["desc", "required", "validate", "value", "option"];
/** The kinds of a form's children, in the order written when the form has no `order`. */
const FORM_KINDS = ["title", "instructions", "field", "reported", "item"];

/** XEP-0122 datatypes whose values are whole numbers. */
const INTEGER_DATATYPES = setOf([
  "xs:integer", "xs:int", "xs:long", "xs:short", "xs:byte", "xs:nonNegativeInteger", "xs:positiveInteger",
  "xs:negativeInteger", "xs:nonPositiveInteger", "xs:unsignedLong", "xs:unsignedInt", "xs:unsignedShort", "xs:unsignedByte",
]);

/** Largest magnitude of a number value: the largest integer a double holds exactly. */
const MAX_INTEGER = 2 ** 53 - 1;

const number = integer(-MAX_INTEGER, MAX_INTEGER, "A number (a field whose datatype is an integer type).");
const valueShape = anyOf(
  [text(), boolean("A boolean field's value (written 1 or 0)."), number],
  "One value: a string, a boolean for a boolean field, a number for an integer datatype.",
);
const valuesShape = arrayOf(anyOf([text(), number]), undefined, "Several values (a *-multi field, or more than one value).");

/** One field definition or filled-in field. */
export const fieldShape: Shape = object([
  ["var", text("The field's name.")],
  ["type", oneOfWords(FIELD_TYPES, "The field type (default text-single).")],
  ["label", text()],
  ["desc", text()],
  ["required", boolean("True: <required/> is present.")],
  ["datatype", text("XEP-0122 datatype of <validate/> (xs:string, xs:integer, ...).")],
  ["range", object([["min", text()], ["max", text()]], undefined, "XEP-0122 <range/> of <validate/>.")],
  ["value", valueShape],
  ["values", valuesShape],
  ["options", arrayOf(object([["label", text()], ["value", text()]], ["value"]), undefined, "Choices of a list field.")],
  ["order", orderShape(FIELD_KINDS)],
]);

/** The JSON shape of a data form. */
export const dataformShape: Shape = object(
  [
    ["type", oneOfWords(FORM_TYPES, "The form type.")],
    ["title", text()],
    ["instructions", anyOf([text(), arrayOf(text())], "One instruction, or a list when the form has several.")],
    ["fields", arrayOf(fieldShape)],
    ["reported", arrayOf(fieldShape, undefined, "The columns of a result table (field definitions).")],
    ["items", arrayOf(arrayOf(fieldShape), undefined, "The rows of a result table, each a list of fields.")],
    ["order", orderShape(FORM_KINDS)],
  ],
  undefined,
  "A data form (XEP-0004).",
);

/** One formdata value: a string, a boolean (1/0), a number, or a list of values. */
const formdataValue = anyOf([text(), boolean(), number, arrayOf(anyOf([text(), number]))]);

/** The JSON shape of the simplified form: {var: value | [values]}. */
export const formdataShape: Shape = mapOf(formdataValue, "Form fields by var: a value or a list of values (FORM_TYPE included).");

// ---------------------------------------------------------------- XML → JSON

/** The JSON value of one <value/> text. */
function valueOfText(text: string, fieldType: string | undefined, datatype: string | undefined): unknown {
  if (fieldType === "boolean") {
    if (text === "1") {
      return true;
    }
    if (text === "0") {
      return false;
    }
    return text;
  }
  if (datatype !== undefined && INTEGER_DATATYPES.has(datatype)) {
    const n = parseInteger(text, -MAX_INTEGER, MAX_INTEGER);
    if (n !== undefined && integerText(n) === text) {
      return n;
    }
  }
  return text;
}

/** The <validate/> of a field into `doc` (datatype, range); false when it holds something else. */
function readValidate(validate: Stanza, doc: JsonDoc): boolean {
  doc.set("datatype", validate.attr.datatype);
  for (const child of validate.tags) {
    if (child.name !== "range" || doc.get("range") !== undefined) {
      return false;
    }
    const range = new LuaTable<string, unknown>();
    range.set("min", child.attr.min);
    range.set("max", child.attr.max);
    doc.set("range", range);
  }
  return true;
}

/** The JSON of a <field/>, nil when it holds an element the shape has no place for. */
function fieldToJson(field: Stanza): JsonDoc | undefined {
  const doc = new LuaTable<string, unknown>();
  const fieldType = field.attr.type;
  doc.set("var", field.attr.var);
  doc.set("type", fieldType);
  doc.set("label", field.attr.label);
  const texts: string[] = [];
  const options = jsonArray<JsonDoc>();
  let validate: Stanza | undefined;
  for (const child of field.tags) {
    const ns = child.attr.xmlns;
    if (ns === XMLNS_VALIDATE && child.name === "validate" && validate === undefined) {
      validate = child;
      if (!readValidate(child, doc)) {
        return undefined;
      }
    } else if (ns !== undefined && ns !== XMLNS_DATA) {
      return undefined;
    } else if (child.name === "value") {
      texts.push(child.get_text() ?? "");
    } else if (child.name === "option") {
      const option = new LuaTable<string, unknown>();
      option.set("label", child.attr.label);
      option.set("value", child.get_child_text("value"));
      options.push(option);
    } else if (child.name === "desc" && doc.get("desc") === undefined) {
      doc.set("desc", child.get_text() ?? "");
    } else if (child.name === "required" && doc.get("required") === undefined) {
      doc.set("required", true);
    } else {
      return undefined;
    }
  }
  const datatype = doc.get("datatype") as string | undefined;
  if ((fieldType !== undefined && MULTI_TYPES.has(fieldType)) || texts.length > 1) {
    if (texts.length > 0) {
      const values = jsonArray<unknown>();
      for (const item of texts) {
        values.push(valueOfText(item, fieldType, datatype));
      }
      doc.set("values", values);
    }
  } else if (texts.length === 1) {
    doc.set("value", valueOfText(texts[0], fieldType, datatype));
  }
  if (options.length > 0) {
    doc.set("options", options);
  }
  const sequence = kindSequence(field, fieldKind);
  if (sequence === undefined) {
    return undefined;
  }
  doc.set("order", orderHint(sequence, FIELD_KINDS));
  return doc;
}

/** The kind of a field's child (its name; unknown children are refused before). */
function fieldKind(child: Stanza): string {
  return child.name;
}

/** The fields among `parent`'s children, nil when one is not representable. */
function fieldsToJson(parent: Stanza): JsonDoc[] | undefined {
  const list = jsonArray<JsonDoc>();
  for (const child of parent.tags) {
    if (child.name !== "field" || (child.attr.xmlns !== undefined && child.attr.xmlns !== XMLNS_DATA)) {
      return undefined;
    }
    const field = fieldToJson(child);
    if (field === undefined) {
      return undefined;
    }
    list.push(field);
  }
  return list;
}

/** The form's JSON before the exactness check. */
function readForm(x: Stanza): JsonDoc | undefined {
  const doc = new LuaTable<string, unknown>();
  doc.set("type", x.attr.type);
  const instructions = jsonArray<string>();
  const fields = jsonArray<JsonDoc>();
  const items = jsonArray<JsonDoc[]>();
  for (const child of x.tags) {
    const ns = child.attr.xmlns;
    if (ns !== undefined && ns !== XMLNS_DATA) {
      return undefined;
    }
    if (child.name === "field") {
      const field = fieldToJson(child);
      if (field === undefined) {
        return undefined;
      }
      fields.push(field);
    } else if (child.name === "title" && doc.get("title") === undefined) {
      doc.set("title", child.get_text() ?? "");
    } else if (child.name === "instructions") {
      instructions.push(child.get_text() ?? "");
    } else if (child.name === "reported" && doc.get("reported") === undefined) {
      const reported = fieldsToJson(child);
      if (reported === undefined) {
        return undefined;
      }
      doc.set("reported", reported);
    } else if (child.name === "item") {
      const row = fieldsToJson(child);
      if (row === undefined) {
        return undefined;
      }
      items.push(row);
    } else {
      return undefined;
    }
  }
  if (instructions.length === 1) {
    doc.set("instructions", instructions[0]);
  } else if (instructions.length > 1) {
    doc.set("instructions", instructions);
  }
  if (fields.length > 0) {
    doc.set("fields", fields);
  }
  if (items.length > 0) {
    doc.set("items", items);
  }
  const sequence = kindSequence(x, fieldKind);
  if (sequence === undefined) {
    return undefined;
  }
  doc.set("order", orderHint(sequence, FORM_KINDS));
  return doc;
}

/**
 * The JSON of a data form element `<x xmlns='jabber:x:data'/>`; nil when
 * it is not one or holds anything the shape cannot carry exactly.
 */
export function dataformToJson(x: Stanza): JsonDoc | undefined {
  if (x.name !== "x" || x.attr.xmlns !== XMLNS_DATA) {
    return undefined;
  }
  return exactOrNil(x, readForm(x), writeDataform, dataformShape, "dataform");
}

// ---------------------------------------------------------------- JSON → XML

/** The XML text of one JSON value (fits valueShape). */
function textOfValue(value: unknown): string {
  if (value === true) {
    return "1";
  }
  if (value === false) {
    return "0";
  }
  if (type(value) === "number") {
    return integerText(value as number);
  }
  return value as string;
}

/** Nil when no field of `list` gives both value and values; else the text naming it. */
function fieldsError(list: unknown, path: string): string | undefined {
  if (!isArray(list)) {
    return undefined;
  }
  for (let i = 1; i <= list.length(); i++) {
    const field = list.get(i) as JsonDoc;
    if (field.get("value") !== undefined && field.get("values") !== undefined) {
      return `${path}[${i - 1}]: give value or values, not both`;
    }
  }
  return undefined;
}

/** The cross-field check of a form that fits dataformShape (what the shape cannot say). */
function formError(form: JsonDoc, path: string): string | undefined {
  const problem = fieldsError(form.get("fields"), `${path}.fields`) ?? fieldsError(form.get("reported"), `${path}.reported`);
  if (problem !== undefined) {
    return problem;
  }
  const rows = form.get("items");
  if (isArray(rows)) {
    for (let i = 1; i <= rows.length(); i++) {
      const wrong = fieldsError(rows.get(i), `${path}.items[${i - 1}]`);
      if (wrong !== undefined) {
        return wrong;
      }
    }
  }
  return undefined;
}

/** Write the children of one kind of a field. */
function writeFieldKind(stanza: Stanza, field: JsonDoc, kind: string): void {
  if (kind === "desc") {
    const desc = field.get("desc");
    if (desc !== undefined) {
      stanza.text_tag("desc", desc as string);
    }
  } else if (kind === "required") {
    if (field.get("required") === true) {
      stanza.tag("required").up();
    }
  } else if (kind === "validate") {
    const datatype = field.get("datatype") as string | undefined;
    const range = field.get("range") as JsonDoc | undefined;
    if (datatype !== undefined || range !== undefined) {
      stanza.tag("validate", { xmlns: XMLNS_VALIDATE, datatype });
      if (range !== undefined) {
        stanza.tag("range", { min: range.get("min") as string | undefined, max: range.get("max") as string | undefined }).up();
      }
      stanza.up();
    }
  } else if (kind === "value") {
    const value = field.get("value");
    if (value !== undefined) {
      stanza.text_tag("value", textOfValue(value));
    }
    const values = field.get("values");
    if (isArray(values)) {
      for (let i = 1; i <= values.length(); i++) {
        stanza.text_tag("value", textOfValue(values.get(i)));
      }
    }
  } else {
    const options = field.get("options");
    if (isArray(options)) {
      for (let i = 1; i <= options.length(); i++) {
        const option = options.get(i) as JsonDoc;
        stanza.tag("option", { label: option.get("label") as string | undefined }).text_tag("value", option.get("value") as string).up();
      }
    }
  }
}

/** Write one field (fits fieldShape and formError), its children in `order` or the default one. */
function writeField(stanza: Stanza, field: JsonDoc): void {
  stanza.tag("field", {
    var: field.get("var") as string | undefined,
    type: field.get("type") as string | undefined,
    label: field.get("label") as string | undefined,
  });
  for (const kind of writingOrder(field.get("order"), FIELD_KINDS)) {
    writeFieldKind(stanza, field, kind);
  }
  stanza.up();
}

/** Write each field of a list (fits arrayOf(fieldShape)). */
function writeFields(stanza: Stanza, list: unknown): void {
  if (!isArray(list)) {
    return;
  }
  for (let i = 1; i <= list.length(); i++) {
    writeField(stanza, list.get(i) as JsonDoc);
  }
}

/** Write the children of one kind of a form. */
function writeFormKind(stanza: Stanza, form: JsonDoc, kind: string): void {
  if (kind === "title") {
    const title = form.get("title");
    if (title !== undefined) {
      stanza.text_tag("title", title as string);
    }
  } else if (kind === "instructions") {
    const instructions = form.get("instructions");
    if (isArray(instructions)) {
      for (let i = 1; i <= instructions.length(); i++) {
        stanza.text_tag("instructions", instructions.get(i) as string);
      }
    } else if (type(instructions) === "string") {
      stanza.text_tag("instructions", instructions as string);
    }
  } else if (kind === "field") {
    writeFields(stanza, form.get("fields"));
  } else if (kind === "reported") {
    const reported = form.get("reported");
    if (reported !== undefined) {
      stanza.tag("reported");
      writeFields(stanza, reported);
      stanza.up();
    }
  } else {
    const rows = form.get("items");
    if (isArray(rows)) {
      for (let i = 1; i <= rows.length(); i++) {
        stanza.tag("item");
        writeFields(stanza, rows.get(i));
        stanza.up();
      }
    }
  }
}

/** Write a form that fits dataformShape and formError, its children in `order` or the default one. */
function writeForm(stanza: Stanza, form: JsonDoc): void {
  stanza.tag("x", { xmlns: XMLNS_DATA, type: form.get("type") as string | undefined });
  for (const kind of writingOrder(form.get("order"), FORM_KINDS)) {
    writeFormKind(stanza, form, kind);
  }
  stanza.up();
}

function writeDataform(stanza: Stanza, value: unknown): string | undefined {
  writeForm(stanza, value as JsonDoc);
  return undefined;
}

/**
 * Add `<x xmlns='jabber:x:data'/>` for a form value to `stanza` (cursor
 * left where it was); an error text starting with `path` (default
 * "dataform") when the value does not fit dataformShape.
 */
export function dataformFromJson(stanza: Stanza, value: unknown, path?: string): string | undefined {
  const at = path ?? "dataform";
  const problem = dataformShape.check(at, value) ?? formError(value as JsonDoc, at);
  if (problem !== undefined) {
    return problem;
  }
  writeForm(stanza, value as JsonDoc);
  return undefined;
}

// ---------------------------------------------------------------- formdata

/** The vars of a formdata map in writing order: FORM_TYPE first, then sorted. */
function sortedVars(map: JsonDoc): string[] {
  const vars: string[] = [];
  for (const [name] of pairs(map)) {
    if (name !== "FORM_TYPE") {
      vars.push(name);
    }
  }
  table.sort(vars);
  if (map.get("FORM_TYPE") !== undefined) {
    table.insert(vars, 1, "FORM_TYPE");
  }
  return vars;
}

function writeFormdata(stanza: Stanza, map: JsonDoc, formType: string | undefined): void {
  stanza.tag("x", { xmlns: XMLNS_DATA, type: formType });
  for (const name of sortedVars(map)) {
    stanza.tag("field", { var: name, type: name === "FORM_TYPE" ? "hidden" : undefined });
    const value = map.get(name);
    if (isArray(value)) {
      for (let i = 1; i <= value.length(); i++) {
        stanza.text_tag("value", textOfValue(value.get(i)));
      }
    } else if (type(value) !== "table") {
      stanza.text_tag("value", textOfValue(value));
    }
    stanza.up();
  }
  stanza.up();
}

/**
 * Add the form of a formdata map to `stanza`, of type `formType` (none
 * when nil); an error text starting with `path` (default "formdata")
 * when the value does not fit formdataShape.
 */
export function formdataFromJson(stanza: Stanza, value: unknown, formType?: string, path?: string): string | undefined {
  const problem = formdataShape.check(path ?? "formdata", value);
  if (problem !== undefined) {
    return problem;
  }
  writeFormdata(stanza, value as JsonDoc, formType);
  return undefined;
}

/**
 * The formdata map of a form, nil unless writing the map back (with the
 * form's type) gives the same form: fields with a var and values only,
 * no types but FORM_TYPE's hidden, vars sorted after FORM_TYPE. A field
 * with one value maps to the value, with none to [], with several to the
 * list.
 */
export function formdataToJson(x: Stanza): JsonDoc | undefined {
  if (x.name !== "x" || x.attr.xmlns !== XMLNS_DATA) {
    return undefined;
  }
  const map = new LuaTable<string, unknown>();
  for (const field of x.tags) {
    const name = field.attr.var;
    if (field.name !== "field" || name === undefined || map.get(name) !== undefined) {
      return undefined;
    }
    const texts = jsonArray<string>();
    for (const child of field.tags) {
      if (child.name !== "value") {
        return undefined;
      }
      texts.push(child.get_text() ?? "");
    }
    map.set(name, texts.length === 1 ? texts[0] : texts);
  }
  if (formdataShape.check("formdata", map) !== undefined) {
    return undefined;
  }
  const formType = x.attr.type;
  const write = (stanza: Stanza, value: unknown): string | undefined => {
    writeFormdata(stanza, value as JsonDoc, formType);
    return undefined;
  };
  return exactOrNil(x, map, write);
}
