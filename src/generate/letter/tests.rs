//! Tests of letter identity and manifest lines.

use std::path::Path;

use super::*;
use crate::generate::{Filters, Plan};
use crate::workspace::Workspace;

#[test]
fn every_field_serializes_like_the_manifest_entry() {
    let party = PartyRef {
        id: "p",
        role: Role::Prisoner,
        name: "P",
        email: Some("p@example.org"),
        country: "BY",
    };
    let letter = Letter {
        id: "0123456789abcdef".into(),
        template: "t",
        kind: LetterKind::Solidarity,
        language: "ru",
        case: "c",
        prisoner: "p",
        recipient: party,
        sender: PartyRef {
            role: Role::Volunteer,
            ..party
        },
        channel: Channel::Post,
        subject: "s".into(),
        path: "a.txt".into(),
        html_path: Some("a.html".into()),
        translation_path: Some("a.en.txt".into()),
    };
    let mut owned = Vec::new();
    crate::manifest::write_entry(&mut owned, &letter.to_entry()).unwrap();
    assert_eq!(letter.manifest_line(), owned);
}

#[test]
fn manifest_lines_match_the_manifest_format() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic");
    let (inputs, _) = Inputs::load(Workspace::open(&root).unwrap());
    let filters = Filters::default();
    let plan = Plan::new(&inputs, &filters).unwrap();
    let producer = Producer::new(&inputs);
    let mut n = 0;
    for p in plan.letters() {
        let (letter, _) = producer.render_with(&mut producer.cache(), &p).unwrap();
        let mut owned = Vec::new();
        crate::manifest::write_entry(&mut owned, &letter.to_entry()).unwrap();
        assert_eq!(
            String::from_utf8(letter.manifest_line()).unwrap(),
            String::from_utf8(owned).unwrap()
        );
        n += 1;
    }
    assert_eq!(n, 13);
}

proptest::proptest! {
    #[test]
    fn lines_escape_like_serde_json(
        name in "(.|[\\x00-\\x1f\"\\\\])*",
        subject in "(.|[\\x00-\\x1f\"\\\\])*",
        email in proptest::option::of("[a-z\"\\\\\\x7f]*"),
    ) {
        let party = PartyRef {
            id: &name,
            role: Role::Authority,
            name: &name,
            email: email.as_deref(),
            country: "RU",
        };
        let letter = Letter {
            id: "0123456789abcdef".into(),
            template: &name,
            kind: LetterKind::Appeal,
            language: "ru",
            case: "c",
            prisoner: "",
            recipient: party,
            sender: PartyRef { role: Role::Volunteer, email: None, ..party },
            channel: Channel::Email,
            subject: subject.clone(),
            path: name.clone(),
            html_path: None,
            translation_path: email.clone(),
        };
        let mut owned = Vec::new();
        crate::manifest::write_entry(&mut owned, &letter.to_entry()).unwrap();
        proptest::prop_assert_eq!(letter.manifest_line(), owned);
    }
}
