//! Each rule with a passing and a failing case.

use std::path::Path;

use time::macros::date;

use super::*;
use crate::diag::Severity;
use crate::recipients::{Gender, Prisoner, PrisonerStatus, Source};

const CAMPAIGN: &str = r#"
id = "c"
name = "C"
starts = 2026-08-04
ends = 2026-08-18
[sender]
name = "Group"
email = "letters@example.org"
"#;

fn campaign(extra: &str) -> Campaign {
    Campaign::parse(&format!("{CAMPAIGN}{extra}"), Path::new("campaign.toml")).unwrap()
}

fn by() -> CountryRules {
    rules_for(&campaign(""), "BY")
}

fn ru() -> CountryRules {
    rules_for(&campaign(""), "ru")
}

fn belarus_prisoner() -> Prisoner {
    Prisoner {
        id: "p1".into(),
        name: "Ales Example".into(),
        name_native: "Прыкладны Алесь".into(),
        given_name_native: None,
        patronymic: None,
        gender: Gender::Male,
        birth_date: None,
        institution: "ИК №4".into(),
        street: "ул. Ефремова, 1".into(),
        postcode: "246035".into(),
        town: "г. Гомель".into(),
        country: "BY".into(),
        languages: vec!["be".into(), "ru".into()],
        detained: None,
        case: "c1".into(),
        status: PrisonerStatus::Detained,
        source: Source::line("recipients/prisoners.csv", 7),
    }
}

fn russia_prisoner() -> Prisoner {
    Prisoner {
        name_native: "Примеров Иван".into(),
        patronymic: Some("Петрович".into()),
        birth_date: Some(date!(1980 - 03 - 02)),
        institution: "ФКУ ИК-2".into(),
        street: "ул. Лесная, 5".into(),
        postcode: "123456".into(),
        town: "г. Ярославль".into(),
        country: "RU".into(),
        languages: vec!["ru".into()],
        ..belarus_prisoner()
    }
}

fn fields(d: &crate::diag::Diagnostics) -> Vec<String> {
    d.0.iter().filter_map(|d| d.field.clone()).collect()
}

const LETTER_RU: &str = "Здравствуйте, Алесь!\nПишу вам из Кракова. У нас идёт дождь, а я читаю книгу о море.\nЖелаю вам здоровья и тёплых дней.\n";

fn check(text: &str, lang: &str, rules: &CountryRules) -> crate::diag::Diagnostics {
    check_letter(text, lang, rules, Path::new("letters/x.txt"))
}

#[test]
fn builtin_belarus_and_russia() {
    let by = by();
    assert_eq!(by.languages, ["ru", "be"]);
    assert_eq!(by.address.country_line, "REPUBLIC OF BELARUS");
    assert_eq!(by.address.postcode_digits, Some(6));
    let ru = ru();
    assert_eq!(ru.languages, ["ru"]);
    assert!(ru.address.patronymic && ru.address.birth_year);
    assert_eq!(ru.address.country_line, "RUSSIAN FEDERATION");
}

#[test]
fn campaign_entry_overrides_and_extends() {
    let c = campaign(
        "[countries.BY]\nmax_chars = 1200\n[countries.BY.withheld.sport]\nru = [\"хоккей*\"]\n[countries.BY.withheld.freedom]\nru = []\n",
    );
    let by = rules_for(&c, "BY");
    assert_eq!(by.max_chars, Some(1200));
    assert_eq!(
        by.languages,
        ["ru", "be"],
        "untouched fields keep the defaults"
    );
    let d = check("Вчера был хоккей, и свобода.\n", "ru", &by);
    let words: Vec<&str> = d.0.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(d.warnings(), 1, "{words:?}");
    assert!(words[0].contains("`хоккей`"), "{words:?}");
}

#[test]
fn unknown_campaign_field_is_an_error() {
    let err = Campaign::parse(
        &format!("{CAMPAIGN}[countries.BY]\nlangauges = [\"ru\"]\n"),
        Path::new("campaign.toml"),
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("langauges"), "{err}");
}

#[test]
fn other_countries_have_no_restrictions() {
    let r = rules_for(&campaign(""), "PL");
    assert!(r.allows_language("pl"));
    assert!(check("Hello there, dear friend.", "en", &r).is_empty());
}

#[test]
fn address_in_cyrillic_passes() {
    let d = check_prisoner(&belarus_prisoner(), &by());
    assert!(d.is_empty(), "{d:?}");
}

#[test]
fn latin_institution_fails_naming_file_row_and_field() {
    let p = Prisoner {
        institution: "IK-4".into(),
        ..belarus_prisoner()
    };
    let d = check_prisoner(&p, &by());
    assert_eq!(d.errors(), 1);
    let msg = d.0[0].to_string();
    assert!(
        msg.starts_with(
            "error: recipients/prisoners.csv:7: field `institution`: `IK-4` is in Latin letters"
        ),
        "{msg}"
    );
}

#[test]
fn latin_lookalike_in_cyrillic_line_fails() {
    // "ИK" with a Latin K looks right on screen and wrong to a sorting office.
    let p = Prisoner {
        institution: "ИK №4".into(),
        ..belarus_prisoner()
    };
    let d = check_prisoner(&p, &by());
    assert_eq!(fields(&d), ["institution"]);
    assert!(d.0[0].message.contains("`K`"), "{}", d.0[0].message);
}

#[test]
fn five_digit_postcode_fails() {
    let p = Prisoner {
        postcode: "24603".into(),
        ..belarus_prisoner()
    };
    assert_eq!(fields(&check_prisoner(&p, &by())), ["postcode"]);
}

#[test]
fn russia_address_with_patronymic_and_birth_date_passes() {
    let d = check_prisoner(&russia_prisoner(), &ru());
    assert!(d.is_empty(), "{d:?}");
}

#[test]
fn russia_without_patronymic_or_birth_date_fails() {
    let p = Prisoner {
        patronymic: None,
        birth_date: None,
        ..russia_prisoner()
    };
    assert_eq!(
        fields(&check_prisoner(&p, &ru())),
        ["patronymic", "birth_date"]
    );
}

#[test]
fn prisoner_language_the_country_forbids_fails() {
    let p = Prisoner {
        languages: vec!["ru".into(), "be".into()],
        ..russia_prisoner()
    };
    let d = check_prisoner(&p, &ru());
    assert_eq!(fields(&d), ["languages"]);
    assert!(d.0[0].message.contains("`be`"));
}

#[test]
fn envelope_lines_by_and_ru() {
    assert_eq!(
        envelope_lines(&belarus_prisoner(), &by()),
        [
            "Прыкладны Алесь",
            "ИК №4",
            "ул. Ефремова, 1",
            "246035, г. Гомель",
            "REPUBLIC OF BELARUS"
        ]
    );
    assert_eq!(
        envelope_lines(&russia_prisoner(), &ru())[0],
        "Примеров Иван Петрович, 1980 г. р."
    );
    assert_eq!(
        envelope_lines(&russia_prisoner(), &ru()).last().unwrap(),
        "RUSSIAN FEDERATION"
    );
}

#[test]
fn russian_letter_to_belarus_passes() {
    let d = check(LETTER_RU, "ru", &by());
    assert!(d.is_empty(), "{d:?}");
}

#[test]
fn english_letter_to_belarus_fails() {
    let d = check("Dear Ales, we think of you.\n", "en", &by());
    assert_eq!(d.errors(), 1);
    assert_eq!(
        d.0[0].message,
        "letters in `en` are discarded in BY: write in `ru` or `be`"
    );
}

#[test]
fn russian_letter_in_latin_script_fails() {
    let d = check(
        "Zdravstvujte, Ales! Pishu vam iz Krakova, u nas idet dozhd.\n",
        "ru",
        &by(),
    );
    assert_eq!(d.errors(), 1);
    assert!(d.0[0].message.contains("must be in Cyrillic"), "{d:?}");
}

#[test]
fn belarusian_letter_passes_in_belarus_and_fails_in_russia() {
    let be = "Добры дзень, Алесь!\nПішу вам з Кракава. У нас ідзе дождж, і я чытаю кнігу пра мора.\nЖадаю вам здароўя і цёплых дзён.\n";
    assert!(check(be, "be", &by()).is_empty());
    assert_eq!(check(be, "be", &ru()).errors(), 1);
    // Labelled Russian, written in Belarusian: Russia returns it.
    let d = check(be, "ru", &ru());
    assert_eq!(d.errors(), 1, "{d:?}");
    assert!(d.0[0].message.contains("reads as `be`"), "{d:?}");
    assert!(check(LETTER_RU, "ru", &ru()).is_empty());
}

#[test]
fn withheld_word_is_a_warning_with_line_and_text() {
    let text = format!("{LETTER_RU}Скорее бы ваша Свобода!\n");
    let d = check(&text, "ru", &by());
    assert_eq!((d.errors(), d.warnings()), (0, 1), "{d:?}");
    let w = &d.0[0];
    assert_eq!(w.severity, Severity::Warning);
    assert_eq!((w.line, w.column), (Some(4), Some(16)));
    assert_eq!(
        w.message,
        "`Свобода` (freedom) can get the letter withheld: «Скорее бы ваша Свобода!»"
    );
}

#[test]
fn withheld_words_match_stems_phrases_and_yo() {
    let hits = find_withheld_words(
        "Нет ВОЙНЕ.\nЖыве Беларусь!\nборьбё\nвоин и режиссёр\n",
        "ru",
        &by(),
    );
    let found: Vec<(usize, &str)> = hits.iter().map(|h| (h.line, h.text.as_str())).collect();
    assert_eq!(found, [(1, "ВОЙНЕ"), (2, "Жыве Беларусь"), (3, "борьбё")]);
    let be = find_withheld_words("За нашу і вашу свабоду", "be", &by());
    assert_eq!(be[0].topic, "freedom");
}

#[test]
fn letter_over_the_length_limit_fails() {
    let c = campaign("[countries.BY]\nmax_chars = 100\n");
    let by = rules_for(&c, "BY");
    assert!(
        check(
            &LETTER_RU[..LETTER_RU.char_indices().nth(90).unwrap().0],
            "ru",
            &by
        )
        .is_empty()
    );
    let d = check(LETTER_RU, "ru", &by);
    assert_eq!(d.errors(), 1);
    assert!(
        d.0[0]
            .message
            .starts_with("the letter has 117 characters and the limit for BY is 100"),
        "{}",
        d.0[0].message
    );
}

#[test]
fn everyday_words_are_not_flagged() {
    // Regression: "free time" and "daily" words were taken for "freedom" and "war".
    let text = "Как Вы проводите свободное время?\nВоин и режиссёр, судно и судьба.\nЯк вы бавіце вольны час?\n";
    assert!(find_withheld_words(text, "ru", &by()).is_empty());
    assert!(find_withheld_words(text, "be", &by()).is_empty());
}

#[test]
fn belarusian_names_in_a_russian_letter_to_russia_pass() {
    let text = "Здравствуйте, Иван!\nМы читали о книге, которую написал Алесь Бяляцкі. Бяляцкі пишет просто.\nВсего доброго.\n";
    assert!(check(text, "ru", &ru()).is_empty());
}
