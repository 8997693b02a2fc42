import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import type { PreparedImage } from "../lib/ipc";

const pick = vi.fn();
const paste = vi.fn();
vi.mock("../lib/ipc", async () => ({
  IpcError: (await import("../test/FakeIpcError")).FakeIpcError,
  images: { pick: () => pick(), paste: (b: Blob) => paste(b), url: (f: string) => `img/${f}` },
}));
const { default: Composer } = await import("./Composer.svelte");

const photo: PreparedImage = { file: `${"a".repeat(64)}.jpg`, width: 800, height: 600 };

function setup(props: { images?: PreparedImage[]; seesImages?: boolean } = {}) {
  const onSend = vi.fn();
  const onImages = vi.fn();
  const onRemoveImage = vi.fn();
  render(Composer, {
    streaming: false, model: "deepseek-chat", images: props.images ?? [], seesImages: props.seesImages ?? true,
    onSend, onStop: () => {}, onImages, onRemoveImage,
  });
  return { onSend, onImages, onRemoveImage, input: screen.getByRole("textbox") as HTMLTextAreaElement };
}

describe("Composer with images", () => {
  afterEach(() => cleanup());

  it("attaches picked images and shows why one was refused", async () => {
    const { FakeIpcError } = await import("../test/FakeIpcError");
    pick.mockResolvedValue({ images: [photo], errors: [new FakeIpcError({ code: "invalid_input", message: "This file is not an image Comet Desk can read." })] });
    const { onImages } = setup();
    await fireEvent.click(screen.getByRole("button", { name: /Attach images/ }));
    await new Promise((r) => setTimeout(r, 0));
    expect(onImages).toHaveBeenCalledWith([photo]);
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
});
