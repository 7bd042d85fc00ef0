/**
 * The answers to a MAM query (XEP-0313, urn:xmpp:mam:2):
 *
 * - `archive` in a message: one archived message, {id, queryid, forward}
 *   (the `<result/>` element, `forward` being forward.ts's {delay,
 *   message});
 * - `result` in an iq: the end of the results, {queryid, complete,
 *   stable, page} (the `<fin/>` element; `complete` and `stable` written
 *   "true"/"false", `page` an RSM set).
 *
 * XML → JSON is exact or nil (the element then stays in `unmapped`).
 */
import type { Stanza } from "util.stanza";
import type { FieldMapper, JsonDoc, KindSet } from "./field";
import { object, boolean, text } from "./shape";
import { XMLNS_RSM, rsmFromJson, rsmShape, rsmToJson } from "./rsm";
import { hasOnlyAttributes, notInForms } from "./anykind_element";
import { exactBoolean, nonEmptyText, onlyWhitespaceText } from "./services_values";
import { exactOrNil } from "./exact";
import { XMLNS_FORWARD, forwardedFromJson, forwardedShape, forwardedToJson, nestingExactOrNil } from "./forward";
import { XMLNS_MAM, archiveQuery } from "./archive_query";
import { setOf } from "../../lib/collections";

const IQ: KindSet = { iq: true };
const MESSAGE: KindSet = { message: true };
const RESULT_ATTRIBUTES = setOf(["id", "queryid"]);
const FIN_ATTRIBUTES = setOf(["queryid", "complete", "stable"]);
const FLAGS = ["complete", "stable"];

function readResult(result: Stanza): JsonDoc | undefined {
  const id = result.attr.id;
  const child = result.tags[0];
  if (id === undefined || !hasOnlyAttributes(result, RESULT_ATTRIBUTES) || !onlyWhitespaceText(result) || result.tags.length !== 1) {
    return undefined;
  }
  if (child.name !== "forwarded" || child.attr.xmlns !== XMLNS_FORWARD) {
    return undefined;
  }
  const forward = forwardedToJson(child);
  if (forward === undefined) {
    return undefined;
  }
  const doc = new LuaTable<string, unknown>();
  doc.set("id", id);
  doc.set("queryid", result.attr.queryid);
  doc.set("forward", forward);
  return doc;
}

function resultFromJson(stanza: Stanza, value: unknown): string | undefined {
  const result = value as JsonDoc;
  stanza.tag("result", { xmlns: XMLNS_MAM, id: result.get("id") as string, queryid: result.get("queryid") as string | undefined });
  const problem = forwardedFromJson(stanza, result.get("forward"), "archive.forward");
  if (problem !== undefined) {
    return problem;
  }
  stanza.up();
  return undefined;
}

/** `archive` in a message: one result of a MAM query {id, queryid, forward}. */
export const archiveResult: FieldMapper = {
  name: "archive",
  kinds: MESSAGE,
  description: "In a message: one result of an archive query {id, queryid, forward}, the archived message and its time in `forward`.",
  spec: "XEP-0313",
  shape: object(
    [
      ["id", nonEmptyText("The message's archive id.")],
      ["queryid", text("The queryid of the query this answers.")],
      ["forward", forwardedShape],
    ],
    ["id", "forward"],
  ),
  elements: [{ name: "result", xmlns: XMLNS_MAM }],
  toJson: (stanza) => {
    const result = stanza.get_child("result", XMLNS_MAM);
    return result === undefined ? undefined : nestingExactOrNil(result, readResult(result), resultFromJson);
  },
  fromJson: resultFromJson,
  // formToJson cannot tell kinds apart: the iq query's reading, which a result then refuses by its shape.
  fromForm: archiveQuery.fromForm,
  toForm: () => undefined,
};

function readFin(fin: Stanza): JsonDoc | undefined {
  if (!hasOnlyAttributes(fin, FIN_ATTRIBUTES) || !onlyWhitespaceText(fin) || fin.tags.length > 1) {
    return undefined;
  }
  const doc = new LuaTable<string, unknown>();
  doc.set("queryid", fin.attr.queryid);
  for (const name of FLAGS) {
    const flag = fin.attr[name];
    if (flag !== undefined) {
      const value = exactBoolean(flag, "true", "false");
      if (value === undefined) {
        return undefined;
      }
      doc.set(name, value);
    }
  }
  const set = fin.tags[0];
  if (set !== undefined) {
    if (set.name !== "set" || set.attr.xmlns !== XMLNS_RSM) {
      return undefined;
    }
    const page = rsmToJson(set);
    if (page === undefined) {
      return undefined;
    }
    doc.set("page", page);
  }
  return doc;
}

function finFromJson(stanza: Stanza, value: unknown): string | undefined {
  const fin = value as JsonDoc;
  const attr = new LuaTable<string, string>();
  attr.set("xmlns", XMLNS_MAM);
  const queryid = fin.get("queryid");
  if (queryid !== undefined) {
    attr.set("queryid", queryid as string);
  }
  for (const name of FLAGS) {
    const flag = fin.get(name);
    if (flag !== undefined) {
      attr.set(name, flag === true ? "true" : "false");
    }
  }
  stanza.tag("fin", attr as unknown as { [name: string]: string });
  const page = fin.get("page");
  if (page !== undefined) {
    const problem = rsmFromJson(stanza, page, "result.page");
    if (problem !== undefined) {
      return problem;
    }
  }
  stanza.up();
  return undefined;
}

/** `result` in an iq: the end of a MAM query's results {queryid, complete, stable, page}. */
export const archiveFin: FieldMapper = {
  name: "result",
  kinds: IQ,
  implies: "iq",
  description: "In an iq: the end of an archive query's results {complete, stable, page}: whether the last page was reached, whether the ids are stable, the page (first, last, count).",
  spec: "XEP-0313",
  shape: object([
    ["queryid", text("The queryid of the query (some servers send it).")],
    ["complete", boolean("True: this page reaches the end of the results (written \"true\").")],
    ["stable", boolean("False: the ids may change (written \"false\").")],
    ["page", rsmShape],
  ]),
  elements: [{ name: "fin", xmlns: XMLNS_MAM }],
  toJson: (stanza) => {
    const fin = stanza.get_child("fin", XMLNS_MAM);
    return fin === undefined ? undefined : exactOrNil(fin, readFin(fin), finFromJson);
  },
  fromJson: finFromJson,
  fromForm: notInForms("result"),
  toForm: () => undefined,
};
