// The round-trip corpus of spec/mod_rest/corpus/*.xml, read for the e2e tests
// and the capture script: one entry per <case name source [unmapped]> holding
// one stanza (indentation removed, see xml_canonical.ts withoutIndentation).

import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse as parseXml } from "ltx";
import { REPO_ROOT } from "../harness/prosody.js";
import { withoutIndentation } from "../harness/xml_canonical.js";
import type { Element } from "../harness/xmpp.js";

export const CORPUS_DIR = path.join(REPO_ROOT, "spec", "mod_rest", "corpus");

export interface CorpusCase {
  /** The file's name without .xml, e.g. "xep-0030". */
  file: string;
  name: string;
  source: string;
  /** unmapped="expected": the stanza holds elements the mapping leaves to XML on purpose. */
  unmappedExpected: boolean;
  stanza: Element;
}

/** The cases of one corpus file. */
export function readCorpusFile(file: string): CorpusCase[] {
  const root = parseXml(readFileSync(file, "utf8"));
  if (root.name !== "corpus") throw new Error(`${file}: the root must be <corpus>`);
  const base = path.basename(file, ".xml");
  return root.getChildren("case").map((c) => {
    const stanzas = c.getChildElements();
    const name = c.attrs.name;
    if (stanzas.length !== 1 || stanzas[0] === undefined || name === undefined) {
      throw new Error(`${file}: case ${String(name)} must have a name and hold one stanza`);
    }
    return {
      file: base,
      name,
      source: c.attrs.source ?? "",
      unmappedExpected: c.attrs.unmapped === "expected",
      stanza: withoutIndentation(stanzas[0]),
    };
  });
}

/** Every case of every corpus file, files in name order. */
export function readCorpus(dir = CORPUS_DIR): CorpusCase[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".xml"))
    .sort()
    .flatMap((f) => readCorpusFile(path.join(dir, f)));
}
