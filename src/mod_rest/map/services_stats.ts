/**
 * `stats` (XEP-0039 Statistics Gathering, http://jabber.org/protocol/stats):
 * [{name, unit, value}]. A query lists the names to ask for ([] asks
 * which names there are); a result gives units and values. JSON `unit`
 * is XEP-0039's `units` attribute (the community module wrote `unit`).
 */
import type { Stanza } from "util.stanza";
import type { FieldMapper, JsonDoc, KindSet, MapResult } from "./field";
import { isArray, isObject, jsonArray } from "./field";
import { anyOf, arrayOf, finiteNumber, object, text } from "./shape";
import { exactNumber, nonEmptyText, numberText, onlyWhitespaceText } from "./services_values";
import { exactOrNil } from "./exact";
import { hasOnlyAttributes } from "./anykind_element";
import { setOf } from "../../lib/collections";

export const XMLNS_STATS = "http://jabber.org/protocol/stats";

const IQ: KindSet = { iq: true };
const STAT_ATTRIBUTES = setOf(["name", "units", "value"]);

/** One `<stat/>` as JSON, nil when it holds what JSON cannot (an error child, a value not written canonically). */
function statToJson(stat: Stanza): JsonDoc | undefined {
  const name = stat.attr.name;
  if (name === undefined || stat.tags.length > 0 || !onlyWhitespaceText(stat) || !hasOnlyAttributes(stat, STAT_ATTRIBUTES)) {
    return undefined;
  }
  const doc = new LuaTable<string, unknown>();
  doc.set("name", name);
  doc.set("unit", stat.attr.units);
  if (stat.attr.value !== undefined) {
    const n = exactNumber(stat.attr.value);
    if (n === undefined) {
      return undefined;
    }
    doc.set("value", n);
  }
  return doc;
}

function statsToJson(stanza: Stanza): unknown {
  const query = stanza.get_child("query", XMLNS_STATS);
  if (query === undefined || !hasOnlyAttributes(query, new LuaSet()) || !onlyWhitespaceText(query)) {
    return undefined;
  }
  const list = jsonArray<JsonDoc>();
  for (const child of query.tags) {
    if (child.name !== "stat" || (child.attr.xmlns !== undefined && child.attr.xmlns !== query.attr.xmlns)) {
      return undefined;
    }
    const stat = statToJson(child);
    if (stat === undefined) {
      return undefined;
    }
    list.push(stat);
  }
  return list;
}

/** The list of stats of a value the shape accepted: a single object stands for a list of one. */
function statList(value: unknown): JsonDoc[] {
  const list: JsonDoc[] = [];
  if (isArray(value)) {
    for (let i = 1; i <= value.length(); i++) {
      list.push(value.get(i) as JsonDoc);
    }
  } else if (isObject(value) && value.get("name") !== undefined) {
    list.push(value);
  }
  return list;
}

function statsFromJson(stanza: Stanza, value: unknown): string | undefined {
  stanza.tag("query", { xmlns: XMLNS_STATS });
  for (const stat of statList(value)) {
    const n = stat.get("value") as number | undefined;
    const attr = {
      name: stat.get("name") as string,
      units: stat.get("unit") as string | undefined,
      value: n === undefined ? undefined : numberText(n),
    };
    stanza.tag("stat", attr).up();
  }
  stanza.up();
  return undefined;
}

/** Form: the names to ask for, separated by commas; empty asks which names there are. */
function statsFromForm(value: string): MapResult<unknown> {
  const list = jsonArray<JsonDoc>();
  for (const [name] of string.gmatch(value, "[^,]+")) {
    const doc = new LuaTable<string, unknown>();
    doc.set("name", name);
    list.push(doc);
  }
  return $multi(list, undefined);
}

/** Form output: the names, when none has a unit or value and none holds a comma. */
function statsToForm(value: unknown): string | undefined {
  const names: string[] = [];
  for (const stat of statList(value)) {
    const name = stat.get("name");
    if (type(name) !== "string" || stat.get("unit") !== undefined || stat.get("value") !== undefined) {
      return undefined;
    }
    if (name === "" || string.find(name as string, ",", 1, true)[0] !== undefined) {
      return undefined;
    }
    names.push(name as string);
  }
  return names.join(",");
}

const STAT = object(
  [
    ["name", nonEmptyText("The statistic's name (time/uptime, users/online, ...).")],
    ["unit", text("Its unit (the `units` attribute: seconds, users, ...).")],
    ["value", finiteNumber("Its value.")],
  ],
  ["name"],
);

/** `stats` [{name, unit, value}]: http://jabber.org/protocol/stats. */
export const stats: FieldMapper = {
  name: "stats",
  kinds: IQ,
  implies: "iq",
  description: "Statistics: the names to ask for ([] asks which there are), {name, unit, value} each in a result; one object stands for a list of one.",
  spec: "XEP-0039",
  shape: anyOf([arrayOf(STAT), STAT]),
  elements: [{ name: "query", xmlns: XMLNS_STATS }],
  form: "the names, separated by commas (empty: which names there are)",
  toJson: (stanza) => exactOrNil(stanza.get_child("query", XMLNS_STATS), statsToJson(stanza), statsFromJson),
  fromJson: statsFromJson,
  fromForm: statsFromForm,
  toForm: statsToForm,
};
