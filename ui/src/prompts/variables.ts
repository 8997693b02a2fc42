// `{{name}}` in a prompt is a blank the user fills in a form before the
// prompt goes into the composer. Names are letters, digits, _ and -, in any
// script (so {{语言}} works too).
const VARIABLE = /\{\{\s*([\p{L}\p{N}_-]+)\s*\}\}/gu;

/** Each variable once, in the order it first appears. */
export function variablesOf(body: string): string[] {
  const names: string[] = [];
  for (const match of body.matchAll(VARIABLE)) if (!names.includes(match[1])) names.push(match[1]);
  return names;
}

/** The body with each variable replaced; one with no value stays as written. */
export function fill(body: string, values: Record<string, string>): string {
  return body.replace(VARIABLE, (whole, name: string) => values[name] ?? whole);
}
