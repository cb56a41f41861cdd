//! The confirmation mail: its text in the language of the page the form was sent from, with
//! the link, what was reported and when the link expires.

use std::sync::Arc;

use fluent_bundle::FluentValue;
use time::OffsetDateTime;

use crate::act::outbox::ComposeMail;
use crate::delivery::message::{Identity, compose_notice};
use crate::web::i18n::{Catalog, WebLang};
use crate::workspace::Workspace;

/// The composer the outbox sender calls for each mail.
pub fn composer(
    catalog: Arc<Catalog>,
    ws: Arc<Workspace>,
    identity: Identity,
    base_url: String,
) -> Arc<ComposeMail> {
    let key = crate::act::key::ActKey::load_or_create(&ws.root);
    Arc::new(move |mail, date: OffsetDateTime| {
        let key = key.as_ref().map_err(|e| format!("{e:#}"))?;
        let lang = WebLang::from_code(&mail.lang).unwrap_or(WebLang::En);
        let token = key.token(&mail.nonce);
        let link = format!("{base_url}/act/confirm/{token}?lang={}", lang.code());
        let case = ws
            .campaign
            .case(&mail.case)
            .map_or(mail.case.clone(), |c| c.title.clone());
        let expires = crate::i18n::long_date(
            (mail.submitted_at + crate::act::CONFIRM_WINDOW).date(),
            lang.code(),
        );
        let kind = catalog.text(lang, &format!("act-kind-{}", mail.kind));
        let args = [
            ("campaign", FluentValue::from(ws.campaign.name.clone())),
            ("count", FluentValue::from(mail.count)),
            ("countText", FluentValue::from(lang.group(mail.count))),
            ("kind", FluentValue::from(kind)),
            ("case", FluentValue::from(case)),
            ("link", FluentValue::from(link)),
            ("expires", FluentValue::from(expires)),
        ];
        let subject = catalog.fmt(lang, "act-mail-subject", &args);
        let text = catalog.fmt(lang, "act-mail-body", &args);
        compose_notice(
            &identity,
            &mail.email,
            // The nonce, not the row id: a Message-ID is never given to two mails.
            &format!("act-{}", crate::act::address::hex(&mail.nonce)),
            &subject,
            text,
            date,
        )
    })
}
