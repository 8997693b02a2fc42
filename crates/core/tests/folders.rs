//! Folders and pins as the sidebar uses them: chats moved stay moved after
//! the database is opened again, search and export can be limited to a
//! folder, a backup brings its folders back, and deleting a folder keeps
//! its chats unless asked.

mod support;

use comet_core::chat::{ExportFormat, ExportScope, FolderChats};
use comet_core::store::{Shelf, Store};
use support::*;

#[tokio::test]
async fn chats_moved_and_pinned_stay_so_when_the_database_opens_again() {
    let h = harness().await;
    let (trip, _) = h.send("plans for a week in Lisbon").await;
    let (code, _) = h.send("a question about Rust lifetimes").await;
    let folder = h.chat.create_folder("Travel").unwrap();
    h.chat.move_conversations(&[trip], Some(folder.id)).unwrap();
    h.chat.set_pinned(&[code], true).unwrap();

    // A second opening of the same file, as the app's next start.
    let reopened = Store::open(&h.dir.path().join("comet.sqlite3")).unwrap();
    let sidebar = reopened.sidebar().unwrap();
    assert_eq!(sidebar.folders.len(), 1);
    assert_eq!(
        (
            sidebar.folders[0].name.as_str(),
            sidebar.folders[0].chat_count
        ),
        ("Travel", 1)
    );
    assert_eq!(
        sidebar
            .pinned
            .chats
            .iter()
            .map(|c| c.id)
            .collect::<Vec<_>>(),
        [code]
    );
    assert!(sidebar.unfiled.chats.is_empty());
    let inside = reopened
        .chat_page(Shelf::Folder(folder.id), None, 10)
        .unwrap();
    assert_eq!(inside.chats[0].id, trip);
}

#[tokio::test]
async fn search_and_export_can_be_limited_to_a_folder() {
    let h = harness().await;
    let (inside, _) = h.send("lisbon trams inside").await;
    let (outside, _) = h.send("lisbon trams outside").await;
    let folder = h.chat.create_folder("Travel").unwrap().id;
    h.chat.move_conversations(&[inside], Some(folder)).unwrap();

    let everywhere = h.chat.search("lisbon trams", None).unwrap();
    assert!(everywhere.iter().any(|hit| hit.conversation_id == outside));
    let limited = h.chat.search("lisbon trams", Some(folder)).unwrap();
    assert!(!limited.is_empty());
    assert!(limited.iter().all(|hit| hit.conversation_id == inside));

    let exported = h
        .chat
        .export_text(&ExportScope::Folder(folder), ExportFormat::Markdown)
        .unwrap();
    assert!(exported.contains("lisbon trams inside"));
    assert!(!exported.contains("lisbon trams outside"));
}

#[tokio::test]
async fn a_backup_brings_its_folders_and_pins_back() {
    let h = harness().await;
    let (c, _) = h.send("kept in a folder").await;
    let folder = h.chat.create_folder("Keepers").unwrap().id;
    h.chat.move_conversations(&[c], Some(folder)).unwrap();
    h.chat.set_pinned(&[c], true).unwrap();
    let backup = h
        .chat
        .export_text(&ExportScope::All, ExportFormat::Json)
        .unwrap();

    let other = harness().await;
    other.chat.create_folder("Keepers").unwrap();
    other.chat.import_text(&backup).unwrap();
    other.chat.import_text(&backup).unwrap();
    let sidebar = other.chat.sidebar().unwrap();
    // Into the folder of that name, not a new one each time.
    assert_eq!(sidebar.folders.len(), 1);
    assert_eq!(sidebar.pinned.chats.len(), 2);
    assert!(sidebar
        .pinned
        .chats
        .iter()
        .all(|c| c.folder_id == Some(sidebar.folders[0].id)));
}

#[tokio::test]
async fn a_folder_goes_with_or_without_its_chats() {
    let h = harness().await;
    let (a, _) = h.send("first").await;
    let (b, _) = h.send("second").await;
    let keep = h.chat.create_folder("Keep").unwrap().id;
    let drop = h.chat.create_folder("Drop").unwrap().id;
    h.chat.move_conversations(&[a], Some(keep)).unwrap();
    h.chat.move_conversations(&[b], Some(drop)).unwrap();

    h.chat.delete_folder(keep, FolderChats::Keep).unwrap();
    assert_eq!(h.chat.conversation(a).unwrap().folder_id, None);
    h.chat.delete_folder(drop, FolderChats::Delete).unwrap();
    assert!(h.chat.conversation(b).is_err());
    assert!(h
        .chat
        .search("second", None)
        .unwrap()
        .iter()
        .all(|hit| hit.conversation_id != b));
    assert!(h.chat.sidebar().unwrap().folders.is_empty());
    let err = h.chat.delete_folder(drop, FolderChats::Keep).unwrap_err();
    assert_eq!(err.code, comet_core::ErrorCode::NotFound);
}
