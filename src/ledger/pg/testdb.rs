//! A fresh PostgreSQL database for one test, on the cluster `MARATHON_TEST_PG` names (an
//! admin URL; `scripts/test.sh` starts one), dropped when the test ends. Without the
//! variable the tests skip, saying so, unless `MARATHON_TEST_REQUIRE_PG=1`.

use std::sync::atomic::{AtomicU32, Ordering};

/// A database created for one test.
pub struct TestDb {
    admin: String,
    name: String,
    /// The database's URL.
    pub url: String,
}

/// The URL `admin` with its database replaced by `name`.
pub fn with_dbname(admin: &str, name: &str) -> String {
    let (main, query) = admin.split_once('?').unwrap_or((admin, ""));
    let scheme_end = main.find("://").map_or(0, |i| i + 3);
    let base = match main[scheme_end..].find('/') {
        Some(i) => &main[..scheme_end + i],
        None => main,
    };
    if query.is_empty() {
        format!("{base}/{name}")
    } else {
        format!("{base}/{name}?{query}")
    }
}

impl TestDb {
    /// Creates the database, or returns `None` (after a line on stderr) when no cluster is
    /// given. Panics when one is required and missing.
    pub fn create(test: &str) -> Option<TestDb> {
        let Some(admin) = std::env::var("MARATHON_TEST_PG")
            .ok()
            .filter(|v| !v.is_empty())
        else {
            assert!(
                std::env::var("MARATHON_TEST_REQUIRE_PG").as_deref() != Ok("1"),
                "MARATHON_TEST_REQUIRE_PG=1 but MARATHON_TEST_PG is not set"
            );
            eprintln!(
                "{test}: skipped on PostgreSQL (MARATHON_TEST_PG not set; scripts/test.sh sets it)"
            );
            return None;
        };
        static N: AtomicU32 = AtomicU32::new(0);
        let name = format!(
            "t_{}_{}_{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed),
            rand::random::<u32>()
        );
        let mut c = postgres::Client::connect(&admin, postgres::NoTls).expect("the test cluster");
        c.batch_execute(&format!("CREATE DATABASE {name}"))
            .expect("a test database");
        let url = with_dbname(&admin, &name);
        Some(TestDb { admin, name, url })
    }

    /// A plain connection to the database, for looking behind the ledger's API.
    pub fn client(&self) -> postgres::Client {
        postgres::Client::connect(&self.url, postgres::NoTls).expect("the test database")
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Ok(mut c) = postgres::Client::connect(&self.admin, postgres::NoTls) {
            let _ = c.batch_execute(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ));
        }
    }
}

#[test]
fn the_database_name_is_replaced() {
    assert_eq!(
        with_dbname("postgres://m@127.0.0.1:5/postgres", "t_1"),
        "postgres://m@127.0.0.1:5/t_1"
    );
    assert_eq!(
        with_dbname("postgres://m@h:5/?sslmode=disable", "t"),
        "postgres://m@h:5/t?sslmode=disable"
    );
    assert_eq!(with_dbname("postgres://m@h:5", "t"), "postgres://m@h:5/t");
}
