//! Which certificates the mail server may present: the public web roots plus, when the
//! campaign names one, the organisation's own CA. Built once per run, shared by every
//! connection, for STARTTLS (lettre's parameters) and implicit TLS (a rustls connector).

use std::path::Path;
use std::sync::Arc;

use anyhow::{Context, Result, bail};
use lettre::transport::smtp::client::{Certificate, TlsParameters};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName};
use tokio_rustls::TlsConnector;

/// The trust settings for one server.
#[derive(Clone)]
pub struct Trust {
    /// For STARTTLS, through lettre.
    pub starttls: TlsParameters,
    /// For implicit TLS, on a socket opened here.
    pub connector: TlsConnector,
    /// The name the certificate must carry.
    pub server_name: ServerName<'static>,
}

impl Trust {
    /// Trust for `host`, adding the certificates in the PEM file `ca_file` when given.
    pub fn new(host: &str, ca_file: Option<&Path>) -> Result<Self> {
        let pem = match ca_file {
            None => None,
            Some(path) => {
                let bytes = std::fs::read(path)
                    .with_context(|| format!("cannot read the CA file `{}`", path.display()))?;
                let count = CertificateDer::pem_slice_iter(&bytes)
                    .collect::<Result<Vec<_>, _>>()
                    .map(|v| v.len())
                    .unwrap_or(0);
                if count == 0 {
                    bail!("the CA file `{}` holds no PEM certificate", path.display());
                }
                Some(bytes)
            }
        };
        let server_name = ServerName::try_from(host.to_string())
            .with_context(|| format!("`{host}` is not a host name a certificate can carry"))?;

        let mut builder = TlsParameters::builder(host.to_string());
        if let Some(pem) = &pem {
            let cert = Certificate::from_pem(pem)
                .map_err(|e| anyhow::anyhow!("the CA file is not usable: {e}"))?;
            builder = builder.add_root_certificate(cert);
        }
        let starttls = builder
            .build_rustls()
            .map_err(|e| anyhow::anyhow!("cannot set up TLS: {e}"))?;

        let mut roots = rustls::RootCertStore::empty();
        roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
        if let Some(pem) = &pem {
            for cert in CertificateDer::pem_slice_iter(pem) {
                let cert = cert.map_err(|e| anyhow::anyhow!("the CA file is not usable: {e}"))?;
                roots
                    .add(cert)
                    .map_err(|e| anyhow::anyhow!("the CA file is not usable: {e}"))?;
            }
        }
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let config = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| anyhow::anyhow!("cannot set up TLS: {e}"))?
            .with_root_certificates(roots)
            .with_no_client_auth();
        Ok(Trust {
            starttls,
            connector: TlsConnector::from(Arc::new(config)),
            server_name,
        })
    }
}
