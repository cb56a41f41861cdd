//! The sign-up confirmation mail: in the language of the page the form was sent from, with
//! the link and when it expires.

use std::sync::Arc;

use fluent_bundle::FluentValue;
use time::OffsetDateTime;

use crate::act::outbox::ComposeMail;
use crate::delivery::message::{Identity, compose_notice};
use crate::ledger::Signup;
use crate::web::i18n::{Catalog, WebLang};
use crate::workspace::Workspace;

/// The composer the sign-up outbox sender calls for each mail.
pub fn composer(
    catalog: Arc<Catalog>,
    ws: Arc<Workspace>,
    identity: Identity,
    base_url: String,
) -> Arc<ComposeMail<Signup>> {
    let key = crate::act::key::ActKey::load_or_create(&ws.root);
    Arc::new(move |s: &Signup, date: OffsetDateTime| {
        let key = key.as_ref().map_err(|e| format!("{e:#}"))?;
        let lang = WebLang::from_code(&s.lang).unwrap_or(WebLang::En);
        let token = key.token(&s.nonce);
        let link = format!("{base_url}/join/confirm/{token}?lang={}", lang.code());
        let expires = crate::i18n::long_date(
            (s.submitted_at + crate::act::CONFIRM_WINDOW).date(),
            lang.code(),
        );
        let args = [
            ("campaign", FluentValue::from(ws.campaign.name.clone())),
            ("name", FluentValue::from(s.name.clone())),
            ("link", FluentValue::from(link)),
            ("expires", FluentValue::from(expires)),
        ];
        let subject = catalog.fmt(lang, "join-mail-subject", &args);
        let text = catalog.fmt(lang, "join-mail-body", &args);
        compose_notice(
            &identity,
            &s.email,
            // The nonce, not the row id: a Message-ID is never given to two mails.
            &format!("join-{}", crate::act::address::hex(&s.nonce)),
            &subject,
            text,
            date,
        )
    })
}
