//! `marathon pack`: addresses, references, how to report, escaping, left-out letters, and a
//! real print to PDF through headless Chromium.

use std::process::Command;
use std::time::Duration;

use serde_json::{Value, json};

use crate::print::{print_to_pdf, run_bounded};
use crate::support::Workspace;
use crate::synth::{self, belarus_row, russia_row, volunteer_row};

const RU_TEXT: &str = "Здравствуйте, Алесь!\nПишу вам из Кракова. Сегодня тёплый день, я гуляла у реки.\nЖелаю вам здоровья.\nАнна\n";
const RU_TEXT_2: &str =
    "Добрый день, Иван!\nУ нас в городе открылась новая библиотека.\nВсего доброго.\nАнна\n";

fn party(id: &str, role: &str, name: &str, country: &str) -> Value {
    json!({"id": id, "role": role, "name": name, "country": country})
}

/// A manifest entry for a post letter from `volunteer` to `prisoner`, with its file written.
fn letter(ws: &Workspace, id: &str, volunteer: (&str, &str), to: Value, text: &str) -> Value {
    let path = format!("post/{id}.txt");
    ws.write(&format!("letters/{path}"), text);
    json!({
        "id": id, "template": "solidarity-ru", "kind": "solidarity", "language": "ru",
        "case": "case-1", "prisoner": to["id"], "recipient": to,
        "sender": party(volunteer.0, "volunteer", volunteer.1, "PL"),
        "channel": "post", "subject": "", "path": path
    })
}

fn write_manifest(ws: &Workspace, entries: &[Value]) {
    let lines: Vec<String> = entries.iter().map(|e| e.to_string()).collect();
    ws.write("letters/manifest.jsonl", lines.join("\n") + "\n");
}

/// Anna has two letters (Belarus, Russia); Hans one bilingual letter; an email letter that no
/// pack includes.
fn workspace() -> Workspace {
    let ws = synth::workspace(
        &[
            belarus_row("by1", "be ru", "1970-01-15", "detained"),
            russia_row("ru1", "detained"),
        ],
        &[volunteer_row("anna", "ru pl"), volunteer_row("hans", "de")],
        "",
    );
    let by1 = party("by1", "prisoner", "Ales by1", "BY");
    let ru1 = party("ru1", "prisoner", "Ivan ru1", "RU");
    let mut hans = letter(
        &ws,
        "c0ffee0000000003",
        ("hans", "Volunteer hans"),
        by1.clone(),
        RU_TEXT,
    );
    ws.write(
        "letters/post/c0ffee0000000003.de.txt",
        "Hallo Ales! (Übersetzung)\n",
    );
    hans["translation_path"] = json!("post/c0ffee0000000003.de.txt");
    let mut email = letter(
        &ws,
        "e0000000000000e1",
        ("anna", "Volunteer anna"),
        by1.clone(),
        RU_TEXT,
    );
    email["channel"] = json!("email");
    write_manifest(
        &ws,
        &[
            letter(
                &ws,
                "a11ce001000000f1",
                ("anna", "Volunteer anna"),
                by1,
                RU_TEXT,
            ),
            letter(
                &ws,
                "a11ce002000000f2",
                ("anna", "Volunteer anna"),
                ru1,
                RU_TEXT_2,
            ),
            hans,
            email,
        ],
    );
    ws
}

#[test]
fn packs_carry_addresses_references_and_how_to_report() {
    let ws = workspace();
    let out = ws.ok(&["pack"]);
    assert_eq!(out, "Wrote 2 packs with 3 letters to `letters/packs/`.\n");
    let anna = ws.read("letters/packs/volunteer-anna.html");
    // The page leaves the browser no margin for its header and footer.
    assert!(anna.contains("@page { margin: 0; }"));
    assert!(anna.contains("break-after: page"));
    for line in [
        "Прыкладны Алесь бы1",
        "ИК №4",
        "ул. Ефремова 1",
        "246035, г. Гомель",
        "REPUBLIC OF BELARUS",
        "Примеров Иван ру1 Петрович, 1980 г. р.",
        "150000, г. Ярославль",
        "RUSSIAN FEDERATION",
    ] {
        assert!(
            anna.contains(&format!("<div class=\"line\">{line}</div>")),
            "{line} missing"
        );
    }
    for reference in ["a11c-e001", "a11c-e002"] {
        assert!(anna.contains(&format!("<span class=\"ref\">{reference}</span>")));
        assert!(anna.contains(&format!(
            "“Posted <span class=\"ref\">{reference}</span> on (the day)”"
        )));
    }
    // Volunteers have no terminal.
    assert!(!anna.contains("marathon record"));
    assert!(
        anna.contains("reports@example.org"),
        "the campaign's report_to"
    );
    assert!(anna.contains("two blank sheets of paper"));
    assert!(anna.contains("<h3>Postage</h3>"));
    assert!(anna.contains("Пишу вам из Кракова."));
    assert!(
        !anna.contains("e0000000000000e1"),
        "email letters are not in packs"
    );
    assert!(!anna.contains("Übersetzung"));
    let hans = ws.read("letters/packs/volunteer-hans.html");
    assert!(hans.contains("c0ffee0000000003"));
    assert!(hans.contains("<span class=\"ref\">c0ff-ee00</span>"));
    assert!(hans.contains("Translation of the letter to Ales by1"));
    assert!(hans.contains("Hallo Ales! (Übersetzung)"));
}

#[test]
fn data_from_files_is_escaped() {
    let ws = workspace();
    let entries: Vec<Value> = vec![letter(
        &ws,
        "a11ce00000000009",
        ("anna", "Anna <script>alert(1)</script> & Co"),
        party("by1", "prisoner", "Ales \"by1\"", "BY"),
        "Здравствуйте! <b>Жду</b> ответа & пишу.\n",
    )];
    write_manifest(&ws, &entries);
    ws.write(
        "recipients/volunteers.csv",
        format!(
            "{}\nanna,Anna <script>alert(1)</script> & Co,anna@example.org,Kraków,PL,ru,\n",
            synth::VOLUNTEER_HEADER
        ),
    );
    ws.ok(&["pack"]);
    let files: Vec<_> = std::fs::read_dir(ws.path().join("letters/packs"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(files, ["anna-script-alert-1-script-co.html"]);
    let html = ws.read("letters/packs/anna-script-alert-1-script-co.html");
    assert!(!html.contains("<script>"));
    assert!(!html.contains("<b>"));
    assert!(html.contains("Anna &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co"));
    assert!(html.contains("&lt;b&gt;Жду&lt;/b&gt; ответа &amp; пишу."));
    assert!(html.contains("To Ales &quot;by1&quot;"));
}

#[test]
fn letters_that_cannot_be_posted_are_left_out_and_reported() {
    let ws = workspace();
    // by1 has been released since the letters were written; ru1's file has gone.
    ws.write(
        "recipients/prisoners.csv",
        format!(
            "{}\n{}\n{}\n",
            synth::PRISONER_HEADER,
            belarus_row("by1", "be ru", "1970-01-15", "released"),
            russia_row("ru1", "detained")
        ),
    );
    std::fs::remove_file(ws.path().join("letters/post/a11ce002000000f2.txt")).unwrap();
    let err = ws.fails(&["pack"], 1);
    assert!(
        err.contains(
            "letter `a11ce001000000f1`: prisoner `by1` no longer receives campaign letters"
        ),
        "{err}"
    );
    assert!(
        err.contains("letter `a11ce002000000f2`: cannot read"),
        "{err}"
    );
    assert!(!ws.path().join("letters/packs/volunteer-anna.html").exists());
}

#[test]
fn address_breaking_the_rules_keeps_the_letter_out() {
    let ws = workspace();
    ws.write(
        "recipients/prisoners.csv",
        format!(
            "{}\n{}\n{}\n",
            synth::PRISONER_HEADER,
            belarus_row("by1", "be ru", "1970-01-15", "detained").replace("246035", "24603"),
            russia_row("ru1", "detained")
        ),
    );
    let out = ws.run(&["pack", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let problems = report["problems"].as_array().unwrap();
    assert_eq!(
        problems.len(),
        2,
        "anna's and hans's letters to by1: {problems:?}"
    );
    assert_eq!(problems[0]["field"], "postcode");
    assert_eq!(problems[0]["file"], "recipients/prisoners.csv");
    let anna = &report["packs"][0];
    assert_eq!(anna["letters"], json!(["a11ce002000000f2"]));
}

#[test]
fn one_volunteer_only_and_stale_packs_removed() {
    let ws = workspace();
    ws.write("letters/packs/somebody-gone.html", "old");
    ws.ok(&["pack", "--volunteer", "hans"]);
    assert!(ws.path().join("letters/packs/somebody-gone.html").exists());
    assert!(!ws.path().join("letters/packs/volunteer-anna.html").exists());
    ws.ok(&["pack"]);
    assert!(!ws.path().join("letters/packs/somebody-gone.html").exists());
    let err = ws.fails(&["pack", "--volunteer", "nobody"], 1);
    assert!(
        err.contains("volunteer `nobody` has no letters to post"),
        "{err}"
    );
}

#[test]
fn chromium_prints_one_letter_per_page_with_cyrillic_intact() {
    let ws = workspace();
    ws.ok(&["pack", "--volunteer", "anna"]);
    let html = ws.path().join("letters/packs/volunteer-anna.html");
    let pdf = ws.path().join("anna.pdf");
    let profile = tempfile::tempdir().unwrap();
    print_to_pdf(&html, &pdf, profile.path());
    let out = run_bounded(
        Command::new("pdftotext").args(["-layout", pdf.to_str().unwrap(), "-"]),
        Duration::from_secs(20),
    );
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let pages: Vec<&str> = text
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .collect();
    // Cover, then a guide sheet and the letter for each of the two letters.
    assert_eq!(pages.len(), 5, "{text}");
    let with = |needle: &str| -> Vec<usize> {
        (0..pages.len())
            .filter(|&i| pages[i].contains(needle))
            .collect()
    };
    assert_eq!(with("Пишу вам из Кракова."), [2]);
    assert_eq!(with("открылась новая библиотека"), [4]);
    assert_eq!(with("246035, г. Гомель"), [1]);
    assert_eq!(with("REPUBLIC OF BELARUS"), [1]);
    assert_eq!(with("Примеров Иван ру1 Петрович, 1980 г. р."), [3]);
    assert!(pages[1].contains("Posted a11c-e001 on (the day)"));
    for page in [pages[2], pages[4]] {
        for id in ["a11c-e00", "a11ce00"] {
            assert!(!page.contains(id), "the posted page carries no reference");
        }
    }
}

#[test]
fn assign_generate_pack_carry_bilingual_letters_with_their_translation() {
    let ws = Workspace::sample();
    ws.ok(&["assign", "-k", "1", "--seed", "1"]);
    let assignment: Value = serde_json::from_str(&ws.read(".marathon/assignment.json")).unwrap();
    let bilingual = assignment["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["bilingual"] == true)
        .count();
    assert!(
        bilingual > 0,
        "the sample has volunteers who write neither Russian nor Belarusian"
    );
    ws.ok(&["generate"]);
    let manifest: Vec<Value> = ws
        .read("letters/manifest.jsonl")
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let with_sheet: Vec<&Value> = manifest
        .iter()
        .filter(|e| e.get("translation_path").is_some())
        .collect();
    assert_eq!(with_sheet.len(), bilingual);
    for e in &with_sheet {
        assert!(
            e["template"]
                .as_str()
                .unwrap()
                .starts_with("prepared/solidarity-"),
            "{e}"
        );
        let letter = ws.read(&format!("letters/{}", e["path"].as_str().unwrap()));
        assert!(letter.contains("каждое слово"), "{letter}");
        let sheet = e["translation_path"].as_str().unwrap();
        let lang = sheet.rsplit('.').nth(1).unwrap();
        assert!(["en", "pl", "de"].contains(&lang), "{sheet}");
        assert!(!ws.read(&format!("letters/{sheet}")).is_empty());
    }
    let out = ws.ok(&["pack", "--json"]);
    let packs: Value = serde_json::from_str(&out).unwrap();
    let e = with_sheet[0];
    let id = e["id"].as_str().unwrap();
    let pack = packs["packs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["letters"].as_array().unwrap().iter().any(|l| l == id))
        .unwrap();
    let html = ws.read(pack["file"].as_str().unwrap());
    assert!(html.contains("Translation of the letter to "));
    assert!(html.contains("Но каждое слово в нём — от меня."));
    let reference = marathon::pack::short_ref(id);
    assert!(html.contains(&format!("Posted <span class=\"ref\">{reference}</span>")));
    // Post appeals go into the packs too, with the authority's envelope.
    assert!(
        html.contains("<div class=\"line\">220030, г. Минск</div>"),
        "{html}"
    );
}

#[test]
fn the_coordinator_records_a_letter_by_the_reference_on_its_guide_sheet() {
    let ws = workspace();
    ws.ok(&["pack"]);
    assert!(
        ws.read("letters/packs/volunteer-anna.html")
            .contains("<span class=\"ref\">a11c-e001</span>")
    );
    // As a volunteer might write it back: upper case, a space for the dash.
    let out = ws.ok(&["record", "--letter", "A11C E001", "--status", "posted"]);
    assert_eq!(out, "a11ce001000000f1\n");
    let status: Value = serde_json::from_str(&ws.ok(&["status", "--json"])).unwrap();
    assert_eq!(status["post"]["posted"], 1);
    let err = ws.fails(&["record", "--letter", "a11ce00", "--status", "posted"], 2);
    assert!(err.contains("letter `a11ce00` is not in"), "{err}");
    // Two letters sharing a reference: the whole id is needed.
    let manifest = ws.read("letters/manifest.jsonl");
    ws.write(
        "letters/manifest.jsonl",
        manifest.replace("c0ffee0000000003", "a11ce001000000f3"),
    );
    let err = ws.fails(
        &["record", "--letter", "a11c-e001", "--status", "received"],
        2,
    );
    assert!(
        err.contains("reference `a11c-e001` matches 2 letters"),
        "{err}"
    );
    ws.ok(&[
        "record",
        "--letter",
        "a11ce001000000f1",
        "--status",
        "received",
    ]);
}
