// jsdom has no layout, hence no ResizeObserver: a stand-in that reports
// each observed element once, as a browser does when it first lays it out.
class ResizeObserverStandIn {
  constructor(private readonly callback: ResizeObserverCallback) {}
  observe(target: Element): void {
    queueMicrotask(() => this.callback([{ target } as ResizeObserverEntry], this as unknown as ResizeObserver));
  }
  unobserve(): void {}
  disconnect(): void {}
}

globalThis.ResizeObserver ??= ResizeObserverStandIn as unknown as typeof ResizeObserver;
