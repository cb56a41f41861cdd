//! Country names in the letter languages (en, de, pl, ru, be, uk), for signatures such as
//! `Kraków, Polska` or `Kraków, Польша`.
//!
//! The table covers the countries a European or post-Soviet campaign meets: the European
//! Union, its neighbours, the former Soviet republics and a few more. Names are the short
//! forms people write on a letter (`Germany`, not `Federal Republic of Germany`).

use super::Lang;

/// One country: ISO 3166-1 alpha-2 code, then its name in en, de, pl, ru, be and uk.
type Row = (&'static str, [&'static str; 6]);

#[rustfmt::skip]
static COUNTRIES: &[Row] = &[
    ("AL", ["Albania", "Albanien", "Albania", "Албания", "Албанія", "Албанія"]),
    ("AM", ["Armenia", "Armenien", "Armenia", "Армения", "Арменія", "Вірменія"]),
    ("AT", ["Austria", "Österreich", "Austria", "Австрия", "Аўстрыя", "Австрія"]),
    ("AU", ["Australia", "Australien", "Australia", "Австралия", "Аўстралія", "Австралія"]),
    ("AZ", ["Azerbaijan", "Aserbaidschan", "Azerbejdżan", "Азербайджан", "Азербайджан", "Азербайджан"]),
    ("BA", ["Bosnia and Herzegovina", "Bosnien und Herzegowina", "Bośnia i Hercegowina", "Босния и Герцеговина", "Боснія і Герцагавіна", "Боснія і Герцеговина"]),
    ("BE", ["Belgium", "Belgien", "Belgia", "Бельгия", "Бельгія", "Бельгія"]),
    ("BG", ["Bulgaria", "Bulgarien", "Bułgaria", "Болгария", "Балгарыя", "Болгарія"]),
    ("BY", ["Belarus", "Belarus", "Białoruś", "Беларусь", "Беларусь", "Білорусь"]),
    ("CA", ["Canada", "Kanada", "Kanada", "Канада", "Канада", "Канада"]),
    ("CH", ["Switzerland", "Schweiz", "Szwajcaria", "Швейцария", "Швейцарыя", "Швейцарія"]),
    ("CY", ["Cyprus", "Zypern", "Cypr", "Кипр", "Кіпр", "Кіпр"]),
    ("CZ", ["Czechia", "Tschechien", "Czechy", "Чехия", "Чэхія", "Чехія"]),
    ("DE", ["Germany", "Deutschland", "Niemcy", "Германия", "Германія", "Німеччина"]),
    ("DK", ["Denmark", "Dänemark", "Dania", "Дания", "Данія", "Данія"]),
    ("EE", ["Estonia", "Estland", "Estonia", "Эстония", "Эстонія", "Естонія"]),
    ("ES", ["Spain", "Spanien", "Hiszpania", "Испания", "Іспанія", "Іспанія"]),
    ("FI", ["Finland", "Finnland", "Finlandia", "Финляндия", "Фінляндыя", "Фінляндія"]),
    ("FR", ["France", "Frankreich", "Francja", "Франция", "Францыя", "Франція"]),
    ("GB", ["United Kingdom", "Vereinigtes Königreich", "Wielka Brytania", "Великобритания", "Вялікабрытанія", "Велика Британія"]),
    ("GE", ["Georgia", "Georgien", "Gruzja", "Грузия", "Грузія", "Грузія"]),
    ("GR", ["Greece", "Griechenland", "Grecja", "Греция", "Грэцыя", "Греція"]),
    ("HR", ["Croatia", "Kroatien", "Chorwacja", "Хорватия", "Харватыя", "Хорватія"]),
    ("HU", ["Hungary", "Ungarn", "Węgry", "Венгрия", "Венгрыя", "Угорщина"]),
    ("IE", ["Ireland", "Irland", "Irlandia", "Ирландия", "Ірландыя", "Ірландія"]),
    ("IL", ["Israel", "Israel", "Izrael", "Израиль", "Ізраіль", "Ізраїль"]),
    ("IS", ["Iceland", "Island", "Islandia", "Исландия", "Ісландыя", "Ісландія"]),
    ("IT", ["Italy", "Italien", "Włochy", "Италия", "Італія", "Італія"]),
    ("JP", ["Japan", "Japan", "Japonia", "Япония", "Японія", "Японія"]),
    ("KG", ["Kyrgyzstan", "Kirgisistan", "Kirgistan", "Киргизия", "Кыргызстан", "Киргизстан"]),
    ("KZ", ["Kazakhstan", "Kasachstan", "Kazachstan", "Казахстан", "Казахстан", "Казахстан"]),
    ("LI", ["Liechtenstein", "Liechtenstein", "Liechtenstein", "Лихтенштейн", "Ліхтэнштэйн", "Ліхтенштейн"]),
    ("LT", ["Lithuania", "Litauen", "Litwa", "Литва", "Літва", "Литва"]),
    ("LU", ["Luxembourg", "Luxemburg", "Luksemburg", "Люксембург", "Люксембург", "Люксембург"]),
    ("LV", ["Latvia", "Lettland", "Łotwa", "Латвия", "Латвія", "Латвія"]),
    ("MD", ["Moldova", "Moldau", "Mołdawia", "Молдова", "Малдова", "Молдова"]),
    ("ME", ["Montenegro", "Montenegro", "Czarnogóra", "Черногория", "Чарнагорыя", "Чорногорія"]),
    ("MK", ["North Macedonia", "Nordmazedonien", "Macedonia Północna", "Северная Македония", "Паўночная Македонія", "Північна Македонія"]),
    ("MT", ["Malta", "Malta", "Malta", "Мальта", "Мальта", "Мальта"]),
    ("NL", ["Netherlands", "Niederlande", "Holandia", "Нидерланды", "Нідэрланды", "Нідерланди"]),
    ("NO", ["Norway", "Norwegen", "Norwegia", "Норвегия", "Нарвегія", "Норвегія"]),
    ("NZ", ["New Zealand", "Neuseeland", "Nowa Zelandia", "Новая Зеландия", "Новая Зеландыя", "Нова Зеландія"]),
    ("PL", ["Poland", "Polen", "Polska", "Польша", "Польшча", "Польща"]),
    ("PT", ["Portugal", "Portugal", "Portugalia", "Португалия", "Партугалія", "Португалія"]),
    ("RO", ["Romania", "Rumänien", "Rumunia", "Румыния", "Румынія", "Румунія"]),
    ("RS", ["Serbia", "Serbien", "Serbia", "Сербия", "Сербія", "Сербія"]),
    ("RU", ["Russia", "Russland", "Rosja", "Россия", "Расія", "Росія"]),
    ("SE", ["Sweden", "Schweden", "Szwecja", "Швеция", "Швецыя", "Швеція"]),
    ("SI", ["Slovenia", "Slowenien", "Słowenia", "Словения", "Славенія", "Словенія"]),
    ("SK", ["Slovakia", "Slowakei", "Słowacja", "Словакия", "Славакія", "Словаччина"]),
    ("TJ", ["Tajikistan", "Tadschikistan", "Tadżykistan", "Таджикистан", "Таджыкістан", "Таджикистан"]),
    ("TM", ["Turkmenistan", "Turkmenistan", "Turkmenistan", "Туркменистан", "Туркменістан", "Туркменістан"]),
    ("TR", ["Türkiye", "Türkei", "Turcja", "Турция", "Турцыя", "Туреччина"]),
    ("UA", ["Ukraine", "Ukraine", "Ukraina", "Украина", "Украіна", "Україна"]),
    ("US", ["United States", "Vereinigte Staaten", "Stany Zjednoczone", "США", "ЗША", "США"]),
    ("UZ", ["Uzbekistan", "Usbekistan", "Uzbekistan", "Узбекистан", "Узбекістан", "Узбекистан"]),
];

/// The name of the country with ISO code `code` (any case; `UK` and `EL`, the EU's codes for
/// the United Kingdom and Greece, work too) in language `lang`, or `None` for a country not
/// in the table. Unsupported languages get the English name, as dates and numbers do.
pub fn country_name(code: &str, lang: &str) -> Option<&'static str> {
    let code = code.trim().to_ascii_uppercase();
    let code = match code.as_str() {
        "UK" => "GB",
        "EL" => "GR",
        other => other,
    };
    // The table is sorted by code (a unit test keeps it so).
    let i = COUNTRIES.binary_search_by(|(c, _)| (*c).cmp(code)).ok()?;
    let column = match Lang::or_english(lang) {
        Lang::En => 0,
        Lang::De => 1,
        Lang::Pl => 2,
        Lang::Ru => 3,
        Lang::Be => 4,
        Lang::Uk => 5,
    };
    Some(COUNTRIES[i].1[column])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_without_duplicates() {
        for pair in COUNTRIES.windows(2) {
            assert!(pair[0].0 < pair[1].0, "{} before {}", pair[0].0, pair[1].0);
        }
    }

    #[test]
    fn names_in_every_language() {
        assert_eq!(country_name("PL", "en"), Some("Poland"));
        assert_eq!(country_name("PL", "de"), Some("Polen"));
        assert_eq!(country_name("PL", "pl"), Some("Polska"));
        assert_eq!(country_name("PL", "ru"), Some("Польша"));
        assert_eq!(country_name("PL", "be"), Some("Польшча"));
        assert_eq!(country_name("PL", "uk"), Some("Польща"));
        assert_eq!(country_name("BY", "uk"), Some("Білорусь"));
        assert_eq!(country_name("DE", "ru-BY"), Some("Германия"));
    }

    #[test]
    fn the_campaign_countries_are_all_there() {
        let eu = "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE";
        let more = "GB NO CH IS UA BY RU GE AM AZ MD KZ KG TJ UZ US CA AU NZ IL TR JP";
        for code in eu.split(' ').chain(more.split(' ')) {
            for lang in ["en", "de", "pl", "ru", "be", "uk"] {
                let name = country_name(code, lang);
                assert!(name.is_some_and(|n| !n.is_empty()), "{code} in {lang}");
            }
        }
    }

    #[test]
    fn codes_in_any_case_and_eu_aliases() {
        assert_eq!(country_name(" se ", "de"), Some("Schweden"));
        assert_eq!(country_name("UK", "pl"), Some("Wielka Brytania"));
        assert_eq!(country_name("el", "en"), Some("Greece"));
    }

    #[test]
    fn unknown_countries_are_none_and_unknown_languages_english() {
        assert_eq!(country_name("ZZ", "en"), None);
        assert_eq!(country_name("", "ru"), None);
        assert_eq!(country_name("POL", "pl"), None);
        assert_eq!(country_name("CZ", "cs"), Some("Czechia"));
    }
}
