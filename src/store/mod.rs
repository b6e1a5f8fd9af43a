//! Sinks for extracted records: JSON lines and SQLite.

pub mod jsonl;
pub mod sqlite;

pub use jsonl::JsonLines;
pub use sqlite::Store;
