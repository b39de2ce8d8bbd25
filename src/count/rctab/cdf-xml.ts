/**
 * NIST SP 1500-103 cast vote records written as XML, turned into the shape of
 * their JSON form so one reader serves both. Namespace prefixes are dropped,
 * `ObjectId` becomes `@id`, elements that may repeat become arrays, and
 * `CandidateIds` (an IDREFS list) becomes an array of ids.
 */
const REPEATED = new Set([
  'CVR',
  'CVRSnapshot',
  'CVRContest',
  'CVRContestSelection',
  'SelectionPosition',
  'Election',
  'Candidate',
  'Contest',
  'ContestSelection',
]);

interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

export function cdfXmlToJson(xml: string): unknown {
  const root: XmlElement = { name: '', attributes: {}, children: [], text: '' };
  const stack = [root];
  const tag =
    /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<(\/?)(?:[\w.-]+:)?([\w.-]+)((?:\s+[\w:.-]+\s*=\s*"[^"]*")*)\s*(\/?)>|([^<]+)/g;
  for (const m of xml.matchAll(tag)) {
    const top = stack[stack.length - 1]!;
    if (m[5] !== undefined) {
      top.text += m[5];
      continue;
    }
    if (m[2] === undefined) continue; // comment or declaration
    if (m[1] === '/') {
      stack.pop();
      continue;
    }
    const attributes: Record<string, string> = {};
    for (const a of (m[3] ?? '').matchAll(/([\w:.-]+)\s*=\s*"([^"]*)"/g))
      attributes[a[1]!.replace(/^.*:/, '')] = decode(a[2]!);
    const element: XmlElement = { name: m[2], attributes, children: [], text: '' };
    top.children.push(element);
    if (m[4] !== '/') stack.push(element);
  }
  return toJson(root.children[0] ?? root);
}

function toJson(e: XmlElement): unknown {
  if (e.children.length === 0) {
    const text = decode(e.text.trim());
    if (e.name === 'CandidateIds') return text.split(/\s+/);
    if (e.name === 'Rank' || e.name === 'NumberVotes') return Number(text);
    return text;
  }
  const out: Record<string, unknown> = {};
  if (e.attributes.ObjectId !== undefined) out['@id'] = e.attributes.ObjectId;
  for (const child of e.children) {
    const value = toJson(child);
    if (!REPEATED.has(child.name)) out[child.name] = value;
    else if (Array.isArray(out[child.name])) (out[child.name] as unknown[]).push(value);
    else out[child.name] = [value];
  }
  return out;
}

function decode(s: string): string {
  return s.replace(
    /&(lt|gt|amp|quot|apos);/g,
    (_, e: string) => ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" })[e]!,
  );
}
