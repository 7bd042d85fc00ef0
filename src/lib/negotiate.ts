/** Content negotiation with q-values (RFC 9110 §12.5.1). */

interface AcceptRange {
  type: string;
  subtype: string;
  q: number;
}

/** Parse an Accept header into media ranges with their weights. */
function parseAccept(header: string): AcceptRange[] {
  const ranges: AcceptRange[] = [];
  for (const [item] of string.gmatch(header, "[^,]+")) {
    const [major, minor, params] = string.match(item, "^%s*([^%s/;]+)/([^%s;]+)%s*(.*)$");
    if (major !== undefined && minor !== undefined) {
      let q = 1;
      const [qvalue] = string.match(params ?? "", ";%s*[qQ]%s*=%s*([0-9.]+)");
      if (qvalue !== undefined) {
        q = tonumber(qvalue) ?? 0;
      }
      ranges.push({ type: string.lower(major), subtype: string.lower(minor), q });
    }
  }
  return ranges;
}

/** How specifically a range matches a type: 3 exact, 2 `type/*`, 1 `*\/*`, 0 none. */
function specificity(range: AcceptRange, offered: string): number {
  const [major, minor] = string.match(offered, "^([^/]+)/(.+)$");
  if (range.type === major && range.subtype === minor) {
    return 3;
  } else if (range.type === major && range.subtype === "*") {
    return 2;
  } else if (range.type === "*" && range.subtype === "*") {
    return 1;
  }
  return 0;
}

/**
 * The offered media type the client prefers (RFC 9110 §12.5.1): each offer
 * takes the q of its most specific matching range; highest q wins, ties go
 * to the earlier offer; q=0 refuses. Nil when the header is absent or
 * accepts none of them.
 */
export function negotiate(header: string | undefined, offers: string[]): string | undefined {
  if (header === undefined || string.find(header, "%S")[0] === undefined) {
    return undefined;
  }
  const ranges = parseAccept(header);
  let best: string | undefined;
  let bestQ = 0;
  for (const offer of offers) {
    let matched = 0;
    let q = 0;
    for (const range of ranges) {
      const level = specificity(range, offer);
      if (level > matched) {
        matched = level;
        q = range.q;
      }
    }
    if (q > bestQ) {
      best = offer;
      bestQ = q;
    }
  }
  return best;
}
