// Anything thrown, as the `{ code, message }` the UI shows.
import { IpcError, type AppError } from "./ipc";

export function asAppError(error: unknown): AppError {
  if (error instanceof IpcError) return { code: error.code, message: error.message };
  return { code: "storage", message: String(error) };
}
