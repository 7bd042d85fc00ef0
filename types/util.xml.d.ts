/** @noSelfInFile */

/** util.xml: parse an XML fragment into a stanza object (uses lxp). */
/** @noResolution */
declare module "util.xml" {
  import type { Stanza } from "util.stanza";
  export interface ParseOptions {
    /** Allow comments (otherwise an error). */
    allow_comments?: boolean;
    /** Allow processing instructions. */
    allow_processing_instructions?: boolean;
  }
  /** The single top-level element of `xml`, or nil and an error message. */
  export function parse(xml: string, options?: ParseOptions): LuaMultiReturn<[Stanza, undefined] | [undefined, string]>;
}
