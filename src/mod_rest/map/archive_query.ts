/**
 * `archive` in an iq (XEP-0313 Message Archive Management, urn:xmpp:mam:2):
 * the query {queryid, node, form, page, flip-page}, `form` being a data
 * form (dataform.ts) and `page` an RSM set (rsm.ts).
 *
 * On input, shorthands build the form and the page, as in the community
 * module: `with`, `start`, `end`, `before-id`, `after-id`, `ids` (a list,
 * or ids separated by commas) become a submitted form with FORM_TYPE
 * urn:xmpp:mam:2; `after`, `before`, `max` become the page. Every value
 * may be text, as a GET query string gives it (`max=10`):
 *
 *     GET /rest/archive/{to}?with=juliet@example.com&max=10
 *
 * A shorthand beside the part it builds (`with` and `form`, `max` and
 * `page`) is refused: which one wins would be a guess. XML → JSON gives
 * `form` and `page` (exact); the shorthands are input only.
 *
 * A query without queryid gets one when sent (send.ts), so its results
 * are told apart from other traffic (the community module's query without
 * queryid captured every message to the user: a defect).
 */
import type { Stanza } from "util.stanza";
import type { FieldMapper, JsonDoc, KindSet, MapResult } from "./field";
import { isArray, jsonArray } from "./field";
import { anyOf, arrayOf, literalTrue, object, text } from "./shape";
import { XMLNS_DATA, dataformFromJson, dataformShape, dataformToJson } from "./dataform";
import { XMLNS_RSM, rsmFromJson, rsmShape, rsmToJson } from "./rsm";
import { dateTime } from "./anykind_datetime";
import { MAX_XS_INT, hasOnlyAttributes } from "./anykind_element";
import { integerOrDigits, integerValue, nonEmptyText, onlyWhitespaceText } from "./services_values";
import { exactOrNil } from "./exact";
import { setOf } from "../../lib/collections";

export const XMLNS_MAM = "urn:xmpp:mam:2";

const IQ: KindSet = { iq: true };
const QUERY_ATTRIBUTES = setOf(["queryid", "node"]);

/** Form shorthands, in the order their fields are written. */
const FORM_SHORTHANDS = ["with", "start", "end", "before-id", "after-id", "ids"];
/** Page shorthands, in XEP-0059's order. */
const PAGE_SHORTHANDS = ["max", "after", "before"];

/** The JSON of a MAM query element, not yet checked for exactness: children x, set, flip-page, each at most once, in that order. */
function readQuery(query: Stanza): JsonDoc | undefined {
  if (!hasOnlyAttributes(query, QUERY_ATTRIBUTES) || !onlyWhitespaceText(query)) {
    return undefined;
  }
  const doc = new LuaTable<string, unknown>();
  doc.set("queryid", query.attr.queryid);
  doc.set("node", query.attr.node);
  let stage = 0;
  for (const child of query.tags) {
    const ns = child.attr.xmlns ?? query.attr.xmlns;
    if (stage < 1 && child.name === "x" && ns === XMLNS_DATA) {
      const form = dataformToJson(child);
      if (form === undefined) {
        return undefined;
      }
      doc.set("form", form);
      stage = 1;
    } else if (stage < 2 && child.name === "set" && ns === XMLNS_RSM) {
      const page = rsmToJson(child);
      if (page === undefined) {
        return undefined;
      }
      doc.set("page", page);
      stage = 2;
    } else if (stage < 3 && child.name === "flip-page" && ns === XMLNS_MAM && child.tags.length === 0 && hasOnlyAttributes(child, new LuaSet())) {
      if (!onlyWhitespaceText(child) || (child.get_text() ?? "") !== "") {
        return undefined;
      }
      doc.set("flip-page", true);
      stage = 3;
    } else {
      return undefined;
    }
  }
  return doc;
}

/** The ids of an `ids` shorthand: the list, or the text split at commas. */
function idList(value: unknown): string[] {
  const ids: string[] = [];
  if (isArray(value)) {
    for (let i = 1; i <= value.length(); i++) {
      ids.push(value.get(i) as string);
    }
  } else {
    for (const [id] of string.gmatch(value as string, "[^,]+")) {
      ids.push(id);
    }
  }
  return ids;
}

/** The submitted form the form shorthands stand for, nil when none is given. */
function shorthandForm(query: JsonDoc): JsonDoc | undefined {
  const fields = jsonArray<JsonDoc>();
  const formType = new LuaTable<string, unknown>();
  formType.set("var", "FORM_TYPE");
  formType.set("type", "hidden");
  formType.set("value", XMLNS_MAM);
  fields.push(formType);
  for (const name of FORM_SHORTHANDS) {
    const value = query.get(name);
    if (value !== undefined) {
      const field = new LuaTable<string, unknown>();
      field.set("var", name);
      if (name === "ids") {
        const values = jsonArray<string>();
        for (const id of idList(value)) {
          values.push(id);
        }
        field.set("values", values);
      } else {
        field.set("value", value);
      }
      fields.push(field);
    }
  }
  if (fields.length === 1) {
    return undefined;
  }
  const form = new LuaTable<string, unknown>();
  form.set("type", "submit");
  form.set("fields", fields);
  return form;
}

/** The page the page shorthands stand for, nil when none is given. */
function shorthandPage(query: JsonDoc): JsonDoc | undefined {
  const page = new LuaTable<string, unknown>();
  let given = false;
  for (const name of PAGE_SHORTHANDS) {
    const value = query.get(name);
    if (value !== undefined) {
      page.set(name, name === "max" ? integerValue(value) : value);
      given = true;
    }
  }
  return given ? page : undefined;
}

/** The text refusing a shorthand given beside the part it builds, nil when there is none. */
function conflictError(query: JsonDoc, part: string, names: string[]): string | undefined {
  if (query.get(part) === undefined) {
    return undefined;
  }
  for (const name of names) {
    if (query.get(name) !== undefined) {
      return `archive.${name}: not with archive.${part} (put it in the ${part}, or leave the ${part} out)`;
    }
  }
  return undefined;
}

function archiveFromJson(stanza: Stanza, value: unknown): string | undefined {
  const query = value as JsonDoc;
  const conflict = conflictError(query, "form", FORM_SHORTHANDS) ?? conflictError(query, "page", PAGE_SHORTHANDS);
  if (conflict !== undefined) {
    return conflict;
  }
  stanza.tag("query", { xmlns: XMLNS_MAM, queryid: query.get("queryid") as string | undefined, node: query.get("node") as string | undefined });
  const form = query.get("form") ?? shorthandForm(query);
  if (form !== undefined) {
    const problem = dataformFromJson(stanza, form, "archive.form");
    if (problem !== undefined) {
      return problem;
    }
  }
  const page = query.get("page") ?? shorthandPage(query);
  if (page !== undefined) {
    const problem = rsmFromJson(stanza, page, "archive.page");
    if (problem !== undefined) {
      return problem;
    }
  }
  if (query.get("flip-page") === true) {
    stanza.tag("flip-page").up();
  }
  stanza.up();
  return undefined;
}

/** Form: empty queries the whole archive; another value is the JID to query the conversation with. */
function archiveFromForm(value: string): MapResult<unknown> {
  const doc = new LuaTable<string, unknown>();
  if (value !== "") {
    doc.set("with", value);
  }
  return $multi(doc, undefined);
}

/** Form output: "" for a query of the whole archive; anything else is left out. */
function archiveToForm(value: unknown): string | undefined {
  const doc = value as JsonDoc;
  if (type(value) !== "table" || next(doc)[0] !== undefined) {
    return undefined;
  }
  return "";
}

/** `archive` in an iq: a MAM query (see the file comment). */
export const archiveQuery: FieldMapper = {
  name: "archive",
  kinds: IQ,
  implies: "iq",
  description:
    "In an iq: a message archive query {queryid, node, form, page, flip-page}; on input the shorthands with, start, end, before-id, after-id, ids build the form and after, before, max the page.",
  spec: "XEP-0313",
  shape: object([
    ["queryid", text("Marks the query's results (generated when absent).")],
    ["node", text("The pubsub node whose archive is queried.")],
    ["form", dataformShape],
    ["page", rsmShape],
    ["flip-page", literalTrue("Return the page's items newest first.")],
    ["with", nonEmptyText("Shorthand: only messages with this JID.")],
    ["start", dateTime("Shorthand: only messages from this time on.")],
    ["end", dateTime("Shorthand: only messages up to this time.")],
    ["before-id", text("Shorthand: only messages before this archive id.")],
    ["after-id", text("Shorthand: only messages after this archive id.")],
    ["ids", anyOf([arrayOf(text()), text()], "Shorthand: only these archive ids (a list, or ids separated by commas).")],
    ["after", text("Shorthand: the page after this archive id.")],
    ["before", text("Shorthand: the page before this archive id; \"\" for the last page.")],
    ["max", integerOrDigits(0, MAX_XS_INT, "Shorthand: the most messages to return (decimal digits accepted: query strings).")],
  ]),
  elements: [{ name: "query", xmlns: XMLNS_MAM }],
  form: "empty: the whole archive; else the JID to query the conversation with",
  toJson: (stanza) => {
    const query = stanza.get_child("query", XMLNS_MAM);
    return query === undefined ? undefined : exactOrNil(query, readQuery(query), archiveFromJson);
  },
  fromJson: archiveFromJson,
  fromForm: archiveFromForm,
  toForm: archiveToForm,
};
