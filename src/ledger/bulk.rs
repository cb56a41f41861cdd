//! A prepared statement that binds text in place, for the millions of values of an import.
//!
//! rusqlite binds every text as `SQLITE_TRANSIENT`: SQLite allocates a copy of each value,
//! and frees it at the next bind. With a dozen values per imported row that copying was a
//! quarter of the writing thread's time. Here text is bound as `SQLITE_STATIC` (SQLite reads
//! the caller's bytes), which is sound because every pointer handed to SQLite lives at least
//! as long as [`Bulk::run`] and the bindings are cleared before it returns.

use std::ffi::{CStr, CString, c_int};
use std::marker::PhantomData;
use std::ptr::NonNull;

use rusqlite::{Connection, ffi};

/// A statement prepared on a connection it must not outlive.
pub(super) struct Bulk<'c> {
    db: *mut ffi::sqlite3,
    stmt: NonNull<ffi::sqlite3_stmt>,
    _conn: PhantomData<&'c Connection>,
}

/// Binds the parameters of one execution; every text must live for `'v`.
pub(super) struct Binder<'s, 'v> {
    stmt: *mut ffi::sqlite3_stmt,
    /// The first failed bind, reported by [`Bulk::run`].
    rc: c_int,
    _stmt: PhantomData<&'s mut ()>,
    _values: PhantomData<&'v str>,
}

fn error(db: *mut ffi::sqlite3, rc: c_int) -> rusqlite::Error {
    // SAFETY: `db` is an open connection; `sqlite3_errmsg` returns a NUL-terminated string
    // owned by SQLite, copied here before any other call on the connection.
    let message = unsafe { CStr::from_ptr(ffi::sqlite3_errmsg(db)) }
        .to_string_lossy()
        .into_owned();
    rusqlite::Error::SqliteFailure(ffi::Error::new(rc), Some(message))
}

impl<'c> Bulk<'c> {
    /// Prepares `sql` (one statement) on `conn`.
    pub(super) fn new(conn: &'c Connection, sql: &str) -> rusqlite::Result<Self> {
        let text =
            CString::new(sql).map_err(|e| rusqlite::Error::ToSqlConversionFailure(e.into()))?;
        // SAFETY: the handle is used only while `conn` is borrowed (`'c`), on this thread
        // (a `Connection` is not `Sync`), and the statement is finalized in `drop`, before
        // the connection can be closed.
        let db = unsafe { conn.handle() };
        let mut stmt = std::ptr::null_mut();
        // SAFETY: `text` is NUL-terminated and outlives the call; `stmt` receives the new
        // statement or NULL.
        let rc = unsafe {
            ffi::sqlite3_prepare_v3(
                db,
                text.as_ptr(),
                -1,
                ffi::SQLITE_PREPARE_PERSISTENT,
                &mut stmt,
                std::ptr::null_mut(),
            )
        };
        if rc != ffi::SQLITE_OK {
            return Err(error(db, rc));
        }
        let stmt = NonNull::new(stmt).ok_or_else(|| {
            rusqlite::Error::SqliteFailure(ffi::Error::new(ffi::SQLITE_MISUSE), Some(sql.into()))
        })?;
        Ok(Self {
            db,
            stmt,
            _conn: PhantomData,
        })
    }

    /// Binds the parameters with `bind` (the rest stay NULL) and runs the statement once.
    /// No binding outlives the call: texts need to live only as long as it.
    pub(super) fn run<'v>(
        &mut self,
        bind: impl FnOnce(&mut Binder<'_, 'v>),
    ) -> rusqlite::Result<()> {
        let stmt = self.stmt.as_ptr();
        let mut binder = Binder {
            stmt,
            rc: ffi::SQLITE_OK,
            _stmt: PhantomData,
            _values: PhantomData,
        };
        bind(&mut binder);
        let rc = if binder.rc == ffi::SQLITE_OK {
            // SAFETY: `stmt` is a live statement; the texts bound live for `'v`, which
            // outlasts this call.
            match unsafe { ffi::sqlite3_step(stmt) } {
                ffi::SQLITE_DONE | ffi::SQLITE_ROW => ffi::SQLITE_OK,
                rc => rc,
            }
        } else {
            binder.rc
        };
        let failed = (rc != ffi::SQLITE_OK).then(|| error(self.db, rc));
        // SAFETY: as above. Clearing drops every pointer into the caller's texts.
        unsafe {
            ffi::sqlite3_reset(stmt);
            ffi::sqlite3_clear_bindings(stmt);
        }
        failed.map_or(Ok(()), Err)
    }
}

impl Drop for Bulk<'_> {
    fn drop(&mut self) {
        // SAFETY: the statement is live and finalized once, here.
        unsafe {
            ffi::sqlite3_finalize(self.stmt.as_ptr());
        }
    }
}

impl<'v> Binder<'_, 'v> {
    fn check(&mut self, rc: c_int) {
        if self.rc == ffi::SQLITE_OK {
            self.rc = rc;
        }
    }

    /// Binds an integer to the 1-based parameter `at`.
    pub(super) fn int(&mut self, at: usize, value: i64) {
        // SAFETY: a live statement; an index out of range is an error code, not UB.
        let rc = unsafe { ffi::sqlite3_bind_int64(self.stmt, at as c_int, value) };
        self.check(rc);
    }

    /// Binds a text, read in place while the statement runs.
    pub(super) fn text(&mut self, at: usize, value: &'v str) {
        // SAFETY: `value` lives for `'v`, longer than the statement keeps the binding (it
        // is cleared before `Bulk::run` returns); SQLite only reads it.
        let rc = unsafe {
            ffi::sqlite3_bind_text64(
                self.stmt,
                at as c_int,
                value.as_ptr().cast(),
                value.len() as u64,
                ffi::SQLITE_STATIC(),
                ffi::SQLITE_UTF8 as u8,
            )
        };
        self.check(rc);
    }

    /// Binds a text, or leaves NULL for `None`.
    pub(super) fn opt_text(&mut self, at: usize, value: Option<&'v str>) {
        if let Some(v) = value {
            self.text(at, v);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binds_texts_and_integers_and_reports_errors() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE t (a INTEGER PRIMARY KEY, b TEXT, c TEXT NOT NULL)")
            .unwrap();
        let mut insert = Bulk::new(&conn, "INSERT INTO t VALUES (?, ?, ?), (?, ?, ?)").unwrap();
        for n in 0..3i64 {
            let texts = [format!("b{n}"), format!("c{n}")];
            insert
                .run(|b| {
                    b.int(1, 2 * n);
                    b.opt_text(2, Some(&texts[0]));
                    b.text(3, &texts[1]);
                    b.int(4, 2 * n + 1);
                    b.opt_text(5, None);
                    b.text(6, "é");
                })
                .unwrap();
        }
        let rows: Vec<(i64, Option<String>, String)> = conn
            .prepare("SELECT a, b, c FROM t ORDER BY a")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(rows.len(), 6);
        assert_eq!(rows[4], (4, Some("b2".into()), "c2".into()));
        assert_eq!(rows[5], (5, None, "é".into()));
        // A NOT NULL column left unbound, then the same key again: errors with messages.
        let err = insert.run(|b| b.int(1, 10)).unwrap_err();
        assert!(err.to_string().contains("NOT NULL"), "{err}");
        let err = insert
            .run(|b| {
                for at in [1, 4] {
                    b.int(at, 0);
                }
                b.text(3, "x");
                b.text(6, "y");
            })
            .unwrap_err();
        assert!(err.to_string().contains("UNIQUE"), "{err}");
        let err = insert.run(|b| b.int(7, 1)).unwrap_err();
        assert!(err.to_string().contains("range"), "{err}");
        assert!(Bulk::new(&conn, "INSERT INTO nowhere VALUES (1)").is_err());
    }
}
