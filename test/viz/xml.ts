// A small markup parser for the tests: checks that SVG / HTML text is well formed (tags balance, attributes are
// double-quoted and unique, only known entities, no stray "<") and returns the element tree for queries.
const VOID_HTML = new Set(["meta", "link", "br", "img", "hr", "input"]);
const RAW_TEXT_HTML = new Set(["style", "script"]);

/** An element, or a text node (name "#text", text only). */
export interface El {
  name: string;
  attrs: Record<string, string>;
  children: El[];
  /** Direct text content, entities decoded (a text node's text; all of it for an element). */
  text: string;
}

const ENTITY = /&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g;

function decode(s: string): string {
  return s.replace(ENTITY, (_, e: string) =>
    e === "amp"
      ? "&"
      : e === "lt"
        ? "<"
        : e === "gt"
          ? ">"
          : e === "quot"
            ? '"'
            : e === "apos"
              ? "'"
              : String.fromCodePoint(e.startsWith("#x") ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)),
  );
}

function checkText(s: string, at: number, errors: string[]): void {
  if (s.includes("<")) errors.push(`stray < near ${at}`);
  if (s.replace(ENTITY, "").includes("&")) errors.push(`unknown entity or bare & near ${at}`);
}

/** Parse `doc`; `html` allows the doctype, void elements and raw-text <style>. */
export function parseMarkup(doc: string, html = false): { root: El; errors: string[] } {
  const errors: string[] = [];
  const root: El = { name: "#root", attrs: {}, children: [], text: "" };
  const stack: El[] = [root];
  let i = 0;
  if (html) {
    const m = /^<!DOCTYPE html>/i.exec(doc);
    if (!m) errors.push("missing <!DOCTYPE html>");
    else i = m[0].length;
  }
  const tagRe = /<(\/?)([a-zA-Z][\w:.-]*)((?:\s+[^\s=/>]+="[^"]*")*)\s*(\/?)>/y;
  const attrRe = /\s+([^\s=/>]+)="([^"]*)"/g;
  while (i < doc.length && errors.length < 10) {
    const lt = doc.indexOf("<", i);
    const top = stack[stack.length - 1];
    const chunk = doc.slice(i, lt < 0 ? doc.length : lt);
    if (chunk) {
      checkText(chunk, i, errors);
      top.text += decode(chunk);
      top.children.push({ name: "#text", attrs: {}, children: [], text: decode(chunk) });
    }
    if (lt < 0) break;
    if (doc.startsWith("<!--", lt)) {
      const end = doc.indexOf("-->", lt);
      if (end < 0) {
        errors.push(`unclosed comment at ${lt}`);
        break;
      }
      i = end + 3;
      continue;
    }
    tagRe.lastIndex = lt;
    const m = tagRe.exec(doc);
    if (!m) {
      errors.push(`malformed tag at ${lt}: ${doc.slice(lt, lt + 40)}`);
      i = lt + 1;
      continue;
    }
    const [all, close, name, attrText, selfClose] = m;
    i = lt + all.length;
    if (close) {
      const open = stack.pop();
      if (!open || open.name !== name) errors.push(`</${name}> closes <${open?.name}> at ${lt}`);
      if (stack.length === 0) {
        errors.push("closed the root");
        break;
      }
      continue;
    }
    const el: El = { name, attrs: {}, children: [], text: "" };
    for (const a of attrText.matchAll(attrRe)) {
      if (a[1] in el.attrs) errors.push(`duplicate attribute ${a[1]} on <${name}> at ${lt}`);
      checkText(a[2], lt, errors);
      el.attrs[a[1]] = decode(a[2]);
    }
    top.children.push(el);
    if (selfClose || (html && VOID_HTML.has(name))) continue;
    if (html && RAW_TEXT_HTML.has(name)) {
      const end = doc.indexOf(`</${name}>`, i);
      if (end < 0) {
        errors.push(`unclosed <${name}>`);
        break;
      }
      el.text = doc.slice(i, end);
      i = end + name.length + 3;
      continue;
    }
    stack.push(el);
  }
  if (stack.length > 1)
    errors.push(
      `unclosed: ${stack
        .slice(1)
        .map((e) => e.name)
        .join(", ")}`,
    );
  return { root, errors };
}

/** Errors of parseMarkup (empty = well formed). */
export function checkWellFormed(doc: string, html = false): string[] {
  return parseMarkup(doc, html).errors;
}

/** Every element below `el` (depth first) that satisfies `pred`. */
export function findAll(el: El, pred: (e: El) => boolean): El[] {
  const out: El[] = [];
  const walk = (e: El) => {
    for (const c of e.children) {
      if (pred(c)) out.push(c);
      walk(c);
    }
  };
  walk(el);
  return out;
}

/** All text below `el`, in document order. */
export function textOf(el: El): string {
  return el.name === "#text" ? el.text : el.children.map(textOf).join("");
}
