//! The web pages' languages: which one a visitor gets (`?lang=`, then the `lang` cookie,
//! then `Accept-Language`, then English) and the UI text of each, from the Fluent files in
//! `src/web/locales/` compiled into the binary.

use std::borrow::Cow;

use anyhow::{Result, anyhow};
use axum::extract::Request;
use axum::http::header::{ACCEPT_LANGUAGE, COOKIE, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

/// A language the pages are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WebLang {
    /// English.
    En,
    /// Russian.
    Ru,
    /// Belarusian.
    Be,
    /// Polish.
    Pl,
    /// German.
    De,
}

impl WebLang {
    /// Every language, in the order of the language links.
    pub const ALL: [WebLang; 5] = [
        WebLang::En,
        WebLang::Ru,
        WebLang::Be,
        WebLang::Pl,
        WebLang::De,
    ];

    /// The language code (`en`, `ru`, ...).
    pub fn code(self) -> &'static str {
        match self {
            WebLang::En => "en",
            WebLang::Ru => "ru",
            WebLang::Be => "be",
            WebLang::Pl => "pl",
            WebLang::De => "de",
        }
    }

    /// The language's name in itself, for the language links.
    pub fn native_name(self) -> &'static str {
        match self {
            WebLang::En => "English",
            WebLang::Ru => "Русский",
            WebLang::Be => "Беларуская",
            WebLang::Pl => "Polski",
            WebLang::De => "Deutsch",
        }
    }

    /// Reads a code such as `ru`, `ru-BY` or `DE`; `None` for other languages.
    pub fn from_code(code: &str) -> Option<WebLang> {
        let primary = code.trim().split(['-', '_']).next().unwrap_or_default();
        WebLang::ALL
            .into_iter()
            .find(|l| l.code().eq_ignore_ascii_case(primary))
    }

    /// Its position in [`WebLang::ALL`].
    pub fn index(self) -> usize {
        WebLang::ALL.iter().position(|&l| l == self).unwrap_or(0)
    }

    /// `n` with its digits grouped as this language writes them.
    pub fn group(self, n: u64) -> String {
        crate::i18n::group_number(n, self.code())
    }

    /// The best language for an `Accept-Language` header (`de-CH, ru;q=0.8, *;q=0.1`).
    pub fn from_accept(header: &str) -> Option<WebLang> {
        let mut best: Option<(f32, WebLang)> = None;
        for part in header.split(',') {
            let mut bits = part.split(';');
            let tag = bits.next().unwrap_or_default();
            let q = bits
                .find_map(|b| b.trim().strip_prefix("q="))
                .and_then(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            if let Some(lang) = WebLang::from_code(tag)
                && q > 0.0
                && best.is_none_or(|(bq, _)| q > bq)
            {
                best = Some((q, lang));
            }
        }
        best.map(|(_, l)| l)
    }
}

/// The language of a request: `?lang=`, the `lang` cookie, `Accept-Language`, English.
pub fn negotiate(query: Option<&str>, headers: &HeaderMap) -> WebLang {
    query_lang(query)
        .or_else(|| cookie(headers, "lang").and_then(|c| WebLang::from_code(&c)))
        .or_else(|| {
            headers
                .get(ACCEPT_LANGUAGE)
                .and_then(|h| h.to_str().ok())
                .and_then(WebLang::from_accept)
        })
        .unwrap_or(WebLang::En)
}

fn query_lang(query: Option<&str>) -> Option<WebLang> {
    query?
        .split('&')
        .find_map(|kv| kv.strip_prefix("lang="))
        .and_then(WebLang::from_code)
}

/// The value of cookie `name` in the request, if any.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|h| h.to_str().ok())
        .flat_map(|h| h.split(';'))
        .find_map(|kv| {
            let (k, v) = kv.trim().split_once('=')?;
            (k == name).then(|| v.to_string())
        })
}

/// Middleware: puts the request's [`WebLang`] in its extensions, and remembers a language
/// chosen with `?lang=` in a cookie.
pub async fn choose(mut req: Request, next: Next) -> Response {
    let lang = negotiate(req.uri().query(), req.headers());
    let chosen = query_lang(req.uri().query());
    let secure = req
        .extensions()
        .get::<super::security::Https>()
        .is_some_and(|h| h.0);
    req.extensions_mut().insert(lang);
    let mut res = next.run(req).await;
    if let Some(lang) = chosen {
        let attrs = super::security::cookie_attributes(secure, true);
        let value = format!("lang={}; Max-Age=31536000{attrs}", lang.code());
        if let Ok(v) = HeaderValue::from_str(&value) {
            res.headers_mut().append(SET_COOKIE, v);
        }
    }
    res
}

const SOURCES: [&str; 5] = [
    include_str!("locales/en.ftl"),
    include_str!("locales/ru.ftl"),
    include_str!("locales/be.ftl"),
    include_str!("locales/pl.ftl"),
    include_str!("locales/de.ftl"),
];

/// The UI text of every language.
pub struct Catalog {
    bundles: Vec<FluentBundle<FluentResource>>,
}

impl Catalog {
    /// Parses the embedded Fluent files; a syntax error names the file's language.
    pub fn new() -> Result<Catalog> {
        let mut bundles = Vec::new();
        for (lang, source) in WebLang::ALL.iter().zip(SOURCES) {
            let code = lang.code();
            let res = FluentResource::try_new(source.to_string())
                .map_err(|(_, e)| anyhow!("locales/{code}.ftl: {e:?}"))?;
            let id: unic_langid::LanguageIdentifier = code
                .parse()
                .map_err(|e| anyhow!("locales/{code}.ftl: bad language `{code}`: {e}"))?;
            let mut bundle = FluentBundle::new_concurrent(vec![id]);
            bundle.set_use_isolating(false);
            bundle
                .add_resource(res)
                .map_err(|e| anyhow!("locales/{code}.ftl: {e:?}"))?;
            bundles.push(bundle);
        }
        Ok(Catalog { bundles })
    }

    /// The message `id` in `lang` with `args`; English when the language lacks it, and the
    /// id itself when English does too (a test checks that never happens).
    pub fn fmt(&self, lang: WebLang, id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
        let mut fargs = FluentArgs::new();
        for (k, v) in args {
            fargs.set(*k, v.clone());
        }
        for bundle in [&self.bundles[lang.index()], &self.bundles[0]] {
            if let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) {
                let mut errors = Vec::new();
                let text: Cow<'_, str> = bundle.format_pattern(pattern, Some(&fargs), &mut errors);
                return text.into_owned();
            }
        }
        id.to_string()
    }

    /// The message `id` in `lang`, without arguments.
    pub fn text(&self, lang: WebLang, id: &str) -> String {
        self.fmt(lang, id, &[])
    }

    /// "104,731 actions from 36 countries", or the words for no actions yet.
    pub fn headline(&self, lang: WebLang, actions: u64, countries: u64) -> String {
        if actions == 0 {
            return self.text(lang, "no-actions-yet");
        }
        self.fmt(
            lang,
            "headline",
            &[
                ("actions", FluentValue::from(actions)),
                ("actionsText", FluentValue::from(lang.group(actions))),
                ("countries", FluentValue::from(countries)),
                ("countriesText", FluentValue::from(lang.group(countries))),
            ],
        )
    }

    /// "1,234 actions", or "1,234 of 5,000 actions" toward a goal.
    pub fn case_actions(&self, lang: WebLang, n: u64, goal: Option<u64>) -> String {
        let mut args = vec![
            ("n", FluentValue::from(n)),
            ("nText", FluentValue::from(lang.group(n))),
        ];
        match goal {
            Some(g) => {
                args.push(("goal", FluentValue::from(g)));
                args.push(("goalText", FluentValue::from(lang.group(g))));
                self.fmt(lang, "case-goal", &args)
            }
            None => self.fmt(lang, "case-actions", &args),
        }
    }
}

#[cfg(test)]
impl Catalog {
    /// The ids of the messages in `lang`'s file.
    pub(super) fn ids(lang: WebLang) -> Vec<String> {
        let source = SOURCES[lang.index()];
        source
            .lines()
            .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_lowercase()))
            .filter_map(|l| l.split_once(" =").map(|(id, _)| id.trim().to_string()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_every_message() {
        let en = Catalog::ids(WebLang::En);
        assert!(en.len() > 10, "{en:?}");
        for lang in WebLang::ALL {
            let ids = Catalog::ids(lang);
            for id in &en {
                assert!(ids.contains(id), "{}.ftl lacks `{id}`", lang.code());
            }
            assert_eq!(ids.len(), en.len(), "{}.ftl: {ids:?}", lang.code());
        }
    }

    #[test]
    fn headline_pluralises_and_groups_in_each_language() {
        let c = Catalog::new().unwrap();
        assert_eq!(
            c.headline(WebLang::En, 104_731, 36),
            "104,731 actions from 36 countries"
        );
        assert_eq!(c.headline(WebLang::En, 1, 1), "1 action from 1 country");
        assert_eq!(
            c.headline(WebLang::Ru, 104_731, 36),
            "104\u{a0}731 действие из 36 стран"
        );
        assert_eq!(c.headline(WebLang::Ru, 5, 2), "5 действий из 2 стран");
        assert_eq!(c.headline(WebLang::Ru, 3, 21), "3 действия из 21 страны");
        assert_eq!(c.headline(WebLang::Be, 12, 1), "12 дзеянняў з 1 краіны");
        assert_eq!(c.headline(WebLang::Pl, 22, 5), "22 akcje z 5 krajów");
        assert_eq!(
            c.headline(WebLang::De, 104_731, 36),
            "104.731 Aktionen aus 36 Ländern"
        );
        assert_eq!(c.headline(WebLang::De, 1, 1), "1 Aktion aus 1 Land");
    }

    proptest::proptest! {
        #[test]
        fn any_accept_language_or_cookie_header_is_read_without_panicking(
            accept in ".{0,200}",
            cookie in ".{0,200}",
            query in ".{0,80}",
        ) {
            let _ = WebLang::from_accept(&accept);
            let mut headers = HeaderMap::new();
            if let Ok(v) = HeaderValue::from_str(&accept) {
                headers.insert(ACCEPT_LANGUAGE, v);
            }
            if let Ok(v) = HeaderValue::from_str(&cookie) {
                headers.insert(COOKIE, v);
            }
            let _ = negotiate(Some(&query), &headers);
        }
    }

    #[test]
    fn accept_language_picks_the_best_known_language() {
        assert_eq!(
            WebLang::from_accept("fr-FR, ru;q=0.5, de;q=0.8"),
            Some(WebLang::De)
        );
        assert_eq!(WebLang::from_accept("be-BY"), Some(WebLang::Be));
        assert_eq!(WebLang::from_accept("fr, *;q=0.1"), None);
        assert_eq!(WebLang::from_accept("pl;q=0, ru;q=0.1"), Some(WebLang::Ru));
        assert_eq!(WebLang::from_accept(";;;q=,"), None);
    }
}
