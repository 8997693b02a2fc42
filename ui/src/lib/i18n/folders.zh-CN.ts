import type { foldersEn } from "./folders.en";

// Simplified Chinese for the sidebar's folders, pins and selection.
export const foldersZhCN: Record<keyof typeof foldersEn, string> = {
  "folders.newFolder": "新建文件夹",
  "folders.namePlaceholder": "文件夹名称",
  "folders.pinned": "已置顶",
  "folders.chats": "对话",
  "folders.count": "{count} 个对话",
  "folders.more": "显示更多",
  "folders.menu": "文件夹操作",
  "folders.rename": "重命名文件夹",
  "folders.delete": "删除文件夹",
  "folders.confirmDelete": "删除“{name}”？",
  "folders.keepChats": "保留其中的对话",
  "folders.deleteChats": "连同对话一起删除",
  "folders.pin": "置顶",
  "folders.unpin": "取消置顶",
  "folders.moveTo": "移动到…",
  "folders.noFolder": "不放入文件夹",
  "folders.selected": "已选 {count} 个",
  "folders.clearSelection": "取消选择",
  "folders.confirmDeleteSelected": "删除 {count} 个对话？",
  "search.in": "搜索范围",
  "search.everywhere": "所有对话",
};
