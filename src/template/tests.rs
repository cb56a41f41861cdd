//! Tests of template loading and rendering on small template folders.

use std::path::Path;

use super::*;

fn folder(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let p = dir.path().join("templates").join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    dir
}

fn load_in(dir: &Path) -> (TemplateSet, crate::diag::Diagnostics) {
    load(&dir.join("templates"), dir)
}

const FRONT: &str = "+++\nsubject = \"For {{case.title}}\"\naudience = \"authorities\"\nkind = \"appeal\"\nlanguage = \"en\"\n+++\n";

#[test]
fn syntax_error_is_located_in_the_file() {
    let dir = folder(&[("appeal-en.txt.hbs", &format!("{FRONT}Dear {{{{name}},\n"))]);
    let (set, diags) = load_in(dir.path());
    assert!(set.templates().is_empty());
    let d = &diags.0[0];
    assert_eq!(d.file, Path::new("templates/appeal-en.txt.hbs"));
    assert_eq!(d.line, Some(7), "{d}");
    assert!(d.column.is_some(), "{d}");
}

#[test]
fn missing_value_names_template_position() {
    let body = "Dear {{recipient.name}},\n\n{{recipient.patronymic}}\n";
    let dir = folder(&[("appeal-en.txt.hbs", &format!("{FRONT}{body}"))]);
    let (set, diags) = load_in(dir.path());
    assert!(diags.is_empty(), "{diags:?}");
    let ctx = handlebars::Context::from(serde_json::json!({
        "recipient": {"name": "Anna"}, "case": {"title": "T"}
    }));
    let e = set.render(0, &ctx).unwrap_err();
    assert_eq!(e.file, Path::new("templates/appeal-en.txt.hbs"));
    assert_eq!((e.line, e.column), (Some(9), Some(1)));
    assert_eq!(e.missing.as_deref(), Some("recipient.patronymic"));
}

#[test]
fn subject_errors_point_into_the_front_matter() {
    let dir = folder(&[("appeal-en.txt.hbs", &format!("{FRONT}Hello\n"))]);
    let (set, _) = load_in(dir.path());
    let ctx = handlebars::Context::from(serde_json::json!({}));
    let e = set.render(0, &ctx).unwrap_err();
    // `subject = "For ` puts `{{case.title}}` at column 16 of line 2.
    assert_eq!((e.line, e.column), (Some(2), Some(16)), "{e:?}");
}

#[test]
fn html_escapes_and_text_does_not() {
    let dir = folder(&[
        (
            "appeal-en.txt.hbs",
            &format!("{FRONT}{{{{> sig}}}} {{{{x}}}}\n"),
        ),
        ("appeal-en.html.hbs", "<p>{{x}}</p>{{> sig-html}}"),
        ("partials/sig.txt.hbs", "A&B"),
        ("partials/sig-html.html.hbs", "<i>{{x}}</i>"),
    ]);
    let (set, diags) = load_in(dir.path());
    assert!(diags.is_empty(), "{diags:?}");
    let ctx = handlebars::Context::from(serde_json::json!({"x": "<b>", "case": {"title": "T"}}));
    let r = set.render(0, &ctx).unwrap();
    assert_eq!(r.text, "A&B <b>\n");
    assert_eq!(r.html.as_deref(), Some("<p>&lt;b&gt;</p><i>&lt;b&gt;</i>"));
    assert_eq!(r.subject.as_deref(), Some("For T"));
}

#[test]
fn partial_name_clash_and_orphan_html_are_reported() {
    let dir = folder(&[
        ("partials/address.txt.hbs", "a"),
        ("partials/address.html.hbs", "b"),
        ("lonely.html.hbs", "<p></p>"),
        ("notes.md", "x"),
    ]);
    let (_, diags) = load_in(dir.path());
    let text: Vec<String> = diags.0.iter().map(|d| d.to_string()).collect();
    assert_eq!(diags.errors(), 2, "{text:?}");
    assert_eq!(diags.warnings(), 1, "{text:?}");
    assert!(text.iter().any(|t| t.contains("address-html")), "{text:?}");
}

#[test]
fn most_specific_template_wins() {
    let general = FRONT.to_string();
    let specific = FRONT.replace("language", "cases = [\"b\"]\nlanguage");
    let dir = folder(&[
        ("a-general.txt.hbs", &format!("{general}x")),
        ("b-specific.txt.hbs", &format!("{specific}y")),
    ]);
    let (set, diags) = load_in(dir.path());
    assert!(diags.is_empty(), "{diags:?}");
    let kind = crate::manifest::LetterKind::Appeal;
    assert_eq!(set.find(kind, "en", "b"), Some(1));
    assert_eq!(set.find(kind, "en", "c"), Some(0));
    assert_eq!(set.find(kind, "ru", "c"), None);
}
