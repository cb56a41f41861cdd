//! Tests of the recipient loaders, including property tests that no input panics.

use super::*;
use proptest::prelude::*;

fn load_volunteers(name: &str, text: &[u8]) -> (Vec<Volunteer>, Diagnostics) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    let mut diags = Diagnostics::default();
    let (out, _) = load_file(&path, dir.path(), RawVolunteer::validate, &mut diags);
    (out, diags)
}

#[test]
fn csv_with_bom_and_semicolons() {
    let text = "\u{feff}id;name;email;city;country;languages\nanna;Anna Nowak;anna@example.org;Kraków;pl;pl en\n";
    let (v, d) = load_volunteers("volunteers.csv", text.as_bytes());
    assert!(d.is_empty(), "{d:?}");
    assert_eq!(v[0].country, "PL");
    assert_eq!(v[0].languages, vec!["pl", "en"]);
    assert_eq!(v[0].source.line, 2);
}

#[test]
fn csv_errors_name_line_and_field() {
    let text = "id,name,email,city,country,languages\nanna,Anna,anna@example.org,Kraków,PL,pl\nbob,Bob,not-an-email,Berlin,DE,de\n";
    let (v, d) = load_volunteers("volunteers.csv", text.as_bytes());
    assert_eq!(v.len(), 1);
    let msg = d.0[0].to_string();
    assert_eq!(
        msg,
        "error: volunteers.csv:3: field `email`: `not-an-email` is not a valid email address"
    );
}

#[test]
fn unknown_column_is_an_error() {
    let text =
        "id,name,email,city,country,languages,shoe\nanna,Anna,anna@example.org,Kraków,PL,pl,42\n";
    let (_, d) = load_volunteers("volunteers.csv", text.as_bytes());
    assert!(d.0[0].message.contains("unknown field `shoe`"), "{:?}", d.0);
    assert_eq!(d.0[0].line, Some(2));
}

#[test]
fn json_errors_name_the_record_line() {
    let text = r#"[
  {"id": "anna", "name": "Anna", "email": "anna@example.org", "city": "Kraków", "country": "PL", "languages": ["pl"]},
  {"id": "bob", "name": "Bob", "email": "bob@example.org", "city": "Berlin", "country": "Germany", "languages": "de"}
]"#;
    let (v, d) = load_volunteers("volunteers.json", text.as_bytes());
    assert_eq!(v.len(), 1);
    assert_eq!(d.0[0].line, Some(3));
    assert_eq!(d.0[0].field.as_deref(), Some("country"));
}

#[test]
fn latin1_is_reported_not_garbled() {
    let bytes = b"id,name,email,city,country,languages\nj,J\xfcrgen,j@example.org,K\xf6ln,DE,de\n";
    let (v, d) = load_volunteers("volunteers.csv", bytes);
    assert!(v.is_empty());
    assert_eq!(d.0[0].line, Some(2));
    assert!(d.0[0].message.contains("UTF-8"));
}

#[test]
fn crlf_csv_records_keep_their_line() {
    // Regression: with CRLF line ends (Excel "CSV UTF-8") every record was placed a line early.
    let text = "id,name,email,city,country,languages\r\nanna,Anna,anna@example.org,Kraków,PL,pl\r\nbob,Bob,x,Berlin,DE,de\r\n";
    let (v, d) = load_volunteers("volunteers.csv", text.as_bytes());
    assert_eq!(v[0].source.line, 2);
    assert_eq!(d.0[0].line, Some(3), "{d:?}");
}

#[test]
fn sheet_errors_name_sheet_row_and_column_letter() {
    use crate::table::tests_support::{Cell, Sheet, t, xlsx};
    let sheet = Sheet::new(
        "Volunteers",
        vec![
            ["id", "name", "email", "city", "country", "languages"]
                .map(t)
                .to_vec(),
            ["anna", "Anna", "anna@example.org", "Kraków", "PL", "pl en"]
                .map(t)
                .to_vec(),
            vec![
                t("bob"),
                t("Bob"),
                t("bob-at-example"),
                t("Berlin"),
                t("DE"),
                Cell::Empty,
            ],
        ],
    );
    let (v, d) = load_volunteers("volunteers.xlsx", &xlsx(&[sheet]));
    assert_eq!(v.len(), 1);
    assert_eq!(
        v[0].source.to_string(),
        "volunteers.xlsx, sheet Volunteers, row 2"
    );
    let shown: Vec<String> = d.0.iter().map(ToString::to_string).collect();
    assert_eq!(
        shown,
        [
            "error: volunteers.xlsx, sheet Volunteers, row 3, column C (email): `bob-at-example` is not a valid email address",
            "error: volunteers.xlsx, sheet Volunteers, row 3, column F (languages): lists no language",
        ]
    );
}

fn load_prisoners(name: &str, text: &str) -> (Vec<Prisoner>, Diagnostics) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    let mut diags = Diagnostics::default();
    let (out, _) = load_file(&path, dir.path(), RawPrisoner::validate, &mut diags);
    (out, diags)
}

#[test]
fn given_name_native_is_optional_and_cleaned() {
    let head = "id,name,name_native,given_name_native,institution,street,postcode,town,country,languages,case\n";
    let text = format!(
        "{head}t,Tamara V,Вербицкая Тамара,\" Тамара\t\",ИК №4,ул. Антошкина 3,246035,г. Гомель,BY,ru,c\n\
         a,Ales B,Беляцкий Алесь,  ,ИК-9,ул. Добровольского 16,213410,г. Горки,BY,ru,c\n"
    );
    let (p, d) = load_prisoners("prisoners.csv", &text);
    assert!(d.is_empty(), "{d:?}");
    assert_eq!(p[0].given_name_native.as_deref(), Some("Тамара"));
    assert_eq!(p[1].given_name_native, None);

    // Files written before the column existed still load.
    let old = "id,name,name_native,institution,street,postcode,town,country,languages,case\n\
               t,Tamara V,Вербицкая Тамара,ИК №4,ул. Антошкина 3,246035,г. Гомель,BY,ru,c\n";
    let (p, d) = load_prisoners("prisoners.csv", old);
    assert!(d.is_empty(), "{d:?}");
    assert_eq!(p[0].given_name_native, None);

    let json = r#"[{"id": "t", "name": "Tamara V", "name_native": "Вербицкая Тамара",
        "given_name_native": "Тамара\nX", "institution": "ИК №4", "street": "ул. Антошкина, 3",
        "postcode": "246035", "town": "г. Гомель", "country": "BY", "languages": ["ru"], "case": "c"}]"#;
    let (p, d) = load_prisoners("prisoners.json", json);
    assert!(d.is_empty(), "{d:?}");
    // A line break could not reach a letter: it is folded like in every other text field.
    assert_eq!(p[0].given_name_native.as_deref(), Some("Тамара X"));
}

proptest! {
    #[test]
    fn csv_loader_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let _ = load_volunteers("volunteers.csv", &bytes);
    }

    #[test]
    fn csv_loader_never_panics_on_text(text in "(id|name|email|city|country|languages|[,;\"\n a-z@.]){0,60}") {
        let _ = load_volunteers("volunteers.csv", text.as_bytes());
    }

    #[test]
    fn json_loader_never_panics(text in "[\\[\\]{}\",:\n a-z0-9]{0,200}") {
        let _ = load_volunteers("volunteers.json", text.as_bytes());
    }

    // Record lines are counted on from the previous record (once over the file); they must
    // be the lines a count from the file's start gives.
    #[test]
    fn json_record_lines_are_those_counted_from_the_start(
        gaps in proptest::collection::vec("[ \n\t]{0,3}", 1..20),
    ) {
        let mut text = String::from("[");
        let mut expected = Vec::new();
        for (i, gap) in gaps.iter().enumerate() {
            if i > 0 {
                text.push(',');
            }
            text.push_str(gap);
            expected.push(text.matches('\n').count() + 1);
            text.push_str(&format!(
                "{{\"id\": \"v{i}\", \"name\": \"V {i}\",\n \"email\": \"v{i}@example.org\", \"city\": \"Kraków\", \"country\": \"PL\", \"languages\": \"pl\"}}"
            ));
        }
        text.push(']');
        let (v, d) = load_volunteers("volunteers.json", text.as_bytes());
        prop_assert!(d.is_empty(), "{d:?}");
        let lines: Vec<usize> = v.iter().map(|v| v.source.line).collect();
        prop_assert_eq!(lines, expected);
    }
}
