// Reading the module READMEs (docs/mod_x/README.md, Prosody's community
// format: Pandoc Markdown with setext headings and simple tables) for the
// tests that check their promises: sections, option tables, code blocks.

import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "../harness/prosody";

export const MODULES = ["mod_post_msg", "mod_component_http", "mod_rest"] as const;
export type ModuleName = (typeof MODULES)[number];

export function readmePath(module: ModuleName): string {
  return path.join(REPO_ROOT, "docs", module, "README.md");
}

export function readReadme(module: ModuleName): string {
  return fs.readFileSync(readmePath(module), "utf8");
}

export interface Section {
  /** From the heading up to the next top-level heading. */
  lines: string[];
  /** 1-based line number of the heading in the file. */
  line: number;
}

/**
 * A top-level section (a setext `Title` over `=====`, or `# Title`), up to
 * the next top-level heading; throws when there is no such section.
 */
export function topSection(markdown: string, title: string): Section {
  const lines = markdown.split("\n");
  const isTop = (i: number): boolean =>
    /^#\s/.test(lines[i] ?? "") || ((lines[i] ?? "").trim() !== "" && /^=+\s*$/.test(lines[i + 1] ?? ""));
  const titleOf = (i: number): string => (lines[i] ?? "").replace(/^#\s+/, "").trim();
  const start = lines.findIndex((_, i) => isTop(i) && titleOf(i) === title);
  if (start < 0) throw new Error(`no top-level section "${title}"`);
  let end = start + 1;
  while (end < lines.length && !isTop(end)) end++;
  return { lines: lines.slice(start, end), line: start + 1 };
}

export interface TableRow {
  /** 1-based line number: within the lines given to simpleTables, plus `firstLine - 1`. */
  line: number;
  /** The cells, trimmed, by column. */
  cells: string[];
  text: string;
}

export interface SimpleTable {
  header: string[];
  rows: TableRow[];
}

/**
 * Pandoc simple tables: a header line, a line of dash groups giving the
 * columns, then one row per line up to a blank line. A cell runs from its
 * column's start to the next column's (the last one to the end of the line).
 */
export function simpleTables(lines: string[], firstLine = 1): SimpleTable[] {
  const tables: SimpleTable[] = [];
  for (let i = 1; i < lines.length; i++) {
    const rule = lines[i]!;
    if (!/^\s*-{2,}(\s+-{2,})+\s*$/.test(rule) || (lines[i - 1] ?? "").trim() === "") continue;
    const starts = [...rule.matchAll(/-+/g)].map((m) => m.index);
    const cut = (line: string): string[] => starts.map((s, k) => line.slice(s, starts[k + 1] ?? line.length).trim());
    const table: SimpleTable = { header: cut(lines[i - 1]!), rows: [] };
    let j = i + 1;
    for (; j < lines.length && lines[j]!.trim() !== ""; j++) {
      const line = lines[j]!;
      // A cell overflowing into the next column would be cut in the middle of a word.
      for (const s of starts.slice(1)) {
        if (line.length > s && line[s - 1] !== " " && line[s] !== " ") {
          throw new Error(`table row overflows its column at character ${s + 1}: ${line}`);
        }
      }
      table.rows.push({ line: firstLine + j, cells: cut(line), text: line });
    }
    tables.push(table);
    i = j;
  }
  return tables;
}

export interface CodeBlock {
  /** The info string of a fenced block (`sh`, `lua`, ...); "" for an indented block or a bare fence. */
  lang: string;
  /** The block's lines, without the fence and with the indentation of an indented block removed. */
  lines: string[];
  /** 1-based line number of the block's first content line in the file. */
  line: number;
}

/**
 * Every code block: fenced (``` or ~~~, optionally with a language, as in
 * "``` sh") and indented by four spaces (after a blank line, outside lists:
 * the README's other form, e.g. the curl lines of the Introduction).
 */
export function codeBlocks(markdown: string): CodeBlock[] {
  const lines = markdown.split("\n");
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const fence = /^(\s*)(`{3,}|~{3,})\s*([\w+-]*)\s*$/.exec(lines[i]!);
    if (fence) {
      const indent = fence[1] ?? "";
      const marker = fence[2] ?? "```";
      const lang = fence[3] ?? "";
      const body: string[] = [];
      let j = i + 1;
      for (; j < lines.length && !lines[j]!.trim().startsWith(marker); j++) body.push(lines[j]!.slice(indent.length));
      blocks.push({ lang, lines: body, line: i + 2 });
      i = j;
      continue;
    }
    // An indented block starts after a blank line, and a list item's
    // continuation (a line after "-   " or ":   ") is not one.
    if (/^ {4}\S/.test(lines[i]!) && (lines[i - 1] ?? "").trim() === "" && !inListItem(lines, i)) {
      const body: string[] = [];
      let j = i;
      for (; j < lines.length && (/^ {4}/.test(lines[j]!) || (lines[j]!.trim() === "" && /^ {4}\S/.test(lines[j + 1] ?? ""))); j++) {
        body.push(lines[j]!.slice(4));
      }
      blocks.push({ lang: "", lines: body, line: i + 1 });
      i = j - 1;
    }
  }
  return blocks;
}

/** True when line i continues a list item or definition (the nearest non-blank, non-indented line above starts one). */
function inListItem(lines: string[], i: number): boolean {
  for (let k = i - 1; k >= 0; k--) {
    const line = lines[k]!;
    if (line.trim() === "" || /^ {4}/.test(line)) continue;
    return /^(-|\*|\d+\.|:)\s+/.test(line);
  }
  return false;
}

/** The Markdown code spans of a text: "`196608` (192 KiB)" → ["196608"]. */
export function codeSpans(text: string): string[] {
  return [...text.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
}
