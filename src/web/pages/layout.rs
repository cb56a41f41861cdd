//! The frame every page shares: language, title, stylesheet and script from `/assets/`,
//! the skip link and the language links.

use maud::{DOCTYPE, Markup, html};

use crate::web::i18n::{Catalog, WebLang};

/// What a page needs to know about its request.
pub struct Cx<'a> {
    /// The page's language.
    pub lang: WebLang,
    /// UI text.
    pub catalog: &'a Catalog,
    /// The path of the page, for the language links.
    pub path: &'a str,
    /// The query of the page without `lang`, for the language links (`case=x`).
    pub query: String,
}

impl Cx<'_> {
    /// The UI message `id`.
    pub fn t(&self, id: &str) -> String {
        self.catalog.text(self.lang, id)
    }

    /// The link to this page in `lang`.
    pub fn lang_link(&self, lang: WebLang) -> String {
        if self.query.is_empty() {
            format!("{}?lang={}", self.path, lang.code())
        } else {
            format!("{}?{}&lang={}", self.path, self.query, lang.code())
        }
    }
}

/// A whole page: `title` in the tab, `body` inside `<main>`.
pub fn page(cx: &Cx<'_>, title: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang=(cx.lang.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) }
                link rel="stylesheet" href=(super::super::assets::CSS_PATH);
                script src=(super::super::assets::JS_PATH) defer {}
            }
            body {
                a.skip href="#main" { (cx.t("skip-link")) }
                header.top {
                    nav aria-label=(cx.t("languages")) {
                        ul.langs {
                            @for lang in WebLang::ALL {
                                li {
                                    @if lang == cx.lang {
                                        a href=(cx.lang_link(lang)) lang=(lang.code()) hreflang=(lang.code()) aria-current="true" { (lang.native_name()) }
                                    } @else {
                                        a href=(cx.lang_link(lang)) lang=(lang.code()) hreflang=(lang.code()) { (lang.native_name()) }
                                    }
                                }
                            }
                        }
                    }
                }
                main #main { (body) }
            }
        }
    }
}
