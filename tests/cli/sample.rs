//! The sample campaign at the repository root: it generates, greets prisoners by their given
//! name and signs with the volunteer's country in the letter's language.

use crate::support::Workspace;

/// The texts of the letters in `letters/DIR` whose file names start with `prefix`; at least one.
fn letters(ws: &Workspace, dir: &str, prefix: &str) -> Vec<String> {
    let folder = ws.path().join("letters").join(dir);
    let names: Vec<String> = std::fs::read_dir(&folder)
        .unwrap_or_else(|e| panic!("cannot list {dir}: {e}"))
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(prefix) && n.ends_with(".txt"))
        .collect();
    assert!(!names.is_empty(), "no letter {dir}/{prefix}*");
    names
        .iter()
        .map(|n| ws.read(&format!("letters/{dir}/{n}")))
        .collect()
}

/// The text of the one letter in `letters/DIR` whose file name starts with `prefix`.
fn letter(ws: &Workspace, dir: &str, prefix: &str) -> String {
    let mut found = letters(ws, dir, prefix);
    assert_eq!(found.len(), 1, "{dir}/{prefix}*");
    found.remove(0)
}

#[test]
fn sample_letters_greet_by_given_name_and_name_the_country() {
    let ws = Workspace::sample();
    ws.ok(&["generate", "--volunteer", "agnieszka-zielinska"]);
    let ru = letter(
        &ws,
        "solidarity/ru",
        "agnieszka-zielinska--tamara-viarbitskaya--",
    );
    assert!(ru.contains("\n\nДорогая Тамара!\n\n"), "{ru}");
    assert!(
        ru.ends_with("С теплом,\nAgnieszka Zielińska\nBiałystok, Польша\n"),
        "{ru}"
    );
    let ru = letter(
        &ws,
        "solidarity/ru",
        "agnieszka-zielinska--kiryl-bandarenka--",
    );
    assert!(ru.contains("\n\nДорогой Кирилл!\n\n"), "{ru}");
    for pl in letters(&ws, "appeal/pl", "agnieszka-zielinska--") {
        assert!(
            pl.contains("\nAgnieszka Zielińska\nBiałystok, Polska\n"),
            "{pl}"
        );
    }

    ws.ok(&["generate", "--volunteer", "malgorzata-dabrowska"]);
    let be = letter(
        &ws,
        "solidarity/be",
        "malgorzata-dabrowska--yauhen-sakovich--",
    );
    assert!(be.contains("\n\nДарагі Евгений!\n\n"), "{be}");
    assert!(be.ends_with("\nWarszawa, Польшча\n"), "{be}");
}

#[test]
fn without_given_name_the_sample_uses_the_neutral_greeting() {
    let ws = Workspace::sample();
    // Drop the `given_name_native` column (the fourth), as in files written before it existed.
    let csv: String = ws
        .read("recipients/prisoners.csv")
        .lines()
        .map(|line| {
            let (head, rest) = line.split_once(',').unwrap();
            let (name, rest) = rest.split_once(',').unwrap();
            let (native, rest) = rest.split_once(',').unwrap();
            let (_, rest) = rest.split_once(',').unwrap();
            format!("{head},{name},{native},{rest}\n")
        })
        .collect();
    assert!(!csv.contains("given_name_native"));
    ws.write("recipients/prisoners.csv", csv);
    ws.ok(&["generate", "--volunteer", "agnieszka-zielinska"]);
    let ru = letter(
        &ws,
        "solidarity/ru",
        "agnieszka-zielinska--tamara-viarbitskaya--",
    );
    assert!(ru.contains("\n\nДорогая подруга!\n\n"), "{ru}");
    let ru = letter(
        &ws,
        "solidarity/ru",
        "agnieszka-zielinska--kiryl-bandarenka--",
    );
    assert!(ru.contains("\n\nДорогой друг!\n\n"), "{ru}");
}
