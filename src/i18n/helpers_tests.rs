use handlebars::{Handlebars, no_escape};
use proptest::prelude::*;
use serde_json::{Value, json};

use super::register_helpers;

fn registry(strict: bool) -> Handlebars<'static> {
    let mut hb = Handlebars::new();
    hb.set_strict_mode(strict);
    hb.register_escape_fn(no_escape);
    register_helpers(&mut hb);
    hb
}

fn context() -> Value {
    json!({
        "letter": {"language": "ru", "date": "2026-08-04"},
        "prisoner": {"detained": "2025-06-19", "born": "1962-09-25", "gender": "f"},
    })
}

fn render(template: &str, data: &Value) -> Result<String, String> {
    registry(true)
        .render_template(template, data)
        .map_err(|e| e.to_string())
}

fn render_ok(template: &str) -> String {
    render(template, &context()).unwrap_or_else(|e| panic!("{template}: {e}"))
}

fn render_err(template: &str) -> String {
    match render(template, &context()) {
        Ok(out) => panic!("{template} rendered {out:?}"),
        Err(e) => e,
    }
}

#[test]
fn renders_a_russian_letter() {
    let template = "Сегодня {{date letter.date}}, вы {{gender prisoner.gender \"провёл\" \"провела\"}} \
        за решёткой {{count (days_since prisoner.detained) \"день\" \"дня\" \"дней\"}}, \
        с {{date prisoner.detained format=\"short\"}}. Вам {{years_since prisoner.born}} \
        {{plural (years_since prisoner.born) \"год\" \"года\" \"лет\"}}. {{upper \"Republic of Belarus\"}}";
    assert_eq!(
        render_ok(template),
        "Сегодня 4 августа 2026 г., вы провела за решёткой 411 дней, с 19.06.2025. \
         Вам 63 года. REPUBLIC OF BELARUS"
    );
}

#[test]
fn lang_option_overrides_the_letter_language() {
    assert_eq!(
        render_ok(r#"{{date letter.date lang="pl"}}"#),
        "4 sierpnia 2026 r."
    );
    assert_eq!(
        render_ok(r#"{{date letter.date lang="de" format="short"}}"#),
        "04.08.2026"
    );
    assert_eq!(
        render_ok(r#"{{count 1234 "letter" "letters" lang="en"}}"#),
        "1,234 letters"
    );
    assert_eq!(
        render_ok(r#"{{count 22 "list" "listy" "listów" lang="pl"}}"#),
        "22 listy"
    );
    assert_eq!(
        render_ok(r#"{{count 1234 "день" "дня" "дней"}}"#),
        "1\u{a0}234 дня"
    );
    assert_eq!(
        render_ok(r#"{{date "2026-08-04" lang="fr"}}"#),
        "4 August 2026"
    );
}

#[test]
fn country_names_in_the_letter_language() {
    assert_eq!(render_ok(r#"{{country "PL"}}"#), "Польша");
    assert_eq!(render_ok(r#"{{country "pl" lang="pl"}}"#), "Polska");
    assert_eq!(render_ok(r#"{{country "DE" lang="be"}}"#), "Германія");
    // A country missing from the table is printed as its code rather than failing the letter.
    assert_eq!(render_ok(r#"{{country "BR"}}"#), "BR");
    let err = render_err("{{country prisoner.homeland}}");
    assert!(err.contains("prisoner.homeland"), "{err}");
}

#[test]
fn gender_forms() {
    assert_eq!(
        render_ok(r#"{{gender "m" "дорогой" "дорогая"}}"#),
        "дорогой"
    );
    assert_eq!(
        render_ok(r#"{{gender "F" "дорогой" "дорогая"}}"#),
        "дорогая"
    );
    assert_eq!(
        render_ok(r#"{{gender "x" "дорогой" "дорогая"}}"#),
        "дорогой/дорогая"
    );
    assert_eq!(
        render_ok(r#"{{gender "x" "Lieber" "Liebe" "Liebe*r"}}"#),
        "Liebe*r"
    );
}

#[test]
fn errors_name_the_helper_and_the_value() {
    let cases = [
        (
            r#"{{date "2026-13-01"}}"#,
            "`date`: `2026-13-01` is not a date like 2026-08-04",
        ),
        (
            r#"{{date letter.date format="iso"}}"#,
            "`date`: format `iso` is not",
        ),
        (
            "{{days_since \"2026-08-05\"}}",
            "`days_since`: 2026-08-05 is after the letter date",
        ),
        ("{{years_since 42}}", "`years_since`: 42 is not a date"),
        (
            r#"{{plural 2 "день" "дней"}}"#,
            "`plural`: `ru` needs 3 forms (one, few, many), got 2",
        ),
        (
            r#"{{plural 2 "a" "b" "c" lang="en"}}"#,
            "`plural`: `en` needs 2 forms (one, other), got 3",
        ),
        (
            r#"{{plural -3 "a" "b" "c"}}"#,
            "`plural`: -3 is not a whole number",
        ),
        (
            r#"{{count "many" "a" "b" "c"}}"#,
            "`count`: `many` is not a whole number",
        ),
        (r#"{{gender "q" "a" "b"}}"#, "`gender`: `q` is not a gender"),
        ("{{upper 7}}", "`upper`: 7 is not text"),
        ("{{country 48}}", "`country`: 48 is not text"),
        (
            r#"{{country "PL" "DE"}}"#,
            "`country`: expected {{country code",
        ),
        ("{{date}}", "`date`: expected {{date value"),
        (
            r#"{{upper "a" "b"}}"#,
            "`upper`: expected {{upper text}}, got 2 parameters",
        ),
        (
            r#"{{date letter.date fromat="short"}}"#,
            "`date`: unknown option `fromat`",
        ),
    ];
    for (template, want) in cases {
        let got = render_err(template);
        assert!(got.contains(want), "{template}: {got}");
    }
}

#[test]
fn missing_context_fields_are_errors() {
    let no_letter = json!({"prisoner": {"detained": "2025-06-19"}});
    let got = render("{{days_since prisoner.detained}}", &no_letter).unwrap_err();
    assert!(
        got.contains("`days_since`: the context has no `letter.date`"),
        "{got}"
    );
    let got = render(r#"{{date prisoner.detained}}"#, &no_letter).unwrap_err();
    assert!(got.contains("`date`: no language"), "{got}");
    let bad_date = json!({"letter": {"language": "ru", "date": "4.8.2026"}});
    let got = render(r#"{{days_since "2025-06-19"}}"#, &bad_date).unwrap_err();
    assert!(
        got.contains("`letter.date` `4.8.2026` is not a date"),
        "{got}"
    );
    // Without strict mode the helper itself reports the missing field.
    let got = registry(false)
        .render_template("{{date prisoner.released}}", &context())
        .unwrap_err()
        .to_string();
    assert!(
        got.contains("`date`: `prisoner.released` is missing"),
        "{got}"
    );
}

const HELPERS: [&str; 8] = [
    "date",
    "days_since",
    "years_since",
    "plural",
    "count",
    "gender",
    "upper",
    "country",
];

fn any_json() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        ".{0,12}".prop_map(Value::from),
        "[0-9]{4}-[0-9]{2}-[0-9]{2}".prop_map(Value::from),
        "[mfxMFX ]{0,2}".prop_map(Value::from),
        prop::collection::vec(any::<u8>(), 0..3).prop_map(|v| json!(v)),
    ]
}

proptest! {
    /// Any helper with any arguments, options and context renders or errors, never panics.
    #[test]
    fn helpers_never_panic(
        helper in 0..HELPERS.len(),
        arity in 0usize..6,
        args in prop::collection::vec(any_json(), 6),
        lang in any_json(),
        letter_date in any_json(),
        with_letter in any::<bool>(),
        hash in prop::sample::select(vec!["", " lang=v0", " format=v1", " format=\"short\"", " other=1"]),
        strict in any::<bool>(),
    ) {
        let params: String = (0..arity).map(|i| format!(" v{i}")).collect();
        let template = format!("{{{{{}{params}{hash}}}}}", HELPERS[helper]);
        let mut data = json!({"v0": args[0], "v1": args[1], "v2": args[2], "v3": args[3], "v4": args[4]});
        if with_letter {
            data["letter"] = json!({"language": lang, "date": letter_date});
        }
        let _ = registry(strict).render_template(&template, &data);
    }

    #[test]
    fn pure_functions_never_panic(n in any::<u64>(), lang in ".{0,8}", days in -3_000_000i32..3_000_000) {
        let d = time::Date::from_julian_day(days).unwrap_or(time::Date::MIN);
        let _ = super::super::plural_category(n, &lang);
        let _ = super::super::group_number(n, &lang);
        let _ = super::super::long_date(d, &lang);
        let _ = super::super::short_date(d, &lang);
        let _ = super::super::whole_years(d, time::Date::MAX);
        let _ = super::super::days_between(time::Date::MIN, d);
        let _ = super::super::parse_iso_date(&lang);
        let _ = super::super::country_name(&lang, &lang);
    }
}
