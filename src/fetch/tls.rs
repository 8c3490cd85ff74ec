//! Certificates as Russian provider sites have them.
//!
//! Many state sites use certificates of the Russian Trusted Root CA (НУЦ Минцифры), which the
//! bundled Mozilla roots lack: that root is trusted in addition to them. Small institutions'
//! sites often have expired, self-signed or wrong-host certificates: a citizen's browser warns
//! on them, but the content is there, so such a site is checked anyway and the certificate
//! problem is reported as its own finding (unless strict TLS is asked for).

use std::error::Error as StdError;

/// The public certificate of the Russian Trusted Root CA (Минцифры России), as published on
/// <https://www.gosuslugi.ru/crt> (`russian_trusted_root_ca_pem.crt`); SHA-256 of its DER:
/// `D2:6D:2D:02:31:B7:C3:9F:92:CC:73:85:12:BA:54:10:35:19:E4:40:5D:68:B5:BD:70:3E:97:88:CA:8E:CF:31`
/// (checked by a test). Valid until 2032-02-27.
pub const RUSSIAN_TRUSTED_ROOT_CA_PEM: &str =
    include_str!("../../certs/russian_trusted_root_ca.pem");

/// The Russian Trusted Root CA as a reqwest root certificate.
pub(super) fn russian_root() -> Result<reqwest::Certificate, reqwest::Error> {
    reqwest::Certificate::from_pem(RUSSIAN_TRUSTED_ROOT_CA_PEM.as_bytes())
}

/// What is wrong with the server's certificate, in Russian, when `err`'s chain says the
/// certificate did not verify; `None` for every other failure (a refused connection, a
/// handshake that failed for another reason), which accepting the certificate would not fix.
pub fn certificate_problem(err: &(dyn StdError + 'static)) -> Option<String> {
    let mut current = Some(err);
    while let Some(e) = current {
        if let Some(rustls::Error::InvalidCertificate(cert)) = e.downcast_ref::<rustls::Error>() {
            return Some(describe(cert).to_string());
        }
        current = match e.downcast_ref::<std::io::Error>() {
            Some(io) => io.get_ref().map(|inner| inner as &(dyn StdError + 'static)),
            None => e.source(),
        };
    }
    None
}

fn describe(cert: &rustls::CertificateError) -> &'static str {
    use rustls::CertificateError as C;
    match cert {
        C::Expired | C::ExpiredContext { .. } => "срок действия сертификата истёк",
        C::NotValidYet | C::NotValidYetContext { .. } => "срок действия сертификата ещё не начался",
        C::NotValidForName | C::NotValidForNameContext { .. } => {
            "сертификат выдан для другого имени сайта"
        }
        C::UnknownIssuer => {
            "сертификат выдан неизвестным удостоверяющим центром (или самоподписанный)"
        }
        C::Revoked => "сертификат отозван",
        C::BadSignature | C::BadEncoding => "сертификат повреждён или подпись неверна",
        _ => "сертификат не прошёл проверку",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::CertificateDer;
    use sha2::{Digest, Sha256};

    /// Published by Минцифры (gosuslugi.ru/crt) for `russian_trusted_root_ca_pem.crt`.
    const PUBLISHED_SHA256: &str =
        "D2:6D:2D:02:31:B7:C3:9F:92:CC:73:85:12:BA:54:10:35:19:E4:40:5D:68:B5:BD:70:3E:97:88:CA:8E:CF:31";

    #[test]
    fn bundled_root_matches_the_published_fingerprint() {
        let der = CertificateDer::from_pem_slice(RUSSIAN_TRUSTED_ROOT_CA_PEM.as_bytes())
            .expect("one PEM certificate");
        let digest = Sha256::digest(der.as_ref());
        let hex: Vec<String> = digest.iter().map(|b| format!("{b:02X}")).collect();
        assert_eq!(hex.join(":"), PUBLISHED_SHA256);
        assert!(russian_root().is_ok());
    }

    #[test]
    fn only_certificate_errors_count() {
        let expired = std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            rustls::Error::InvalidCertificate(rustls::CertificateError::Expired),
        );
        assert_eq!(
            certificate_problem(&expired).as_deref(),
            Some("срок действия сертификата истёк")
        );
        let refused = std::io::Error::from(std::io::ErrorKind::ConnectionRefused);
        assert_eq!(certificate_problem(&refused), None);
        let handshake = std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            rustls::Error::HandshakeNotComplete,
        );
        assert_eq!(certificate_problem(&handshake), None);
    }
}
