// Stands in for the ipc module's IpcError in tests that replace that module.
export class FakeIpcError extends Error {
  code: string;
  constructor(error: { code: string; message: string }) {
    super(error.message);
    this.code = error.code;
  }
}
