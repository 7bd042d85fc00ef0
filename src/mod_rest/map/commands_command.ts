/**
 * `command` (XEP-0050 ad-hoc commands): the <command/> element of an iq.
 *
 *     "urn:node"                                   -- input: execute this node
 *     { node, action, sessionid, status,
 *       actions: { execute, prev, next, complete },  -- <actions execute=...><prev/><next/><complete/></actions>
 *       note: { type, text } | [{ type, text }],     -- a list when there are several notes
 *       form: dataform,                              -- the <x xmlns='jabber:x:data'/> (see dataform.ts)
 *       data: formdata }                             -- input only: written as a form of type submit
 *
 * The community module dropped `note` when `actions` was present; both are
 * kept here. Children are written actions, notes, form, and those of
 * <actions/> prev, next, complete; Prosody writes a reply's children in
 * table order (any order), so a command or actions whose children come in
 * another order gets `order`, the kinds in their XML order, and the JSON
 * writes back the same XML.
 */
import type { Stanza } from "util.stanza";
import type { FieldMapper, JsonDoc, MapResult } from "./field";
import { isArray, jsonArray } from "./field";
import { anyOf, arrayOf, boolean, object, oneOfWords, text } from "./shape";
import { XMLNS_DATA, dataformFromJson, dataformShape, dataformToJson, formdataFromJson, formdataShape } from "./dataform";
import { kindSequence, orderHint, orderShape, exactOrNil, writingOrder } from "./exact";

export const XMLNS_COMMANDS = "http://jabber.org/protocol/commands";

/** The step actions of <actions/>, in the order written. */
const STEPS = ["prev", "next", "complete"];
/** The kinds of a command's children, in the order written when it has no `order`. */
const COMMAND_KINDS = ["actions", "note", "x"];

const noteShape = object(
  [["type", oneOfWords(["info", "warn", "error"], "The note's type (default info).")], ["text", text()]],
  undefined,
  "A <note/>.",
);

const commandObject = object(
  [
    ["node", text("The command's node.")],
    ["action", oneOfWords(["execute", "cancel", "prev", "next", "complete"], "What the requester asks for.")],
    ["sessionid", text()],
    ["status", oneOfWords(["executing", "completed", "canceled"])],
    [
      "actions",
      object(
        [
          ["execute", oneOfWords(STEPS, "The default action.")],
          ["prev", boolean()],
          ["next", boolean()],
          ["complete", boolean()],
          ["order", orderShape(STEPS)],
        ],
        undefined,
        "The actions allowed next (true: the child is present).",
      ),
    ],
    ["note", anyOf([noteShape, arrayOf(noteShape)], "A note, or a list when there are several.")],
    ["form", dataformShape],
    ["data", formdataShape],
    ["order", orderShape(COMMAND_KINDS)],
  ],
  ["node"],
);

const commandShape = anyOf([text("A node to execute."), commandObject]);

/** The kind of a child: its name (unknown children are refused before). */
function childKind(child: Stanza): string {
  return child.name;
}

/** True for a step action's name. */
function isStep(name: string): boolean {
  for (const step of STEPS) {
    if (step === name) {
      return true;
    }
  }
  return false;
}

/** The JSON of <actions/>, nil when it holds anything else. */
function actionsToJson(actions: Stanza): JsonDoc | undefined {
  const doc = new LuaTable<string, unknown>();
  doc.set("execute", actions.attr.execute);
  for (const child of actions.tags) {
    const ns = child.attr.xmlns;
    if ((ns !== undefined && ns !== XMLNS_COMMANDS) || doc.get(child.name) !== undefined || !isStep(child.name)) {
      return undefined;
    }
    doc.set(child.name, true);
  }
  doc.set("order", orderHint(kindSequence(actions, childKind) ?? [], STEPS));
  return doc;
}

/** The JSON of a <command/> before the exactness check. */
function readCommand(command: Stanza): JsonDoc | undefined {
  const doc = new LuaTable<string, unknown>();
  doc.set("node", command.attr.node);
  doc.set("action", command.attr.action);
  doc.set("sessionid", command.attr.sessionid);
  doc.set("status", command.attr.status);
  const notes = jsonArray<JsonDoc>();
  for (const child of command.tags) {
    const ns = child.attr.xmlns;
    if (child.name === "x" && ns === XMLNS_DATA && doc.get("form") === undefined) {
      const form = dataformToJson(child);
      if (form === undefined) {
        return undefined;
      }
      doc.set("form", form);
    } else if (ns !== undefined && ns !== XMLNS_COMMANDS) {
      return undefined;
    } else if (child.name === "actions" && doc.get("actions") === undefined) {
      const actions = actionsToJson(child);
      if (actions === undefined) {
        return undefined;
      }
      doc.set("actions", actions);
    } else if (child.name === "note" && child.tags.length === 0) {
      const note = new LuaTable<string, unknown>();
      note.set("type", child.attr.type);
      note.set("text", child.get_text() ?? "");
      notes.push(note);
    } else {
      return undefined;
    }
  }
  if (notes.length === 1) {
    doc.set("note", notes[0]);
  } else if (notes.length > 1) {
    doc.set("note", notes);
  }
  const sequence = kindSequence(command, childKind);
  if (sequence === undefined) {
    return undefined; // notes split by another child
  }
  doc.set("order", orderHint(sequence, COMMAND_KINDS));
  return doc;
}

function writeNote(stanza: Stanza, note: JsonDoc): void {
  stanza.text_tag("note", note.get("text") as string | undefined, { type: note.get("type") as string | undefined });
}

/** Write <actions/> (fits the shape), its children in `order` or the default one. */
function writeActions(stanza: Stanza, actions: JsonDoc): void {
  stanza.tag("actions", { execute: actions.get("execute") as string | undefined });
  for (const step of writingOrder(actions.get("order"), STEPS)) {
    if (actions.get(step) === true) {
      stanza.tag(step).up();
    }
  }
  stanza.up();
}

/** Write a command object that fits the shape; an error text for what the shape cannot say. */
function writeCommand(stanza: Stanza, value: JsonDoc): string | undefined {
  const form = value.get("form");
  const data = value.get("data");
  if (form !== undefined && data !== undefined) {
    return "command: give form or data, not both";
  }
  stanza.tag("command", {
    xmlns: XMLNS_COMMANDS,
    node: value.get("node") as string,
    action: value.get("action") as string | undefined,
    sessionid: value.get("sessionid") as string | undefined,
    status: value.get("status") as string | undefined,
  });
  let problem: string | undefined;
  for (const kind of writingOrder(value.get("order"), COMMAND_KINDS)) {
    if (kind === "actions") {
      const actions = value.get("actions") as JsonDoc | undefined;
      if (actions !== undefined) {
        writeActions(stanza, actions);
      }
    } else if (kind === "note") {
      const note = value.get("note");
      if (isArray(note)) {
        for (let i = 1; i <= note.length(); i++) {
          writeNote(stanza, note.get(i) as JsonDoc);
        }
      } else if (note !== undefined) {
        writeNote(stanza, note as JsonDoc);
      }
    } else if (form !== undefined) {
      problem = dataformFromJson(stanza, form, "command.form");
    } else if (data !== undefined) {
      problem = formdataFromJson(stanza, data, "submit", "command.data");
    }
  }
  stanza.up();
  return problem;
}

function commandFromJson(stanza: Stanza, value: unknown): string | undefined {
  if (type(value) === "string") {
    stanza.tag("command", { xmlns: XMLNS_COMMANDS, node: value as string }).up();
    return undefined;
  }
  const command = value as JsonDoc;
  // Cross-field checks before writing anything.
  if (command.get("form") !== undefined && command.get("data") !== undefined) {
    return "command: give form or data, not both";
  }
  return writeCommand(stanza, command);
}

function writeCommandValue(stanza: Stanza, value: unknown): string | undefined {
  return writeCommand(stanza, value as JsonDoc);
}

function commandToJson(stanza: Stanza): unknown {
  const command = stanza.get_child("command", XMLNS_COMMANDS);
  if (command === undefined) {
    return undefined;
  }
  return exactOrNil(command, readCommand(command), writeCommandValue, commandObject, "command");
}

/** A flat form (or an empty query string) gives the node. */
function commandFromForm(value: string): MapResult<unknown> {
  if (value === "") {
    return $multi(undefined, "command: expected the command's node (GET /rest/command/{to}?node=...)");
  }
  return $multi(value, undefined);
}

/** A form holds a command that is only a node. */
function commandToForm(value: unknown): string | undefined {
  if (type(value) === "string") {
    return value as string;
  }
  const doc = value as JsonDoc;
  for (const [name] of pairs(doc)) {
    if (name !== "node") {
      return undefined;
    }
  }
  return doc.get("node") as string | undefined;
}

/**
 * `command`: a node (executes it) or {node, action, sessionid, status,
 * actions, note, form, data}. GET /rest/command/{to}?node=...&action=...
 * &sessionid=... builds the object from the query string (type set).
 */
export const command: FieldMapper = {
  name: "command",
  kinds: { iq: true },
  implies: "iq",
  description:
    "An ad-hoc command: a node to execute it, or {node, action, sessionid, status, actions, note, form, data} (data: form values, input only).",
  spec: "XEP-0050",
  shape: commandShape,
  elements: [{ name: "command", xmlns: XMLNS_COMMANDS }],
  form: "the node",
  toJson: commandToJson,
  fromJson: commandFromJson,
  fromForm: commandFromForm,
  toForm: commandToForm,
};
