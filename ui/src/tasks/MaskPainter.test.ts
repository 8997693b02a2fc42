import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { inflateSync } from "node:zlib";

vi.mock("../lib/ipc", () => ({ images: { url: (file: string) => `img/${file}` } }));
const { default: MaskPainter } = await import("./MaskPainter.svelte");

/** The grey value at (x, y) of the PNG `encodePng` writes. */
function pixel(png: Uint8Array, x: number, y: number): number {
  const view = new DataView(png.buffer, png.byteOffset);
  const width = view.getUint32(16);
  const raw = inflateSync(png.subarray(41, 41 + view.getUint32(33)));
  return raw[y * (width + 1) + 1 + x];
}

describe("MaskPainter", () => {
  afterEach(() => cleanup());

  it("sends a mask the picture's size, white where the user painted, with the prompt", async () => {
    HTMLCanvasElement.prototype.getContext = (() => null) as never;
    const onSubmit = vi.fn();
    render(MaskPainter, { picture: { file: "x.png", width: 200, height: 100 }, onSubmit, onCancel: vi.fn() });
    const canvas = screen.getByTestId("mask-canvas");
    canvas.getBoundingClientRect = () => ({ left: 0, top: 0, width: 100, height: 50, right: 100, bottom: 50, x: 0, y: 0, toJSON: () => ({}) });
    // A stroke across the middle (screen 10..90 at y 25 = picture 20..180 at y 50).
    await fireEvent.pointerDown(canvas, { clientX: 10, clientY: 25, pointerId: 1 });
    await fireEvent.pointerMove(canvas, { clientX: 50, clientY: 25, pointerId: 1 });
    await fireEvent.pointerMove(canvas, { clientX: 90, clientY: 25, pointerId: 1 });
    await fireEvent.pointerUp(canvas, { pointerId: 1 });
    await fireEvent.input(screen.getByLabelText("What should the painted part become?"), { target: { value: "a blue scarf" } });
    await fireEvent.click(screen.getByText("Send"));
    expect(onSubmit).toHaveBeenCalledTimes(1);
    const [png, prompt] = onSubmit.mock.calls[0] as [Uint8Array, string];
    expect(prompt).toBe("a blue scarf");
    expect(new DataView(png.buffer, png.byteOffset).getUint32(16)).toBe(200);
    expect(pixel(png, 100, 50)).toBe(255);
    expect(pixel(png, 175, 50)).toBe(255);
    expect(pixel(png, 100, 5)).toBe(0);
  });

  it("undoes the last stroke and refuses an empty mask", async () => {
    HTMLCanvasElement.prototype.getContext = (() => null) as never;
    const onSubmit = vi.fn();
    render(MaskPainter, { picture: { file: "x.png", width: 64, height: 64 }, onSubmit, onCancel: vi.fn() });
    const canvas = screen.getByTestId("mask-canvas");
    canvas.getBoundingClientRect = () => ({ left: 0, top: 0, width: 64, height: 64, right: 64, bottom: 64, x: 0, y: 0, toJSON: () => ({}) });
    await fireEvent.pointerDown(canvas, { clientX: 30, clientY: 30, pointerId: 1 });
    await fireEvent.pointerUp(canvas, { pointerId: 1 });
    await fireEvent.click(screen.getByText("Undo"));
    await fireEvent.input(screen.getByLabelText("What should the painted part become?"), { target: { value: "x" } });
    await fireEvent.click(screen.getByText("Send"));
    expect(onSubmit).not.toHaveBeenCalled();
    expect(screen.getByRole("alert").textContent).toContain("Paint over");
  });
});
