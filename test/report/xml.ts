// A small well-formedness check for the SVG/HTML we write: tags balance, attributes are quoted, entities are known.
const VOID_HTML = new Set(["meta", "br", "img", "hr", "link", "input"]);

export function checkWellFormed(doc: string, html = false): string[] {
  const errors: string[] = [];
  const stack: string[] = [];
  const body = html ? doc.replace(/^<!DOCTYPE html>/i, "") : doc;
  const re = /<(\/?)([a-zA-Z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|<!--[\s\S]*?-->|<|&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(body))) {
    if (m[0] === "<") { errors.push(`stray < at ${m.index}`); continue; }
    if (m[0].startsWith("&")) { errors.push(`bad entity at ${m.index}`); continue; }
    if (m[0].startsWith("<!--")) continue;
    const [, close, name, , selfClose] = m;
    if (close) {
      const top = stack.pop();
      if (top !== name) errors.push(`</${name}> closes <${top}> at ${m.index}`);
    } else if (!selfClose && !(html && VOID_HTML.has(name))) stack.push(name);
    if (errors.length > 5) break;
  }
  if (stack.length) errors.push(`unclosed: ${stack.join(", ")}`);
  return errors;
}
