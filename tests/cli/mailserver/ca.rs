//! A throwaway certificate authority and a server certificate it signed, as PEM files.
//!
//! rustls refuses a self-signed certificate presented by the server itself
//! (`CaUsedAsEndEntity`), so the server gets a leaf for `localhost` and `127.0.0.1` signed by
//! a separate CA, and the client is told to trust that CA.

use std::path::{Path, PathBuf};

use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
    KeyUsagePurpose,
};

/// A test CA and a server certificate signed by it, written into a temporary folder that is
/// deleted on drop.
pub struct TestCa {
    dir: tempfile::TempDir,
    ca_pem: PathBuf,
    cert: PathBuf,
    key: PathBuf,
}

impl TestCa {
    /// Makes a new CA and a server certificate for `localhost` and `127.0.0.1`.
    pub fn new() -> TestCa {
        let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
        ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        ca_params
            .distinguished_name
            .push(DnType::CommonName, "marathon test CA");
        ca_params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        let ca_key = KeyPair::generate().unwrap();
        let ca_cert = ca_params.self_signed(&ca_key).unwrap();
        let issuer = Issuer::new(ca_params, ca_key);

        let mut params =
            CertificateParams::new(vec!["localhost".to_owned(), "127.0.0.1".to_owned()]).unwrap();
        params
            .distinguished_name
            .push(DnType::CommonName, "localhost");
        params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
        params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        let key = KeyPair::generate().unwrap();
        let cert = params.signed_by(&key, &issuer).unwrap();

        let dir = tempfile::tempdir().unwrap();
        let ca = TestCa {
            ca_pem: dir.path().join("ca.pem"),
            cert: dir.path().join("server.pem"),
            key: dir.path().join("server.key"),
            dir,
        };
        std::fs::write(&ca.ca_pem, ca_cert.pem()).unwrap();
        std::fs::write(&ca.cert, cert.pem()).unwrap();
        std::fs::write(&ca.key, key.serialize_pem()).unwrap();
        ca
    }

    /// The CA certificate (PEM) a client must trust.
    pub fn ca_pem_path(&self) -> &Path {
        &self.ca_pem
    }

    /// The server certificate (PEM).
    pub fn cert_path(&self) -> &Path {
        &self.cert
    }

    /// The server's private key (PEM, PKCS#8).
    pub fn key_path(&self) -> &Path {
        &self.key
    }

    /// The CA certificate's PEM bytes.
    pub fn ca_pem(&self) -> Vec<u8> {
        std::fs::read(&self.ca_pem).unwrap()
    }
}
