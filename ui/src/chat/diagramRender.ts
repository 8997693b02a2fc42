// The only module that imports Mermaid: loaded the first time an answer
// holds a ```mermaid block, so chats without diagrams never pay for it.
import mermaid from "mermaid";

let theme: "dark" | "default" | null = null;
let drawn = 0;

/** The diagram as SVG text, or an error saying what is wrong with the source. */
export async function renderDiagram(source: string, dark: boolean): Promise<string> {
  const wanted = dark ? "dark" : "default";
  if (theme !== wanted) {
    mermaid.initialize({
      startOnLoad: false,
      // Strict: text is sanitized, click handlers and scripts are refused.
      securityLevel: "strict",
      theme: wanted,
      // Labels as SVG text, not HTML in foreignObject: the SVG saves and
      // turns into a PNG the same as shown.
      htmlLabels: false,
      flowchart: { htmlLabels: false },
      // Mermaid's own error picture would land in the page; we say it in place.
      suppressErrorRendering: true,
      // A diagram's %%{init}%% may not restyle the app or lift the limits.
      secure: ["secure", "securityLevel", "startOnLoad", "maxTextSize", "maxEdges", "suppressErrorRendering", "theme", "themeCSS", "themeVariables", "fontFamily", "htmlLabels", "flowchart"],
      maxTextSize: 50_000,
      maxEdges: 500,
    });
    theme = wanted;
  }
  drawn += 1;
  const { svg } = await mermaid.render(`comet-diagram-${drawn}`, source);
  return svg;
}
