//! Connecting to a PostgreSQL ledger with a password from the environment, a password file
//! or a service file, never from the URL, and never showing it.

use std::os::unix::fs::PermissionsExt;

use crate::support::Workspace;
use crate::support::pg::{OwnCluster, TestDb, use_ledger};

const SECRET: &str = "s3cret-ledger-pw";

/// A database owned by a new role that must sign in with [`SECRET`] (a member of
/// `pwusers`, see scripts/test.sh); returns the database and the role.
fn guarded_db(test: &str) -> Option<(TestDb, String)> {
    let db = TestDb::create(test)?;
    let role = format!("pw_{}", db.url.rsplit('/').next().unwrap());
    let mut c = db.client();
    c.batch_execute(&format!(
        "CREATE ROLE {role} LOGIN PASSWORD '{SECRET}' IN ROLE pwusers;
         ALTER DATABASE {} OWNER TO {role}",
        db.url.rsplit('/').next().unwrap()
    ))
    .unwrap();
    Some((db, role))
}

/// The database's URL for `role` (host, port and name kept).
fn as_role(url: &str, role: &str) -> String {
    url.replacen("://marathon@", &format!("://{role}@"), 1)
}

#[test]
fn the_password_comes_from_pgpassword_or_a_password_file_never_shown() {
    let Some((db, role)) = guarded_db("pgpassword") else {
        return;
    };
    let url = as_role(&db.url, &role);
    let ws = Workspace::fixture("ledger");
    let home = tempfile::tempdir().unwrap();
    let run = |envs: &[(&str, &str)]| {
        let mut c = ws.marathon();
        c.args(["ledger", "migrate", "--ledger", &url])
            .env("HOME", home.path())
            .env_remove("PGPASSWORD")
            .env_remove("PGPASSFILE");
        for (k, v) in envs {
            c.env(k, v);
        }
        c.output().unwrap()
    };
    let no = run(&[]);
    assert_eq!(no.status.code(), Some(2));
    let err = String::from_utf8_lossy(&no.stderr);
    assert!(err.contains("cannot connect to the ledger"), "{err}");
    let wrong = run(&[("PGPASSWORD", "not-it")]);
    assert_eq!(wrong.status.code(), Some(2));
    assert!(!String::from_utf8_lossy(&wrong.stderr).contains("not-it"));
    let ok = run(&[("PGPASSWORD", SECRET)]);
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let out = String::from_utf8_lossy(&ok.stdout);
    assert!(
        out.contains("created the postgresql ledger") && !out.contains(SECRET),
        "{out}"
    );
    // A password file, first matching line wins; readable by others, it is ignored.
    let pass = home.path().join("pass");
    let port = url.split(':').nth(2).unwrap().split('/').next().unwrap();
    std::fs::write(
        &pass,
        format!("otherhost:*:*:*:no\n127.0.0.1:{port}:*:{role}:{SECRET}\n*:*:*:*:no\n"),
    )
    .unwrap();
    std::fs::set_permissions(&pass, std::fs::Permissions::from_mode(0o644)).unwrap();
    let open = run(&[("PGPASSFILE", pass.to_str().unwrap())]);
    assert_eq!(open.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&open.stderr).contains("readable by others"));
    std::fs::set_permissions(&pass, std::fs::Permissions::from_mode(0o600)).unwrap();
    let ok = run(&[("PGPASSFILE", pass.to_str().unwrap())]);
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    // `~/.pgpass` is read without PGPASSFILE.
    std::fs::rename(&pass, home.path().join(".pgpass")).unwrap();
    assert!(run(&[]).status.success());
    drop(db);
}

#[test]
fn a_service_file_names_the_database_and_its_password() {
    let Some((db, role)) = guarded_db("service_file") else {
        return;
    };
    let url = as_role(&db.url, &role);
    let (host_port, name) = url
        .trim_start_matches("postgres://")
        .split_once('@')
        .unwrap()
        .1
        .split_once('/')
        .unwrap();
    let (host, port) = host_port.split_once(':').unwrap();
    let ws = Workspace::fixture("ledger");
    ws.write(
        "services.conf",
        format!(
            "[other]\nhost=nowhere\n[campaign]\nhost={host}\nport={port}\ndbname={name}\nuser={role}\npassword={SECRET}\nsslmode=disable\n"
        ),
    );
    use_ledger(&ws, "postgresql://?service=campaign");
    let services = ws.path().join("services.conf");
    let run = |args: &[&str]| {
        ws.marathon()
            .args(args)
            .env("PGSERVICEFILE", &services)
            .env_remove("PGPASSWORD")
            .output()
            .unwrap()
    };
    let rec = run(&[
        "record",
        "--kind",
        "appeal",
        "--case",
        "sidor",
        "--country",
        "DE",
        "--date",
        "2026-08-05",
    ]);
    assert!(
        rec.status.success(),
        "{}",
        String::from_utf8_lossy(&rec.stderr)
    );
    let t = run(&["tally", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&t.stdout).unwrap();
    assert_eq!(v["actions"], 1);
    for out in [&rec, &t] {
        assert!(!String::from_utf8_lossy(&out.stdout).contains(SECRET));
        assert!(!String::from_utf8_lossy(&out.stderr).contains(SECRET));
    }
    use_ledger(&ws, "postgresql://?service=missing");
    let err = String::from_utf8_lossy(&run(&["tally"]).stderr).to_string();
    assert!(err.contains("has no service `missing`"), "{err}");
}

#[test]
fn a_url_with_a_password_or_a_missing_ca_file_is_refused_clearly() {
    let ws = Workspace::fixture("ledger");
    let err = ws.fails(
        &[
            "ledger",
            "migrate",
            "--ledger",
            "postgres://ann:hunter2@127.0.0.1:1/x",
        ],
        2,
    );
    assert!(err.contains("postgres://ann:***@127.0.0.1:1/x"), "{err}");
    assert!(
        err.contains("PGPASSWORD") && !err.contains("hunter2"),
        "{err}"
    );
    let err = ws.fails(
        &[
            "ledger",
            "migrate",
            "--ledger",
            "postgres://ann@127.0.0.1:1/x?sslmode=verify-full&sslrootcert=missing-ca.pem",
        ],
        2,
    );
    assert!(
        err.contains("cannot read the CA file `missing-ca.pem`"),
        "{err}"
    );
}

#[test]
fn tls_to_the_database_is_verified_against_the_ca_file() {
    let ca = crate::mailserver::ca::TestCa::new();
    let Some(cluster) = OwnCluster::start_tls("tls", ca.cert_path(), ca.key_path()) else {
        return;
    };
    let db = TestDb::on(&cluster.admin);
    let ws = Workspace::fixture("ledger");
    let ca_file = ca.ca_pem_path().display().to_string();
    // Host names the certificate holds: `127.0.0.1` and `localhost`.
    let verified = format!("{}?sslmode=verify-full&sslrootcert={ca_file}", db.url);
    let out = ws.ok(&["ledger", "migrate", "--ledger", &verified]);
    assert!(out.contains("created the postgresql ledger"), "{out}");
    // Another CA: the server's certificate is refused, nothing is written.
    let other = crate::mailserver::ca::TestCa::new();
    let wrong = format!(
        "{}?sslmode=verify-full&sslrootcert={}",
        db.url,
        other.ca_pem_path().display()
    );
    let err = ws.fails(&["tally", "--ledger", &wrong], 2);
    assert!(err.contains("cannot connect to the ledger"), "{err}");
    // Without a CA file, `require` checks the public roots, which did not sign it.
    let err = ws.fails(
        &["tally", "--ledger", &format!("{}?sslmode=require", db.url)],
        2,
    );
    assert!(err.contains("cannot connect to the ledger"), "{err}");
    // With the right CA, the ledger works over TLS.
    ws.ok(&[
        "record",
        "--ledger",
        &verified,
        "--kind",
        "appeal",
        "--case",
        "sidor",
        "--country",
        "DE",
        "--date",
        "2026-08-05",
    ]);
    let t = ws.ok(&["tally", "--ledger", &verified, "--format", "json"]);
    assert!(t.contains("\"actions\": 1"), "{t}");
}
