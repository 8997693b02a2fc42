import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import type { DocumentRef, PreparedImage } from "../lib/ipc";

const pick = vi.fn();
const paste = vi.fn();
const pasteDocument = vi.fn();
vi.mock("../lib/ipc", async () => ({
  IpcError: (await import("../test/FakeIpcError")).FakeIpcError,
  images: { paste: (b: Blob) => paste(b), url: (f: string) => `img/${f}` },
  documents: { pick: () => pick(), paste: (f: File) => pasteDocument(f), text: async () => "" },
}));
const { default: Composer } = await import("./Composer.svelte");

const photo: PreparedImage = { file: `${"a".repeat(64)}.jpg`, width: 800, height: 600 };

const report: DocumentRef = { id: 7, name: "report.docx", kind: "word", parts: 0, tokens: 1234 };

function setup(props: { images?: PreparedImage[]; seesImages?: boolean; documents?: DocumentRef[] } = {}) {
  const onSend = vi.fn();
  const onImages = vi.fn();
  const onRemoveImage = vi.fn();
  const onDocuments = vi.fn();
  const onRemoveDocument = vi.fn();
  render(Composer, {
    streaming: false, model: "deepseek-chat", images: props.images ?? [], seesImages: props.seesImages ?? true,
    onSend, onStop: () => {}, onImages, onRemoveImage, documents: props.documents ?? [], onDocuments, onRemoveDocument,
  });
  return { onSend, onImages, onRemoveImage, onDocuments, onRemoveDocument, input: screen.getByRole("textbox") as HTMLTextAreaElement };
}

describe("Composer with images", () => {
  afterEach(() => cleanup());

  it("attaches picked images and shows why one was refused", async () => {
    const { FakeIpcError } = await import("../test/FakeIpcError");
    pick.mockResolvedValue({ images: [photo], documents: [report], errors: [new FakeIpcError({ code: "invalid_input", message: "This file is not an image Comet Desk can read." })] });
    const { onImages, onDocuments } = setup();
    await fireEvent.click(screen.getByRole("button", { name: /Attach images/ }));
    await new Promise((r) => setTimeout(r, 0));
    expect(onImages).toHaveBeenCalledWith([photo]);
    expect(onDocuments).toHaveBeenCalledWith([report]);
    expect(screen.getByRole("alert").textContent).toContain("not an image");
  });

  it("sends pasted images to Rust", async () => {
    paste.mockResolvedValue(photo);
    const { onImages, input } = setup();
    const file = new File([new Uint8Array([137, 80, 78, 71])], "shot.png", { type: "image/png" });
    await fireEvent.paste(input, { clipboardData: { files: [file] } });
    await new Promise((r) => setTimeout(r, 0));
    expect(paste).toHaveBeenCalledWith(file);
    expect(onImages).toHaveBeenCalledWith([photo]);
  });

  it("warns before sending images to a model that cannot read them", async () => {
    const { onSend, input, onRemoveImage } = setup({ images: [photo], seesImages: false });
    expect(screen.getByRole("list", { name: "Images to send" })).toBeTruthy();
    await fireEvent.input(input, { target: { value: "what is this?" } });
    await fireEvent.keyDown(input, { key: "Enter" });
    expect(onSend).not.toHaveBeenCalled();
    expect(screen.getByRole("alert").textContent).toContain("deepseek-chat may not read images");
    await fireEvent.click(screen.getByRole("button", { name: "Send anyway" }));
    expect(onSend).toHaveBeenCalledWith("what is this?", expect.any(Function));
    await fireEvent.click(screen.getByRole("button", { name: "Remove this image" }));
    expect(onRemoveImage).toHaveBeenCalledWith(photo.file);
  });

  it("sends a pasted file that is not a picture to Rust as a document, and shows its chip", async () => {
    pasteDocument.mockResolvedValue(report);
    const { onDocuments, onRemoveDocument, input } = setup({ documents: [report] });
    const file = new File([new Uint8Array([80, 75, 3, 4])], "report.docx", { type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document" });
    await fireEvent.paste(input, { clipboardData: { files: [file] } });
    await new Promise((r) => setTimeout(r, 0));
    expect(pasteDocument).toHaveBeenCalledWith(file);
    expect(onDocuments).toHaveBeenCalledWith([report]);
    const chips = screen.getByRole("list", { name: "Documents to read" });
    expect(chips.textContent).toContain("report.docx");
    expect(chips.textContent).toContain("1,234 tokens");
    await fireEvent.click(screen.getByRole("button", { name: "Remove report.docx" }));
    expect(onRemoveDocument).toHaveBeenCalledWith(7);
  });
});
