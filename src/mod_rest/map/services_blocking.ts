/**
 * Blocking Command (XEP-0191, urn:xmpp:blocking): `blocklist` [{jid}]
 * (a query is []), `block` [{jid, report}] and `unblock` [{jid}] ([]
 * unblocks everyone). A block item may carry an XEP-0377 spam report
 * (urn:xmpp:reporting:1) {reason, stanza_ids [{id, by}], text, lang}.
 * On input a JID string stands for {jid}, and one item object for a
 * list of one (what a form body gives).
 */
import type { Stanza } from "util.stanza";
import type { FieldMapper, JsonDoc, KindSet, MapResult } from "./field";
import { isArray, isObject, jsonArray } from "./field";
import type { Shape } from "./shape";
import { anyOf, arrayOf, object, oneOfWords, text } from "./shape";
import { isTextElement, nonEmptyText, onlyWhitespaceText } from "./services_values";
import { exactOrNil } from "./exact";
import { hasOnlyAttributes } from "./anykind_element";
import { setOf } from "../../lib/collections";

export const XMLNS_BLOCKING = "urn:xmpp:blocking";
export const XMLNS_REPORTING = "urn:xmpp:reporting:1";
export const XMLNS_SID = "urn:xmpp:sid:0";

const IQ: KindSet = { iq: true };
const ITEM_ATTRIBUTES = setOf(["jid"]);
const REPORT_ATTRIBUTES = setOf(["reason"]);
const SID_ATTRIBUTES = setOf(["id", "by"]);
const TEXT_ATTRIBUTES = setOf(["xml:lang"]);
const REASONS = ["urn:xmpp:reporting:spam", "urn:xmpp:reporting:abuse"];
const REASON_SET = setOf(REASONS);

/** A `<report/>` as JSON: reason, the stanza ids, then at most one text; nil when anything else is there. */
function reportToJson(report: Stanza): JsonDoc | undefined {
  const reason = report.attr.reason;
  if (reason === undefined || !REASON_SET.has(reason) || !hasOnlyAttributes(report, REPORT_ATTRIBUTES) || !onlyWhitespaceText(report)) {
    return undefined;
  }
  const doc = new LuaTable<string, unknown>();
  doc.set("reason", reason);
  let ids: JsonDoc[] | undefined;
  let textSeen = false;
  for (const child of report.tags) {
    const ns = child.attr.xmlns ?? report.attr.xmlns;
    if (child.name === "stanza-id" && ns === XMLNS_SID && !textSeen) {
      const id = child.attr.id;
      const by = child.attr.by;
      if (id === undefined || by === undefined || !isTextElement(child, SID_ATTRIBUTES) || !onlyWhitespaceText(child)) {
        return undefined;
      }
      const entry = new LuaTable<string, unknown>();
      entry.set("id", id);
      entry.set("by", by);
      ids = ids ?? jsonArray<JsonDoc>();
      ids.push(entry);
    } else if (child.name === "text" && ns === XMLNS_REPORTING && !textSeen && isTextElement(child, TEXT_ATTRIBUTES)) {
      textSeen = true;
      doc.set("text", child.get_text() ?? "");
      doc.set("lang", child.attr["xml:lang"]);
    } else {
      return undefined;
    }
  }
  doc.set("stanza_ids", ids);
  return doc;
}

/** The items of a blocking element as JSON; nil when one holds what JSON cannot. */
function itemsToJson(element: Stanza, withReports: boolean): JsonDoc[] | undefined {
  if (!hasOnlyAttributes(element, new LuaSet()) || !onlyWhitespaceText(element)) {
    return undefined;
  }
  const list = jsonArray<JsonDoc>();
  for (const item of element.tags) {
    const jid = item.attr.jid;
    const ownNamespace = item.attr.xmlns === undefined || item.attr.xmlns === element.attr.xmlns;
    if (item.name !== "item" || !ownNamespace || jid === undefined || !hasOnlyAttributes(item, ITEM_ATTRIBUTES) || !onlyWhitespaceText(item)) {
      return undefined;
    }
    const doc = new LuaTable<string, unknown>();
    doc.set("jid", jid);
    if (item.tags.length > 0) {
      const report = item.tags[0];
      if (!withReports || item.tags.length > 1 || report.name !== "report" || report.attr.xmlns !== XMLNS_REPORTING) {
        return undefined;
      }
      const reportDoc = reportToJson(report);
      if (reportDoc === undefined) {
        return undefined;
      }
      doc.set("report", reportDoc);
    }
    list.push(doc);
  }
  return list;
}

/** The items of a value the shape accepted: a JID string stands for {jid}, an object for a list of one. */
function itemList(value: unknown): JsonDoc[] {
  const entries: unknown[] = [];
  if (isArray(value)) {
    for (let i = 1; i <= value.length(); i++) {
      entries.push(value.get(i));
    }
  } else if (type(value) === "string" || (isObject(value) && value.get("jid") !== undefined)) {
    entries.push(value);
  }
  const list: JsonDoc[] = [];
  for (const entry of entries) {
    if (type(entry) === "string") {
      const doc = new LuaTable<string, unknown>();
      doc.set("jid", entry);
      list.push(doc);
    } else {
      list.push(entry as JsonDoc);
    }
  }
  return list;
}

function addReport(stanza: Stanza, report: JsonDoc): void {
  stanza.tag("report", { xmlns: XMLNS_REPORTING, reason: report.get("reason") as string });
  const ids = report.get("stanza_ids");
  if (isArray(ids)) {
    for (let i = 1; i <= ids.length(); i++) {
      const id = ids.get(i) as JsonDoc;
      stanza.tag("stanza-id", { xmlns: XMLNS_SID, id: id.get("id") as string, by: id.get("by") as string }).up();
    }
  }
  const reportText = report.get("text");
  if (reportText !== undefined) {
    stanza.text_tag("text", reportText as string, { "xml:lang": report.get("lang") as string | undefined });
  }
  stanza.up();
}

function itemsFromJson(stanza: Stanza, name: string, value: unknown): string | undefined {
  const list = itemList(value);
  stanza.tag(name, { xmlns: XMLNS_BLOCKING });
  for (const item of list) {
    stanza.tag("item", { jid: item.get("jid") as string });
    const report = item.get("report");
    if (isObject(report)) {
      addReport(stanza, report);
    }
    stanza.up();
  }
  stanza.up();
  return undefined;
}

/** Form: one JID; empty: no item (a blocklist query; unblock everyone). */
function itemsFromForm(value: string): MapResult<unknown> {
  const list = jsonArray<JsonDoc>();
  if (value !== "") {
    const doc = new LuaTable<string, unknown>();
    doc.set("jid", value);
    list.push(doc);
  }
  return $multi(list, undefined);
}

/** Form output: the JID of a list of one item without a report, "" for none. */
function itemsToForm(value: unknown): string | undefined {
  const list = itemList(value);
  if (list.length === 0) {
    return "";
  }
  if (list.length > 1 || list[0].get("report") !== undefined || type(list[0].get("jid")) !== "string") {
    return undefined;
  }
  return list[0].get("jid") as string;
}

const JID = nonEmptyText("The JID (blocked, or to unblock).");

const REPORT = object(
  [
    ["reason", oneOfWords(REASONS, "Why: spam or abuse.")],
    [
      "stanza_ids",
      arrayOf(object([["id", nonEmptyText("The stanza id.")], ["by", nonEmptyText("The JID that gave the id.")]], ["id", "by"]), undefined, "The offending stanzas (XEP-0359 ids)."),
    ],
    ["text", text("A text about the report.")],
    ["lang", text("The language of the text (its xml:lang).")],
  ],
  ["reason"],
  "A spam or abuse report (XEP-0377).",
);

/** Item shapes: {jid} (with `report` for block), or a JID string. */
function itemsShape(withReports: boolean, minItems: number | undefined): Shape {
  const properties: [string, Shape][] = [["jid", JID]];
  if (withReports) {
    properties.push(["report", REPORT]);
  }
  const item = object(properties, ["jid"]);
  return anyOf([arrayOf(anyOf([item, JID]), minItems), item, JID]);
}

/** A blocking field: its name, what it is, whether items may carry a report, the least number of items. */
function blockingField(name: string, description: string, withReports: boolean, minItems?: number): FieldMapper {
  return {
    name,
    kinds: IQ,
    implies: "iq",
    description,
    spec: withReports ? "XEP-0191, XEP-0377" : "XEP-0191",
    shape: itemsShape(withReports, minItems),
    elements: [{ name, xmlns: XMLNS_BLOCKING }],
    form: "one JID (empty: none)",
    toJson: (stanza) => {
      const element = stanza.get_child(name, XMLNS_BLOCKING);
      if (element === undefined) {
        return undefined;
      }
      return exactOrNil(element, itemsToJson(element, withReports), (scratch, value) => itemsFromJson(scratch, name, value));
    },
    fromJson: (stanza, value) => itemsFromJson(stanza, name, value),
    fromForm: itemsFromForm,
    toForm: itemsToForm,
  };
}

/** `blocklist` [{jid}]: [] asks for the list; a result lists the blocked JIDs. */
export const blocklist = blockingField("blocklist", "The blocklist: [] to ask for it, the blocked JIDs [{jid}] in a result.", false);

/** `block` [{jid, report}]: block these JIDs (at least one), optionally reporting them. */
export const block = blockingField(
  "block",
  "Block these JIDs [{jid, report}] (at least one), each optionally reported as spam or abuse.",
  true,
  1,
);

/** `unblock` [{jid}]: unblock these JIDs; [] unblocks everyone. */
export const unblock = blockingField("unblock", "Unblock these JIDs [{jid}]; [] unblocks everyone.", false);
