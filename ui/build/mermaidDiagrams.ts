// Mermaid ships ~40 diagram types, lazily loaded, ~600 KB compressed in all:
// more than the .deb's budget allows. Comet Desk keeps the kinds models
// write (flowchart, sequence, class, state, ER, Gantt, journey, timeline);
// the rest, and the two large libraries only they need (the Langium parser,
// Cytoscape), are replaced at build time by a module whose parser says the
// kind is not included (NOT_INCLUDED, which the chat says in the user's
// language in place of the diagram, above its source).
import type { Plugin } from "vite";

const KEPT = /\/(?:flowDiagram|sequenceDiagram|classDiagram|classDiagram-v2|stateDiagram|stateDiagram-v2|erDiagram|ganttDiagram|journeyDiagram|timeline-definition)-[A-Z0-9]+\.mjs$/;
// Diagram kinds, and the swimlane layout (only a diagram asking for it uses it).
const DIAGRAM = /(?:^|\/)(?:[A-Za-z0-9-]*(?:Diagram|definition|diagram)|swimlanes)-[A-Z0-9]+\.mjs$/;
const ABSENT = "\0mermaid-absent-diagram";
const ABSENT_LIBRARY = "\0mermaid-absent-library";
const LIBRARIES = /^(?:@mermaid-js\/parser|cytoscape|cytoscape-cose-bilkent|cytoscape-fcose)$/;

export const NOT_INCLUDED = "comet-desk:diagram-kind-not-included";

export function mermaidDiagrams(): Plugin {
  return {
    name: "mermaid-kept-diagrams",
    enforce: "pre",
    resolveId(source, importer) {
      if (!importer?.includes("/mermaid/")) return null;
      if (LIBRARIES.test(source)) return ABSENT_LIBRARY;
      if (DIAGRAM.test(source) && !KEPT.test(source)) return ABSENT;
      return null;
    },
    load(id) {
      const fail = `() => { throw new Error(${JSON.stringify(NOT_INCLUDED)}); }`;
      if (id === ABSENT) {
        return `export const diagram = { db: { clear() {} }, renderer: { draw: ${fail} }, parser: { parse: ${fail}, parser: { yy: {} } }, styles: () => "" };\nexport const render = ${fail};`;
      }
      if (id === ABSENT_LIBRARY) {
        // The names Mermaid imports from these libraries; none is ever called.
        return [
          `const absent = ${fail};`,
          "export default absent;",
          "export const parse = absent;",
          "export const isEmResetFrame = () => false;",
          "export class MermaidParseError extends Error {}",
          ...["createRailroadServices", "createRailroadEbnfServices", "createRailroadAbnfServices", "createRailroadPegServices"].map(
            (name) => `export const ${name} = absent;`,
          ),
        ].join("\n");
      }
      return null;
    },
  };
}
