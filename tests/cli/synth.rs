//! Synthetic campaigns for assignment and pack tests: fictional prisoners and volunteers in any
//! number, written as the recipient files a campaign keeps.

#![allow(dead_code)]

use crate::support::Workspace;

/// The campaign file of a synthetic workspace; `extra` is appended.
pub fn campaign(extra: &str) -> String {
    format!(
        "id = \"synthetic\"\nname = \"Synthetic marathon\"\nstarts = 2026-08-04\nends = 2026-08-18\n\
         [sender]\nname = \"Example group\"\nemail = \"letters@example.org\"\n\
         report_to = \"reports@example.org\"\n\
         [[cases]]\nid = \"case-1\"\ntitle = \"Case one\"\n{extra}"
    )
}

/// The header of `recipients/prisoners.csv`.
pub const PRISONER_HEADER: &str = "id,name,name_native,patronymic,gender,birth_date,institution,street,postcode,town,country,languages,detained,case,status";

/// The header of `recipients/volunteers.csv`.
pub const VOLUNTEER_HEADER: &str = "id,name,email,city,country,languages,group";

/// `id` spelt in Cyrillic letters (digits kept), so that native names stay in one script.
pub fn cyrillic(id: &str) -> String {
    const LATIN: &str = "abcdefghijklmnopqrstuvwxyz";
    const CYRILLIC: &str = "абцдефгхийклмнопярстуввхыз";
    id.chars()
        .map(|c| match LATIN.find(c) {
            Some(i) => CYRILLIC.chars().nth(i).unwrap_or(c),
            None => c,
        })
        .collect()
}

/// A prisoner row held in Belarus.
pub fn belarus_row(id: &str, languages: &str, birth_date: &str, status: &str) -> String {
    let cyr = cyrillic(id);
    format!(
        "{id},Ales {id},Прыкладны Алесь {cyr},,m,{birth_date},ИК №4,ул. Ефремова 1,246035,г. Гомель,BY,{languages},2021-07-14,case-1,{status}"
    )
}

/// A prisoner row held in Russia.
pub fn russia_row(id: &str, status: &str) -> String {
    let cyr = cyrillic(id);
    format!(
        "{id},Ivan {id},Примеров Иван {cyr},Петрович,m,1980-03-02,ФКУ ИК-2,ул. Лесная 5,150000,г. Ярославль,RU,ru,2022-02-24,case-1,{status}"
    )
}

/// A volunteer row.
pub fn volunteer_row(id: &str, languages: &str) -> String {
    format!("{id},Volunteer {id},{id}@example.org,Kraków,PL,{languages},")
}

/// Prepared texts and translations, just enough to make bilingual letters possible.
pub fn write_prepared(ws: &Workspace) {
    for lang in ["ru", "be"] {
        ws.write(
            &format!("templates/prepared/solidarity-{lang}.txt.hbs"),
            format!("+++\naudience = \"prisoners\"\nkind = \"solidarity\"\nlanguage = \"{lang}\"\n+++\nЗдравствуйте!\n"),
        );
        ws.write(
            &format!("templates/prepared/en/solidarity-{lang}.txt.hbs"),
            "+++\naudience = \"prisoners\"\nkind = \"solidarity\"\nlanguage = \"en\"\n+++\nHello!\n",
        );
    }
}

/// A workspace with `prisoners` and `volunteers` rows, prepared texts, and `extra` campaign
/// settings.
pub fn workspace(prisoners: &[String], volunteers: &[String], extra: &str) -> Workspace {
    let ws = Workspace::empty();
    ws.write("campaign.toml", campaign(extra));
    ws.write(
        "recipients/prisoners.csv",
        format!("{PRISONER_HEADER}\n{}\n", prisoners.join("\n")),
    );
    ws.write(
        "recipients/volunteers.csv",
        format!("{VOLUNTEER_HEADER}\n{}\n", volunteers.join("\n")),
    );
    write_prepared(&ws);
    ws
}

/// The synthetic marathon: 300 prisoners (mostly Belarus, some Russia; every 50th released,
/// every 75th family-only) and 1,000 volunteers writing a mix of languages.
pub fn large() -> Workspace {
    let prisoners: Vec<String> = (0..300)
        .map(|i| {
            let id = format!("p{i:03}");
            let status = if i % 50 == 7 {
                "released"
            } else if i % 75 == 11 {
                "family-only"
            } else {
                "detained"
            };
            if i % 10 == 3 {
                russia_row(&id, status)
            } else {
                let langs = if i % 3 == 0 { "be ru" } else { "ru" };
                belarus_row(
                    &id,
                    langs,
                    &format!("19{:02}-0{}-1{}", 50 + i % 40, 1 + i % 9, i % 10),
                    status,
                )
            }
        })
        .collect();
    let volunteers: Vec<String> = (0..1000)
        .map(|i| {
            let langs = ["ru", "pl en", "de", "be ru", "en", "pl"][i % 6];
            volunteer_row(&format!("v{i:04}"), langs)
        })
        .collect();
    workspace(&prisoners, &volunteers, "")
}
