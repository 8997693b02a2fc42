// The screens the first one does not show, each its own chunk: the start
// parses and runs only what the chat screen needs (#20), and a screen's
// code arrives from the app's own files in a few ms when first opened.
// A failed load cannot happen short of a broken build (the chunks ship
// inside the binary), so the {#await} blocks have no error branch.
export const lazyViews = {
  images: () => import("./images/ImagesView.svelte"),
  usage: () => import("./usage/UsageView.svelte"),
  collections: () => import("./collections/CollectionsView.svelte"),
  settings: () => import("./settings/SettingsPanel.svelte"),
  search: () => import("./chat/SearchDialog.svelte"),
  shortcuts: () => import("./ShortcutsSheet.svelte"),
};
