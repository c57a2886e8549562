//! Polled notification envelopes: `{signed_payload, signature, timestamp}` JSON messages
//! whose body travels as base64url (see `cld_sign::notification`).

use base64::Engine;
use base64::alphabet::URL_SAFE;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use serde_json::Value;

use super::verified::VerifiedNotification;
use super::verifier::{NotificationHeaders, NotificationVerifier};
use crate::error::{Error, PayloadProblem, SignatureProblem};
use crate::timestamp::Timestamp;

/// URL-safe base64 that takes padding or none, and refuses set unused bits. The padding
/// count itself is checked by [`decode_payload`] first: the engine accepts too little.
const STRICT_URL_SAFE: GeneralPurpose = GeneralPurpose::new(
    &URL_SAFE,
    GeneralPurposeConfig::new()
        .with_decode_padding_mode(DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(false),
);

impl NotificationVerifier {
    /// Verifies a polled notification envelope (see `cld_sign::notification`) against the
    /// clock `now`; the [`VerifiedNotification`] owns the decoded body. The envelope is a JSON
    /// object with `signed_payload` (base64url of the raw body), `signature` (hex) and
    /// `timestamp` (a non-negative JSON integer, or its text); other members are ignored.
    ///
    /// Checks, stopping at the first failure:
    /// 1. `message` is an object and `signed_payload` is text in strict base64url (alphabet
    ///    `A–Z a–z 0–9 - _`; `=` padding optional but exact; canonical last character);
    /// 2. `timestamp` as in the notification rule (`cld_sign::notification`) (1 to 19 ASCII digits);
    /// 3. `signature` is hex of the algorithm's length, either case;
    /// 4. the notification rule over the **decoded bytes**, exactly as
    ///    [`verify_at`](Self::verify_at): match in constant time, then the time window.
    ///
    /// # Errors
    /// [`Error::MalformedPayload`], [`Error::MalformedTimestamp`],
    /// [`Error::MalformedSignature`], [`Error::Mismatch`], [`Error::Expired`],
    /// [`Error::FromFuture`], in that order.
    ///
    /// ```
    /// use cld_sign::notification::NotificationVerifier;
    /// use cld_sign::{ApiSecret, Signer, Timestamp};
    ///
    /// let verifier = NotificationVerifier::new(Signer::new(ApiSecret::new("abcd")?));
    /// let message = serde_json::json!({
    ///     "signed_payload": "eyJub3RpZmljYXRpb25fdHlwZSI6InVwbG9hZCIsInB1YmxpY19pZCI6InNhbXBsZSIsInZlcnNpb24iOjEzMTUwNjA1MTB9",
    ///     "signature": "7a2606b160489c1414a2a85eb6b54e784870ce44",
    ///     "timestamp": 1699999990,
    /// });
    /// let envelope = verifier.verify_envelope_at(&message, Timestamp::from_secs(1_700_000_000))?;
    /// assert_eq!(
    ///     envelope.body(),
    ///     br#"{"notification_type":"upload","public_id":"sample","version":1315060510}"#
    /// );
    /// assert_eq!(envelope.timestamp(), Timestamp::from_secs(1_699_999_990));
    /// # Ok::<(), cld_sign::Error>(())
    /// ```
    pub fn verify_envelope_at(
        &self,
        message: &Value,
        now: Timestamp,
    ) -> Result<VerifiedNotification<'static>, Error> {
        let malformed = |problem| Error::MalformedPayload { problem };
        let object = message
            .as_object()
            .ok_or(malformed(PayloadProblem::NotAnObject))?;
        let payload = match object.get("signed_payload") {
            None => return Err(malformed(PayloadProblem::Missing)),
            Some(Value::String(text)) => text,
            Some(_) => return Err(malformed(PayloadProblem::NotText)),
        };
        let body = decode_payload(payload)?;
        let timestamp_text = timestamp_text(object.get("timestamp"))?;
        // The notification rule (`cld_sign::notification`) of `verify_at`, checked here too so that it comes before the
        // signature's presence (step 2 before step 3).
        Timestamp::parse_canonical(&timestamp_text)?;
        let Some(Value::String(signature)) = object.get("signature") else {
            return Err(Error::MalformedSignature {
                reason: SignatureProblem::Missing,
            });
        };
        let headers = NotificationHeaders {
            timestamp: &timestamp_text,
            signature,
        };
        let timestamp = self.verify_at(&body, headers, now)?.timestamp();
        Ok(VerifiedNotification::new(body, timestamp))
    }

    /// Verifies a polled notification envelope against the system clock:
    /// `verify_envelope_at(message, Timestamp::now())`. See
    /// [`verify_envelope_at`](Self::verify_envelope_at).
    ///
    /// # Errors
    /// As [`verify_envelope_at`](Self::verify_envelope_at).
    pub fn verify_envelope(&self, message: &Value) -> Result<VerifiedNotification<'static>, Error> {
        self.verify_envelope_at(message, Timestamp::now())
    }

    /// Verifies an envelope given as JSON text (as fetched). See
    /// [`verify_envelope_at`](Self::verify_envelope_at).
    ///
    /// # Errors
    /// [`Error::MalformedPayload`] if `json` is not JSON; then as
    /// [`verify_envelope_at`](Self::verify_envelope_at).
    ///
    /// ```
    /// # use cld_sign::notification::NotificationVerifier;
    /// # use cld_sign::{ApiSecret, ErrorKind, Signer, Timestamp};
    /// let verifier = NotificationVerifier::new(Signer::new(ApiSecret::new("abcd")?));
    /// let err = verifier
    ///     .verify_envelope_json_at(r#"{"signed_payload": "YQ=", "timestamp": 1}"#, Timestamp::from_secs(1))
    ///     .unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::MalformedPayload);
    /// # Ok::<(), cld_sign::Error>(())
    /// ```
    pub fn verify_envelope_json_at(
        &self,
        json: &str,
        now: Timestamp,
    ) -> Result<VerifiedNotification<'static>, Error> {
        let message: Value = serde_json::from_str(json).map_err(|_| Error::MalformedPayload {
            problem: PayloadProblem::NotJson,
        })?;
        self.verify_envelope_at(&message, now)
    }
}

/// Decodes strict base64url (step 1 of the envelope rule): alphabet `A–Z a–z 0–9 - _`, optional but
/// exact `=` padding, no length ≡ 1 (mod 4), canonical last character. Empty is empty.
///
/// The `base64` engine decodes; the checks before it stay: they give the rule's problem, in
/// its order (the first bad character's offset, the length, the padding), and the engine,
/// set to take padding or none, would accept too little of it.
pub(crate) fn decode_payload(text: &str) -> Result<Vec<u8>, Error> {
    let malformed = |problem| Error::MalformedPayload { problem };
    let unpadded = text.trim_end_matches('=');
    if let Some(offset) = unpadded
        .bytes()
        .position(|b| !(b.is_ascii_alphanumeric() || b == b'-' || b == b'_'))
    {
        return Err(malformed(PayloadProblem::InvalidCharacter { offset }));
    }
    let padding = text.len() - unpadded.len();
    let remainder = unpadded.len() % 4;
    if remainder == 1 {
        return Err(malformed(PayloadProblem::InvalidLength));
    }
    // Padding, when present, is exactly what makes the length a multiple of 4.
    if padding != 0 && padding != (4 - remainder) % 4 {
        return Err(malformed(PayloadProblem::InvalidPadding));
    }
    STRICT_URL_SAFE
        .decode(text)
        .map_err(|_| malformed(PayloadProblem::NonCanonical))
}

/// The text of the `timestamp` member: a JSON string as given, or a JSON number's text
/// (`-5` and `1.5` included: the notification rule (`cld_sign::notification`) checked next refuses them, with this length).
fn timestamp_text(value: Option<&Value>) -> Result<String, Error> {
    match value {
        Some(Value::String(text)) => Ok(text.clone()),
        Some(Value::Number(number)) => Ok(number.to_string()),
        Some(other) => Err(Error::MalformedTimestamp {
            len: other.to_string().len(),
        }),
        None => Err(Error::MalformedTimestamp { len: 0 }),
    }
}
