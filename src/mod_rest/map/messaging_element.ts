/**
 * What the messaging fields share: exactness checks on a child element
 * (only the attributes a field maps, no child nodes it does not read) and
 * builders for the two commonest shapes, a flag element (`<markable/>`
 * → true) and an element carrying one id attribute (`<replace id='x'/>`
 * → "x").
 *
 * A field that finds anything else on its element returns nil, so the
 * element lands in `unmapped` intact rather than being rewritten lossily.
 */
import type { Stanza } from "util.stanza";
import type { FieldMapper, KindSet, MapResult } from "./field";
import { integerText, parseInteger } from "./field";
import { literalTrue, text } from "./shape";

/** The kinds every messaging field applies to. */
export const MESSAGE_ONLY: KindSet = { message: true };

/** Largest character offset (XEP-0372 begin/end, XEP-0428 start/end): far beyond any stanza Prosody accepts. */
export const MAX_OFFSET = 2147483647;

/**
 * True when every attribute of `element` but `xmlns` is one of `allowed`
 * (`xml:lang` and namespaced attributes included: a field maps none of
 * them unless it says so).
 */
export function hasOnlyAttributes(element: Stanza, allowed?: LuaSet<string>): boolean {
  for (const [name] of pairs(element.attr)) {
    if (name !== "xmlns" && (allowed === undefined || !allowed.has(name as string))) {
      return false;
    }
  }
  return true;
}

/** True when `element` has no child node at all (no element, no text, not even whitespace). */
export function hasNoChildren(element: Stanza): boolean {
  for (const _node of element.children()) {
    return false;
  }
  return true;
}

/** True for an element with no children and no attributes but `xmlns` and those `allowed`. */
export function isBareElement(element: Stanza, allowed?: LuaSet<string>): boolean {
  return hasNoChildren(element) && hasOnlyAttributes(element, allowed);
}

/**
 * A character-offset attribute as an integer from 0 to MAX_OFFSET: nil
 * when absent, false when not in canonical decimal ("07" or "+7" would be
 * written back as "7", so the element must stay unmapped).
 */
export function offsetAttribute(element: Stanza, name: string): number | undefined | false {
  const value = element.attr[name];
  if (value === undefined) {
    return undefined;
  }
  const n = parseInteger(value, 0, MAX_OFFSET);
  if (n === undefined || integerText(n) !== value) {
    return false;
  }
  return n;
}

/** True when `child` (of a parent in `xmlns`) is in `xmlns`: declared so, or inheriting it. */
export function inNamespace(child: Stanza, xmlns: string): boolean {
  return child.attr.xmlns === undefined || child.attr.xmlns === xmlns;
}

/** Every child `<name/>` of `stanza` in `xmlns`, in document order. */
export function childrenNamed(stanza: Stanza, name: string, xmlns: string): Stanza[] {
  const found: Stanza[] = [];
  for (const child of stanza.tags) {
    if (child.name === name && child.attr.xmlns === xmlns) {
      found.push(child);
    }
  }
  return found;
}

/** Form shape of a flag: whatever the value, the field is present (→ true). */
export function formTrue(): MapResult<unknown> {
  return $multi(true, undefined);
}

/** A fromForm for a field a flat form cannot express: refuses with a text naming it. */
export function notInForms(name: string, what: string): (this: void, value: string) => MapResult<unknown> {
  return () => $multi(undefined, `${name}: ${what}, not available in forms (send JSON)`);
}

/** A flag field: `true` for a bare `<element xmlns=.../>`, nil when the element carries anything. */
export function flagField(name: string, element: string, xmlns: string, spec: string, description: string): FieldMapper {
  return {
    name,
    kinds: MESSAGE_ONLY,
    description,
    spec,
    shape: literalTrue(),
    elements: [{ name: element, xmlns }],
    form: "any value (present: true)",
    toJson: (stanza) => {
      const child = stanza.get_child(element, xmlns);
      return child !== undefined && isBareElement(child) ? true : undefined;
    },
    fromJson: (stanza) => {
      stanza.tag(element, { xmlns }).up();
      return undefined;
    },
    fromForm: formTrue,
  };
}

/**
 * A field holding the one attribute of an empty element (`<replace
 * id='x'/>` → "x"): nil when the attribute is missing or the element has
 * anything else.
 */
export function attributeField(
  name: string, element: string, xmlns: string, attribute: string, spec: string, description: string,
): FieldMapper {
  const allowed = new LuaSet<string>();
  allowed.add(attribute);
  return {
    name,
    kinds: MESSAGE_ONLY,
    description,
    spec,
    shape: text(),
    elements: [{ name: element, xmlns }],
    form: `the ${attribute}`,
    toJson: (stanza) => {
      const child = stanza.get_child(element, xmlns);
      if (child === undefined || !isBareElement(child, allowed)) {
        return undefined;
      }
      return child.attr[attribute];
    },
    fromJson: (stanza, value) => {
      const attr: { [key: string]: string } = { xmlns };
      attr[attribute] = value as string;
      stanza.tag(element, attr).up();
      return undefined;
    },
  };
}
