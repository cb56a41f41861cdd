//! The built-in rules: Belarus and Russia, and a permissive default for other countries. The
//! word lists are a starting point that campaign files extend (`[countries.XX.withheld]`).

use std::collections::BTreeMap;

use super::{AddressFormat, CountryRules, Script, Topic};

/// The built-in rules for `country` (upper-case ISO code).
pub fn builtin(country: &str) -> CountryRules {
    match country {
        "BY" => belarus(),
        "RU" => russia(),
        other => CountryRules {
            country: other.to_string(),
            languages: Vec::new(),
            address: AddressFormat {
                script: Script::Any,
                postcode_digits: None,
                country_line: other.to_string(),
                patronymic: false,
                birth_year: false,
            },
            max_chars: None,
            withheld: BTreeMap::new(),
            enclose: Vec::new(),
            postage: None,
        },
    }
}

fn belarus() -> CountryRules {
    CountryRules {
        country: "BY".to_string(),
        languages: vec!["ru".to_string(), "be".to_string()],
        address: AddressFormat {
            script: Script::Cyrillic,
            postcode_digits: Some(6),
            country_line: "REPUBLIC OF BELARUS".to_string(),
            patronymic: false,
            birth_year: false,
        },
        max_chars: Some(3000),
        withheld: topics(),
        enclose: enclose(),
        postage: Some(
            "An ordinary international letter (up to 20 g: one envelope, two or three sheets). \
             Registered post costs more but gives a tracking number. Write your own name and \
             address on the back in Latin letters."
                .to_string(),
        ),
    }
}

fn russia() -> CountryRules {
    CountryRules {
        country: "RU".to_string(),
        languages: vec!["ru".to_string()],
        address: AddressFormat {
            script: Script::Cyrillic,
            postcode_digits: Some(6),
            country_line: "RUSSIAN FEDERATION".to_string(),
            patronymic: true,
            birth_year: true,
        },
        max_chars: Some(3000),
        withheld: topics(),
        enclose: enclose(),
        postage: Some(
            "An ordinary international letter (up to 20 g). Letters in any language other than \
             Russian are returned. Write your own name and address on the back in Latin letters."
                .to_string(),
        ),
    }
}

fn enclose() -> Vec<String> {
    vec![
        "two blank sheets of paper for the reply".to_string(),
        "a blank envelope for the reply (stamps from your country cannot be used there)"
            .to_string(),
    ]
}

/// Topic name, Russian patterns, Belarusian patterns.
const TOPICS: &[(&str, &[&str], &[&str])] = &[
    (
        "freedom",
        // Noun forms only: the adjective (free time, a free seat) is everyday language.
        &[
            "свобода",
            "свободы",
            "свободу",
            "свободе",
            "свободой",
            "освобожд*",
            "освобод*",
        ],
        &[
            "свабода",
            "свабоды",
            "свабоду",
            "свабодзе",
            "свабодай",
            "вызвален*",
            "вызваліц*",
        ],
    ),
    (
        "fight",
        &["борьб*", "бороть*", "борец", "борц*", "сопротивлен*"],
        &["барацьб*", "змаг*", "барацьбіт*", "супраціў*"],
    ),
    (
        "war",
        &[
            "войн*",
            "военн*",
            "сво",
            "спецоперац*",
            "мобилизац*",
            "украин*",
        ],
        &["вайн*", "ваенн*", "мабілізац*", "украін*"],
    ),
    ("regime", &["режим*"], &["рэжым*"]),
    (
        "politics",
        &[
            "политзаключ*",
            "политическ*",
            "политик*",
            "репресс*",
            "диктат*",
            "протест*",
            "революц*",
            "митинг*",
            "оппозиц*",
            "выборы",
            "выборов",
            "выборах",
            "экстремист*",
            "террорист*",
        ],
        &[
            "палітвязн*",
            "палітычн*",
            "палітык*",
            "рэпрэс*",
            "дыктат*",
            "пратэст*",
            "рэвалюц*",
            "мітынг*",
            "апазіц*",
            "выбары",
            "выбараў",
            "выбарах",
            "экстрэміст*",
            "тэрарыст*",
        ],
    ),
    (
        "the case",
        &[
            "приговор*",
            "обвинен*",
            "уголовн*",
            "незаконн*",
            "суд",
            "суда",
            "суде",
            "судом",
        ],
        &[
            "прысуд*",
            "абвінавач*",
            "крымінальн*",
            "незаконн*",
            "суд",
            "суда",
            "судзе",
            "судом",
        ],
    ),
    (
        "political names",
        &["лукашенк*", "путин*", "тихановск*", "навальн*", "зеленск*"],
        &["лукашэнк*", "пуцін*", "ціханоўск*", "навальн*", "зяленск*"],
    ),
    (
        "coded language",
        &[
            "жыве беларусь",
            "жыве вечна",
            "слава украине",
            "бчб",
            "бело-красно-бел*",
        ],
        &[
            "жыве беларусь",
            "жыве вечна",
            "слава украіне",
            "бчб",
            "бел-чырвона-бел*",
        ],
    ),
    (
        "insults to officials",
        &[
            "силовик*",
            "омон*",
            "кгб",
            "фсб",
            "гэбист*",
            "фашист*",
            "палач*",
            "узурпатор*",
            "карател*",
        ],
        &[
            "сілавік*",
            "амап*",
            "кдб",
            "гэбіст*",
            "фашыст*",
            "кат",
            "каты",
            "катаў",
            "узурпатар*",
            "карнік*",
        ],
    ),
];

fn topics() -> BTreeMap<String, Topic> {
    TOPICS
        .iter()
        .map(|(name, ru, be)| {
            let mut words = BTreeMap::new();
            words.insert("ru".to_string(), ru.iter().map(|s| s.to_string()).collect());
            words.insert("be".to_string(), be.iter().map(|s| s.to_string()).collect());
            (name.to_string(), Topic { words })
        })
        .collect()
}
