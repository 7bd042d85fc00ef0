/** @noSelfInFile */

/**
 * util.dataforms: XEP-0004 data forms from a layout table. A form is its
 * layout with methods (colon calls): `form()` renders it, `data()` reads a
 * submitted one.
 */
/** @noResolution */
declare module "util.dataforms" {
  import type { Stanza } from "util.stanza";

  /** XEP-0004 field types. */
  export type FieldType =
    | "boolean" | "fixed" | "hidden" | "jid-multi" | "jid-single"
    | "list-multi" | "list-single" | "text-multi" | "text-private" | "text-single";

  /** An option of a list field. */
  export interface FieldOption {
    /** Label shown to the user. */
    label?: string;
    /** The value submitted. */
    value: string;
    /** Selected by default. */
    default?: boolean;
  }

  /** One field of a layout. */
  export interface Field {
    /** Key in the data tables (and `var` when that is not given). */
    name?: string;
    /** The field's `var` attribute, when it differs from `name`. */
    var?: string;
    /** Field type (default "text-single"). */
    type?: FieldType;
    /** Label shown to the user. */
    label?: string;
    /** Longer description. */
    desc?: string;
    /** Required (a missing value is an error in `data`). */
    required?: boolean;
    /** Default value (a string, a boolean, a number, a list for multi fields, a stanza for hidden). */
    value?: unknown;
    /** Options of list fields. */
    options?: Array<string | FieldOption>;
    /** XEP-0122 datatype: "xs:integer", "xs:dateTime", "xs:double", ...; validated and converted by `data`. */
    datatype?: string;
    /** XEP-0122 range bounds. */
    range_min?: number;
    /** XEP-0122 range bounds. */
    range_max?: number;
  }

  /** A layout: a list of fields (1-based array part) with an optional title and instructions. */
  export interface FormLayout {
    /** Form title. */
    title?: string;
    /** Instructions for the user. */
    instructions?: string;
    /** The fields, in order. */
    [index: number]: Field;
  }

  /** The values of a form by field name. */
  export type FormData = { [name: string]: unknown };

  /** A layout with the form methods. */
  export interface DataForm extends FormLayout {
    /** Render as `<x xmlns='jabber:x:data'/>` of type `formtype` (default "form"), filled from `data`. */
    form(data?: FormData, formtype?: "form" | "submit" | "cancel" | "result"): Stanza;
    /** Read a submitted `<x/>`: values by name, errors by name (nil when none), and the names present. */
    data(form: Stanza, current?: FormData): LuaMultiReturn<[FormData, { [name: string]: string } | undefined, { [name: string]: true }]>;
  }

  /** Give a layout the form methods (the table itself is returned). */
  function new_(layout: FormLayout): DataForm;
  export { new_ as new };
  /** The FORM_TYPE of a form ("" when it has none), or nil and a reason when it is not a data form. */
  export function get_type(form: unknown): LuaMultiReturn<[string | undefined, undefined] | [undefined, string]>;
}
