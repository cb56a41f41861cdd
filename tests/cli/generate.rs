//! `marathon generate` and `marathon preview`: golden letters, strict errors, atomic output,
//! stable ids, safe file names, filters and the saved assignment.

use std::collections::BTreeMap;
use std::path::Path;

use crate::support::{Workspace, copy_dir, repo_root};

/// Every file under `dir`, by relative path (with `/`), with its bytes.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let rel = path.strip_prefix(root).unwrap().to_string_lossy();
                out.insert(rel.replace('\\', "/"), std::fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// Compares the letters of `ws` with `tests/fixtures/FIXTURE/expected`; `MARATHON_BLESS=1`
/// rewrites the expected files instead.
fn assert_golden(ws: &Workspace, fixture: &str) {
    let expected = repo_root()
        .join("tests/fixtures")
        .join(fixture)
        .join("expected");
    let actual = ws.path().join("letters");
    if std::env::var_os("MARATHON_BLESS").is_some_and(|v| v == "1") {
        let _ = std::fs::remove_dir_all(&expected);
        copy_dir(&actual, &expected);
        return;
    }
    let (want, got) = (tree(&expected), tree(&actual));
    assert_eq!(
        want.keys().collect::<Vec<_>>(),
        got.keys().collect::<Vec<_>>(),
        "letter files differ from {} (MARATHON_BLESS=1 rewrites them)",
        expected.display()
    );
    for (path, bytes) in &want {
        assert_eq!(
            String::from_utf8_lossy(bytes),
            String::from_utf8_lossy(&got[path]),
            "{path} differs from the expected letter (MARATHON_BLESS=1 rewrites it)"
        );
    }
}

fn manifest(ws: &Workspace) -> Vec<serde_json::Value> {
    ws.read("letters/manifest.jsonl")
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn golden_letters_in_latin_and_cyrillic() {
    let ws = Workspace::fixture("basic");
    let out = ws.ok(&["generate"]);
    assert!(
        out.starts_with("Generated 13 letters: 9 appeals, 4 solidarity letters in "),
        "{out}"
    );
    assert_golden(&ws, "basic");
}

#[test]
fn rerun_writes_identical_bytes_and_ids() {
    let ws = Workspace::fixture("basic");
    ws.ok(&["generate"]);
    let first = tree(&ws.path().join("letters"));
    ws.ok(&["generate"]);
    assert_eq!(first, tree(&ws.path().join("letters")));
    let ids: Vec<String> = manifest(&ws)
        .iter()
        .map(|e| e["id"].as_str().unwrap().to_string())
        .collect();
    let unique: std::collections::HashSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "letter ids repeat: {ids:?}");
}

#[test]
fn manifest_lists_every_letter_in_plan_order() {
    let ws = Workspace::fixture("basic");
    ws.ok(&["generate"]);
    let entries = manifest(&ws);
    let kinds: Vec<&str> = entries
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds.iter().filter(|k| **k == "appeal").count(), 9);
    // Appeals first (case by case), then solidarity letters.
    assert!(
        kinds
            .windows(2)
            .all(|w| !(w[0] == "solidarity" && w[1] == "appeal"))
    );
    for e in &entries {
        assert!(
            ws.path()
                .join("letters")
                .join(e["path"].as_str().unwrap())
                .is_file()
        );
        let email = e["recipient"]["email"].is_string();
        assert_eq!(e["channel"], if email { "email" } else { "post" }, "{e}");
    }
    // Anna writes Russian, the prosecutor's language; Jan does not, so writes English.
    let to_prosecutor = |who: &str| {
        entries
            .iter()
            .find(|e| e["sender"]["id"] == who && e["recipient"]["id"] == "prosecutor")
            .unwrap()["language"]
            .clone()
    };
    assert_eq!(to_prosecutor("anna"), "ru");
    assert_eq!(to_prosecutor("jan"), "en");
}

#[test]
fn missing_field_names_template_position_and_recipient_row() {
    let ws = Workspace::fixture("basic");
    // Nadzeya Karpovich (prisoners.csv line 3) has no patronymic.
    ws.write(
        "templates/solidarity-ru.txt.hbs",
        "+++\naudience = \"prisoners\"\nkind = \"solidarity\"\nlanguage = \"ru\"\n+++\nДорогая\n  {{prisoner.patronymic}}!\n",
    );
    let err = ws.fails(&["generate"], 2);
    assert!(
        err.contains("templates/solidarity-ru.txt.hbs:7:3: `prisoner.patronymic` is missing for prisoner `nadzeya-karpovich` (recipients/prisoners.csv:3)"),
        "{err}"
    );
    assert!(!ws.path().join("letters").exists(), "letters were written");
}

#[test]
fn failed_run_leaves_previous_letters_untouched() {
    let ws = Workspace::fixture("basic");
    ws.ok(&["generate"]);
    let before = tree(&ws.path().join("letters"));
    let names_before: Vec<_> = std::fs::read_dir(ws.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    ws.write(
        "templates/appeal-en.txt.hbs",
        "+++\nsubject = \"x\"\naudience = \"authorities\"\nkind = \"appeal\"\nlanguage = \"en\"\n+++\n{{volunteer.shoe_size}}\n",
    );
    let err = ws.fails(&["generate"], 2);
    assert!(
        err.contains(
            "`volunteer.shoe_size` is missing for volunteer `anna` (recipients/volunteers.csv:2)"
        ),
        "{err}"
    );
    assert_eq!(before, tree(&ws.path().join("letters")));
    let mut names_after: Vec<_> = std::fs::read_dir(ws.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    let mut names_before = names_before;
    names_before.sort();
    names_after.sort();
    assert_eq!(
        names_before, names_after,
        "a temporary folder was left behind"
    );
}

#[test]
fn template_syntax_error_is_located_and_nothing_is_written() {
    let ws = Workspace::fixture("basic");
    ws.write(
        "templates/appeal-ru.txt.hbs",
        "+++\nsubject = \"x\"\naudience = \"authorities\"\nkind = \"appeal\"\nlanguage = \"ru\"\n+++\nline one\n{{#if x}}never closed\n",
    );
    let err = ws.fails(&["generate"], 2);
    assert!(err.contains("templates/appeal-ru.txt.hbs:"), "{err}");
    assert!(err.contains("template syntax"), "{err}");
    assert!(!ws.path().join("letters").exists());
}

#[test]
fn hostile_names_give_safe_file_names() {
    let ws = Workspace::fixture("basic");
    ws.write(
        "recipients/volunteers.csv",
        "id,name,email,city,country,languages\nv1,../../x,v1@example.org,Minsk,BY,ru\nv2,/,v2@example.org,Minsk,BY,ru\nv3,Вольга Ўладзіміраўна,v3@example.org,Minsk,BY,be\nv4,..,v4@example.org,Minsk,BY,ru\n",
    );
    ws.ok(&["generate"]);
    let letters = ws.path().join("letters");
    let files = tree(&letters);
    assert_eq!(files.len(), 1 + 12 + 3 + 8, "{:?}", files.keys());
    for path in files.keys().filter(|p| *p != "manifest.jsonl") {
        let parts: Vec<&str> = path.split('/').collect();
        assert_eq!(parts.len(), 3, "{path}");
        let name = parts[2];
        let (stem, ext) = name.rsplit_once('.').unwrap();
        assert!(ext == "txt" || ext == "html", "{path}");
        let pieces: Vec<&str> = stem.split("--").collect();
        assert_eq!(pieces.len(), 3, "{path}");
        assert!(
            pieces.iter().all(|p| !p.is_empty()
                && p.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')),
            "{path}"
        );
    }
    assert!(
        files.keys().any(|p| p.contains("/volga-uladzimirauna--")),
        "{:?}",
        files.keys()
    );
    assert!(
        files.keys().any(|p| p.contains("/x--")),
        "{:?}",
        files.keys()
    );
    // Nothing escaped the letters folder.
    assert!(!ws.path().join("x").exists() && !ws.path().parent().unwrap().join("x").exists());
}

#[test]
fn filters_select_letters() {
    let ws = Workspace::fixture("basic");
    let count = |args: &[&str]| -> (u64, u64) {
        let mut all = vec!["generate", "--json"];
        all.extend_from_slice(args);
        let out: serde_json::Value = serde_json::from_str(&ws.ok(&all)).unwrap();
        (
            out["appeals"].as_u64().unwrap(),
            out["solidarity"].as_u64().unwrap(),
        )
    };
    assert_eq!(count(&["--case", "karpovich"]), (3, 2));
    assert_eq!(count(&["--volunteer", "jan"]), (3, 0));
    assert_eq!(
        count(&["--volunteer", "jan", "--volunteer", "volha"]),
        (6, 2)
    );
    assert_eq!(count(&["--language", "be"]), (0, 2));
    assert_eq!(count(&["--template", "appeal-en"]), (4, 0));
    assert_eq!(manifest(&ws).len(), 4, "the filtered run replaces letters/");
    let err = ws.fails(&["generate", "--case", "nobody"], 2);
    assert!(err.contains("no case `nobody`"), "{err}");
}

#[test]
fn saved_assignment_decides_solidarity_letters() {
    let ws = Workspace::fixture("basic");
    ws.write(
        ".marathon/assignment.json",
        r#"{"seed": 7, "per_volunteer": 1, "pairs": [
            {"volunteer": "jan", "prisoner": "ales-bialiatski", "language": "ru", "bilingual": true},
            {"volunteer": "anna", "prisoner": "nadzeya-karpovich", "language": "be"}
        ]}"#,
    );
    // Jan writes no Russian: his letter is the prepared text, with a translation sheet.
    let front = |lang: &str| {
        format!(
            "+++\naudience = \"prisoners\"\nkind = \"solidarity\"\nlanguage = \"{lang}\"\n+++\n"
        )
    };
    ws.write(
        "templates/prepared/solidarity-ru.txt.hbs",
        front("ru") + "Здравствуйте! Пишу Вам из города {{volunteer.city}}.\n{{volunteer.name}}\n",
    );
    ws.write(
        "templates/prepared/en/solidarity-ru.txt.hbs",
        front("en") + "Hello! I am writing to you from {{volunteer.city}}.\n{{volunteer.name}}\n",
    );
    ws.ok(&["generate"]);
    let solidarity: Vec<(String, String, String)> = manifest(&ws)
        .iter()
        .filter(|e| e["kind"] == "solidarity")
        .map(|e| {
            (
                e["sender"]["id"].as_str().unwrap().to_string(),
                e["recipient"]["id"].as_str().unwrap().to_string(),
                e["language"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        solidarity,
        vec![
            ("jan".into(), "ales-bialiatski".into(), "ru".into()),
            ("anna".into(), "nadzeya-karpovich".into(), "be".into())
        ]
    );
}

#[test]
fn email_appeal_without_subject_is_an_error() {
    let ws = Workspace::fixture("basic");
    let text = ws
        .read("templates/appeal-ru.txt.hbs")
        .replacen("subject = ", "# subject = ", 1);
    ws.write("templates/appeal-ru.txt.hbs", text);
    let err = ws.fails(&["generate"], 2);
    assert!(
        err.contains("templates/appeal-ru.txt.hbs:1: front matter: no `subject`, but the letter to authority `prosecutor` (recipients/authorities.csv:2) goes by email"),
        "{err}"
    );
}

#[test]
fn out_writes_elsewhere_and_refuses_foreign_folders() {
    let ws = Workspace::fixture("basic");
    ws.ok(&["generate", "--out", "packs/all"]);
    assert!(ws.path().join("packs/all/manifest.jsonl").is_file());
    assert!(!ws.path().join("letters").exists());
    let err = ws.fails(&["generate", "--out", "templates"], 2);
    assert!(err.contains("is not a letters folder"), "{err}");
    assert!(ws.path().join("templates/appeal-en.txt.hbs").is_file());
}

#[test]
fn preview_prints_subject_and_body() {
    let ws = Workspace::fixture("basic");
    let out = ws.ok(&[
        "preview",
        "--template",
        "appeal-ru",
        "--from",
        "volha",
        "--case",
        "karpovich",
    ]);
    assert!(
        out.starts_with("Subject: Просьба об освобождении: Надзея Карповіч\n\n"),
        "{out}"
    );
    assert!(out.contains("Она находится под стражей"), "{out}");
    assert!(out.ends_with("Вольга Сцяпанава\nVilnius, LT\n"), "{out}");
    let html = ws.ok(&[
        "preview",
        "--template",
        "appeal-en",
        "--to",
        "ambassador",
        "--html",
    ]);
    assert!(html.contains("<p>Dear Olga Ivanova,</p>"), "{html}");
    let err = ws.fails(&["preview", "--template", "nope"], 2);
    assert!(err.contains("no template `nope`"), "{err}");
}

#[test]
fn sample_campaign_checks_and_generates() {
    let ws = Workspace::sample();
    let out = ws.run(&["check"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let json: serde_json::Value = serde_json::from_str(&ws.ok(&["generate", "--json"])).unwrap();
    let letters = json["letters"].as_u64().unwrap();
    assert!(letters > 0);
    assert_eq!(manifest(&ws).len() as u64, letters);
}

#[cfg(unix)]
#[test]
fn rerun_links_unchanged_letters_and_rewrites_changed_ones() {
    use std::os::unix::fs::MetadataExt;
    let ws = Workspace::fixture("basic");
    ws.ok(&["generate"]);
    let inode = |rel: &str| {
        std::fs::metadata(ws.path().join("letters").join(rel))
            .unwrap()
            .ino()
    };
    let entries = manifest(&ws);
    let path_of = |template: &str| {
        entries.iter().find(|e| e["template"] == template).unwrap()["path"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let (kept, changed) = (path_of("appeal-en"), path_of("solidarity-ru"));
    let (kept_inode, changed_inode) = (inode(&kept), inode(&changed));
    let text = ws
        .read("templates/solidarity-ru.txt.hbs")
        .replace("Пишу", "Снова пишу");
    ws.write("templates/solidarity-ru.txt.hbs", text);
    ws.ok(&["generate"]);
    assert_eq!(
        inode(&kept),
        kept_inode,
        "an unchanged letter was rewritten"
    );
    assert_ne!(inode(&changed), changed_inode);
    assert!(
        ws.read(&format!("letters/{changed}"))
            .contains("Снова пишу")
    );
}
