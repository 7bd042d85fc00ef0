/**
 * Top-level data forms (XEP-0004), in a stanza of any kind (a form sent in
 * a message, say): `dataform` (the full shape of dataform.ts, both ways)
 * and `formdata` (the simplified map, input only: it is written as a form
 * of type submit; XML → JSON gives `dataform`, which is exact).
 */
import type { FieldMapper, MapResult } from "./field";
import { ANY_KIND } from "./field";
import { XMLNS_DATA, dataformFromJson, dataformShape, dataformToJson, formdataFromJson, formdataShape } from "./dataform";

function notInForms(name: string): (this: void) => MapResult<unknown> {
  return () => $multi(undefined, `${name}: an object, not available in forms (send JSON)`);
}

/** `dataform`: the first data form child of the stanza. */
export const dataformField: FieldMapper = {
  name: "dataform",
  kinds: ANY_KIND,
  description: "A data form carried in the stanza.",
  spec: "XEP-0004",
  shape: dataformShape,
  elements: [{ name: "x", xmlns: XMLNS_DATA }],
  toJson: (stanza) => {
    const x = stanza.get_child("x", XMLNS_DATA);
    return x === undefined ? undefined : dataformToJson(x);
  },
  fromJson: (stanza, value) => dataformFromJson(stanza, value, "dataform"),
  fromForm: notInForms("dataform"),
  toForm: () => undefined,
};

/** `formdata`: {var: value | [values]} written as a submitted form (input only). */
export const formdataField: FieldMapper = {
  name: "formdata",
  kinds: ANY_KIND,
  description: "Form values by var, written as a data form of type submit (input only: output gives dataform).",
  spec: "XEP-0004",
  shape: formdataShape,
  elements: [{ name: "x", xmlns: XMLNS_DATA }],
  toJson: () => undefined,
  fromJson: (stanza, value) => formdataFromJson(stanza, value, "submit", "formdata"),
  fromForm: notInForms("formdata"),
  toForm: () => undefined,
};

/** Top-level form fields, in the order their elements are written. */
export const DATAFORM_FIELDS: FieldMapper[] = [dataformField, formdataField];
