// Chats dragged in the sidebar carry their ids under this type, so a file
// or text dropped on a folder is not read as chats.
export const CHAT_DRAG = "application/x-comet-chats";

/** The ids a drop carries, or null when it is not chats. */
export function draggedChats(event: DragEvent): number[] | null {
  const data = event.dataTransfer?.getData(CHAT_DRAG);
  if (!data) return null;
  try {
    const ids: unknown = JSON.parse(data);
    return Array.isArray(ids) && ids.every((id) => Number.isInteger(id)) ? (ids as number[]) : null;
  } catch {
    return null;
  }
}

/** Lets a shelf take chats: only drags that carry them. */
export function acceptsChats(event: DragEvent): boolean {
  if (!event.dataTransfer?.types.includes(CHAT_DRAG)) return false;
  event.preventDefault();
  event.dataTransfer.dropEffect = "move";
  return true;
}
