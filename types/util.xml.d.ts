/** @noSelfInFile */

/** util.xml: parse an XML document into a stanza object (uses lxp; DOCTYPEs are always refused). */
/** @noResolution */
declare module "util.xml" {
  import type { Stanza } from "util.stanza";
  /** What the parser tolerates. */
  export interface ParseOptions {
    /** Allow comments (otherwise parsing is aborted). */
    allow_comments?: boolean;
    /** Allow processing instructions (otherwise parsing is aborted). */
    allow_processing_instructions?: boolean;
  }
  /** The single top-level element of `xml`, or nil and an error message (with line and column). */
  export function parse(xml: string, options?: ParseOptions): LuaMultiReturn<[Stanza, undefined] | [undefined, string]>;
}
