//! Country rules through the real binary: each address and language rule with a passing and a
//! failing case, and the campaign file extending the built-in rules.

use serde_json::{Value, json};

use crate::support::Workspace;
use crate::synth::{self, belarus_row, russia_row, volunteer_row};

const RU_TEXT: &str = "Здравствуйте!\nПишу вам из Кракова. Сегодня тёплый день, я гуляла у реки.\nЖелаю вам здоровья.\nАнна\n";
const BE_TEXT: &str = "Добры дзень!\nПішу вам з Кракава. Сёння цёплы дзень, я гуляла ля ракі.\nЖадаю вам здароўя.\nАнна\n";

/// A workspace with one prisoner row and one post letter to them in `language`.
fn one_letter(row: &str, country: &str, language: &str, text: &str, extra: &str) -> Workspace {
    let ws = synth::workspace(&[row.to_string()], &[volunteer_row("anna", "ru")], extra);
    let id = row.split(',').next().unwrap();
    ws.write("letters/post/1.txt", text);
    let entry = json!({
        "id": "0000000000000001", "template": "solidarity", "kind": "solidarity",
        "language": language, "case": "case-1", "prisoner": id,
        "recipient": {"id": id, "role": "prisoner", "name": id, "country": country},
        "sender": {"id": "anna", "role": "volunteer", "name": "Anna", "country": "PL"},
        "channel": "post", "subject": "", "path": "post/1.txt"
    });
    ws.write("letters/manifest.jsonl", format!("{entry}\n"));
    ws
}

/// Runs `pack --json`; returns the problems (empty when the letter went into a pack).
fn problems(ws: &Workspace) -> Vec<Value> {
    let out = ws.run(&["pack", "--json"]);
    let report: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    let problems = report["problems"].as_array().unwrap().clone();
    let expected = if problems.is_empty() { 0 } else { 1 };
    assert_eq!(out.status.code(), Some(expected), "{report}");
    problems
}

fn by_row(field: &str, value: &str) -> String {
    let row = belarus_row("by1", "be ru", "1970-01-15", "detained");
    match field {
        "institution" => row.replace("ИК №4", value),
        "postcode" => row.replace("246035", value),
        "town" => row.replace("г. Гомель", value),
        _ => row,
    }
}

#[test]
fn belarus_address_in_cyrillic_with_six_digit_postcode_passes() {
    assert_eq!(
        problems(&one_letter(&by_row("", ""), "BY", "ru", RU_TEXT, "")),
        [] as [Value; 0]
    );
}

#[test]
fn belarus_latin_institution_fails_with_file_row_and_field() {
    let p = problems(&one_letter(
        &by_row("institution", "IK-4"),
        "BY",
        "ru",
        RU_TEXT,
        "",
    ));
    assert_eq!(p.len(), 1);
    assert_eq!(p[0]["file"], "recipients/prisoners.csv");
    assert_eq!(p[0]["line"], 2);
    assert_eq!(p[0]["field"], "institution");
    assert!(
        p[0]["message"]
            .as_str()
            .unwrap()
            .contains("`IK-4` is in Latin letters")
    );
}

#[test]
fn belarus_town_with_a_latin_lookalike_fails() {
    // A Latin "o" in "Гомель" looks the same on screen.
    let p = problems(&one_letter(
        &by_row("town", "г. Гoмель"),
        "BY",
        "ru",
        RU_TEXT,
        "",
    ));
    assert_eq!(p[0]["field"], "town");
}

#[test]
fn belarus_five_digit_postcode_fails() {
    let p = problems(&one_letter(
        &by_row("postcode", "24603"),
        "BY",
        "ru",
        RU_TEXT,
        "",
    ));
    assert_eq!(p[0]["field"], "postcode");
    assert!(
        p[0]["message"]
            .as_str()
            .unwrap()
            .contains("not a postcode of 6 digits")
    );
}

#[test]
fn russia_full_name_and_birth_date_pass() {
    let row = russia_row("ru1", "detained");
    assert!(problems(&one_letter(&row, "RU", "ru", RU_TEXT, "")).is_empty());
}

#[test]
fn russia_without_patronymic_or_birth_date_fails() {
    let row = russia_row("ru1", "detained").replace("Петрович", "");
    let p = problems(&one_letter(&row, "RU", "ru", RU_TEXT, ""));
    assert_eq!(p[0]["field"], "patronymic");
    let row = russia_row("ru1", "detained").replace("1980-03-02", "");
    let p = problems(&one_letter(&row, "RU", "ru", RU_TEXT, ""));
    assert_eq!(p[0]["field"], "birth_date");
}

#[test]
fn belarusian_letter_passes_in_belarus_and_fails_in_russia() {
    assert!(problems(&one_letter(&by_row("", ""), "BY", "be", BE_TEXT, "")).is_empty());
    let row = russia_row("ru1", "detained");
    let p = problems(&one_letter(&row, "RU", "be", BE_TEXT, ""));
    assert_eq!(
        p[0]["message"],
        "letters in `be` are discarded in RU: write in `ru`"
    );
    assert_eq!(p[0]["file"], "letters/post/1.txt");
    // Labelled Russian but written in Belarusian: Russia returns it too.
    let p = problems(&one_letter(&row, "RU", "ru", BE_TEXT, ""));
    assert!(
        p[0]["message"].as_str().unwrap().contains("reads as `be`"),
        "{p:?}"
    );
}

#[test]
fn english_letter_to_belarus_fails() {
    let p = problems(&one_letter(
        &by_row("", ""),
        "BY",
        "en",
        "Dear friend, greetings from Kraków.\n",
        "",
    ));
    assert!(
        p[0]["message"]
            .as_str()
            .unwrap()
            .contains("letters in `en` are discarded in BY")
    );
}

#[test]
fn russian_letter_in_latin_letters_fails() {
    let p = problems(&one_letter(
        &by_row("", ""),
        "BY",
        "ru",
        "Zdravstvujte! Pishu vam iz Krakova.\n",
        "",
    ));
    assert!(
        p[0]["message"]
            .as_str()
            .unwrap()
            .contains("must be in Cyrillic letters"),
        "{p:?}"
    );
}

#[test]
fn letter_length_limit_from_the_campaign_file() {
    let row = by_row("", "");
    assert!(
        problems(&one_letter(
            &row,
            "BY",
            "ru",
            RU_TEXT,
            "[countries.BY]\nmax_chars = 200\n"
        ))
        .is_empty()
    );
    let p = problems(&one_letter(
        &row,
        "BY",
        "ru",
        RU_TEXT,
        "[countries.BY]\nmax_chars = 50\n",
    ));
    assert!(
        p[0]["message"]
            .as_str()
            .unwrap()
            .contains("the limit for BY is 50"),
        "{p:?}"
    );
}

#[test]
fn campaign_file_can_allow_another_language() {
    let row = by_row("", "").replace("be ru", "uk");
    let extra = "[countries.BY]\nlanguages = [\"ru\", \"be\", \"uk\"]\n";
    let text = "Доброго дня!\nПишу вам з Кракова.\n";
    assert!(problems(&one_letter(&row, "BY", "uk", text, extra)).is_empty());
    assert!(!problems(&one_letter(&row, "BY", "uk", text, "")).is_empty());
}

/// The sample campaign with `from` replaced by `to` in `file`.
fn sample_with(file: &str, from: &str, to: &str) -> Workspace {
    let ws = Workspace::sample();
    let text = ws.read(file);
    assert!(text.contains(from), "{from} not in {file}");
    ws.write(file, text.replacen(from, to, 1));
    ws
}

#[test]
fn check_passes_the_sample_campaign_under_the_rules() {
    let ws = Workspace::sample();
    let out = ws.run(&["check", "--json"]);
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["errors"], 0, "{report:#}");
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn check_and_generate_refuse_an_address_that_breaks_the_rules() {
    // Tamara Viarbitskaya's row (line 2): a Latin institution.
    let ws = sample_with("recipients/prisoners.csv", ",ИК №4,", ",IK-4,");
    let out = ws.run(&["check"]);
    assert_eq!(out.status.code(), Some(2));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains(
            "error: recipients/prisoners.csv:2: field `institution`: `IK-4` is in Latin letters"
        ),
        "{stdout}"
    );
    let err = ws.fails(&["generate"], 2);
    assert!(err.contains("field `institution`"), "{err}");
    assert!(!ws.path().join("letters").exists(), "nothing was written");
}

#[test]
fn a_released_prisoners_old_address_is_not_an_error() {
    // Ales Bialiatski is released in the sample; his row is only history.
    let ws = sample_with("recipients/prisoners.csv", "213410", "2134");
    let out = ws.run(&["check", "--json"]);
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["errors"], 0, "{report:#}");
    // Detained again, the same address is an error.
    let rows = ws.read("recipients/prisoners.csv");
    ws.write(
        "recipients/prisoners.csv",
        rows.replacen(
            "2021-07-14,defenders,released",
            "2021-07-14,defenders,detained",
            1,
        ),
    );
    let out = ws.run(&["check", "--json"]);
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["errors"], 1, "{report:#}");
    assert_eq!(report["diagnostics"][0]["field"], "postcode");
}

#[test]
fn withheld_word_in_a_template_is_a_warning_with_its_line_and_letters_are_still_written() {
    let ws = sample_with(
        "templates/solidarity-ru.txt.hbs",
        "Желаю Вам крепкого здоровья",
        "Желаю Вам скорой свободы и крепкого здоровья",
    );
    let line = ws
        .read("templates/solidarity-ru.txt.hbs")
        .lines()
        .position(|l| l.contains("скорой свободы"))
        .unwrap()
        + 1;
    let out = ws.run(&["check"]);
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let expected = format!(
        "warning: templates/solidarity-ru.txt.hbs:{line}:18: `свободы` (freedom) can get the letter withheld in BY, RU: «Желаю Вам скорой свободы и крепкого здоровья"
    );
    assert!(stdout.contains(&expected), "{stdout}");
    ws.fails(&["check", "--strict"], 1);
    ws.ok(&["assign", "-k", "1", "--seed", "1"]);
    let out = ws.run(&["generate"]);
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains(&expected),
        "generate prints the warning: {stderr}"
    );
    assert!(ws.path().join("letters/manifest.jsonl").exists());
}

#[test]
fn generate_refuses_letters_over_the_length_limit() {
    let ws = Workspace::sample();
    let campaign = ws.read("campaign.toml");
    ws.write(
        "campaign.toml",
        format!("{campaign}\n[countries.BY]\nmax_chars = 300\n"),
    );
    ws.ok(&["assign", "-k", "1", "--seed", "1"]);
    let err = ws.fails(&["generate"], 2);
    assert!(err.contains("the limit for BY is 300: shorten it"), "{err}");
    assert!(err.contains("the letter to prisoner `"), "{err}");
    assert!(err.contains("nothing was written"), "{err}");
    assert!(!ws.path().join("letters").exists());
    let out = ws.run(&["check"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn english_solidarity_template_for_belarus_is_refused() {
    // A prisoner row claiming English: the address book check catches it before any letter.
    let ws = sample_with(
        "recipients/prisoners.csv",
        "BY,ru be,2022-11-09",
        "BY,en,2022-11-09",
    );
    let out = ws.run(&["check"]);
    assert_eq!(out.status.code(), Some(2));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains(
            "recipients/prisoners.csv:2: field `languages`: letters in `en` are discarded in BY"
        ),
        "{stdout}"
    );
}
