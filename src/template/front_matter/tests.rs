//! Tests of the front-matter splitter and parser, including property tests that no input
//! panics and every error is located inside the file.

use super::*;
use proptest::prelude::*;

const GOOD: &str = "+++\nsubject = \"Ales Bialiatski: {{case.title}}\"\naudience = \"authorities\"\nkind = \"appeal\"\nlanguage = \"en\"\ncases = [\"bialiatski\"]\n+++\nDear {{recipient.name}},\n";

#[test]
fn splits_and_parses_a_template() {
    let s = split(GOOD).unwrap();
    assert_eq!(s.body, "Dear {{recipient.name}},\n");
    assert_eq!(s.body_offset, 7);
    let fm = parse(s.front).unwrap();
    assert_eq!(fm.kind, LetterKind::Appeal);
    assert_eq!(fm.audience, Audience::Authorities);
    assert_eq!(fm.language, "en");
    assert!(fm.covers("bialiatski"));
    assert!(!fm.covers("other"));
    let subject = fm.subject.unwrap();
    assert_eq!(subject.text, "Ales Bialiatski: {{case.title}}");
    // `subject = "` is 11 characters: the text starts in column 12 of line 2.
    assert_eq!((subject.line, subject.column), (2, 12));
}

#[test]
fn windows_line_breaks_and_bom() {
    let text = "\u{feff}+++\r\naudience = \"prisoners\"\r\nkind = \"solidarity\"\r\nlanguage = \"ru\"\r\n+++\r\nПривет!\r\n";
    let s = split(text).unwrap();
    assert_eq!(s.body, "Привет!\r\n");
    assert_eq!(s.body_offset, 5);
    let fm = parse(s.front).unwrap();
    assert_eq!(fm.subject, None);
    assert_eq!(fm.cases, None);
}

#[test]
fn missing_front_matter_is_located_on_line_one() {
    let e = split("Dear {{name}}\n").unwrap_err();
    assert_eq!(e.line, 1);
    assert!(e.message.contains("+++"), "{}", e.message);
    let e = split("+++\nkind = \"appeal\"\n").unwrap_err();
    assert!(e.message.contains("not closed"), "{}", e.message);
}

#[test]
fn unknown_field_names_its_line() {
    let text = "+++\naudience = \"prisoners\"\nkind = \"solidarity\"\nlanguage = \"ru\"\ncolour = \"red\"\n+++\n";
    let errors = parse(split(text).unwrap().front).unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].line, 5, "{errors:?}");
    assert!(errors[0].message.contains("colour"), "{errors:?}");
}

#[test]
fn every_validation_problem_is_reported() {
    let text = "+++\nsubject = \"  \"\naudience = \"prisoners\"\nkind = \"appeal\"\nlanguage = \"English\"\ncases = [\"Bad Id\"]\n+++\n";
    let errors = parse(split(text).unwrap().front).unwrap_err();
    let lines: Vec<usize> = errors.iter().map(|e| e.line).collect();
    assert_eq!(lines, vec![2, 3, 5, 6], "{errors:?}");
    assert!(errors[1].message.contains("`authorities`"), "{errors:?}");
}

#[test]
fn bad_enum_value_is_located() {
    let text = "+++\naudience = \"prisoners\"\nkind = \"postcard\"\nlanguage = \"ru\"\n+++\n";
    let errors = parse(split(text).unwrap().front).unwrap_err();
    assert_eq!(errors[0].line, 3, "{errors:?}");
}

#[test]
fn multi_line_subject_starts_after_its_quotes() {
    let text = "+++\nsubject = '''Hello {{x}}'''\naudience = \"prisoners\"\nkind = \"solidarity\"\nlanguage = \"ru\"\n+++\n";
    let fm = parse(split(text).unwrap().front).unwrap();
    let subject = fm.subject.unwrap();
    assert_eq!((subject.line, subject.column), (2, 14));
}

proptest! {
    #[test]
    fn never_panics_and_errors_are_inside_the_file(text in "(\\+\\+\\+\n)?[a-z =\"\\[\\]\n+{}é]{0,200}(\n\\+\\+\\+\n)?.{0,20}") {
        let lines = text.split('\n').count();
        match split(&text) {
            Ok(s) => {
                prop_assert!(s.body_offset >= 2 && s.body_offset <= lines);
                if let Err(errors) = parse(s.front) {
                    prop_assert!(!errors.is_empty());
                    for e in errors {
                        prop_assert!(e.line >= 2 && e.line <= s.body_offset, "{e:?} in {text:?}");
                    }
                }
            }
            Err(e) => prop_assert_eq!(e.line, 1),
        }
    }

    #[test]
    fn any_text_never_panics(text in ".*") {
        if let Ok(s) = split(&text) {
            let _ = parse(s.front);
        }
    }
}
