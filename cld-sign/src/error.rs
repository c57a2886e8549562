//! The one error type of cld-sign, with one variant per kind of the error rule (`cld_sign::ErrorKind`).

use std::fmt;

/// The kind of an [`Error`], one per failure named in the specification (see `cld_sign::ErrorKind`).
///
/// [`ErrorKind::as_str`] gives the snake_case name used by the shared test vectors and
/// the command line (`expired`, `malformed_signature`, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// No API secret, or an empty one.
    EmptySecret,
    /// An algorithm name other than `sha1` / `sha256`.
    UnsupportedAlgorithm,
    /// A signature version other than 1 or 2.
    UnsupportedSignatureVersion,
    /// The same parameter name given twice.
    DuplicateParameter,
    /// A value that cannot be signed (an object or map, for instance).
    UnsupportedValue,
    /// A request-level signature without a `timestamp`.
    MissingTimestamp,
    /// A signature that is not hex, or not of the algorithm's length.
    MalformedSignature,
    /// A timestamp that is not 1 to 19 ASCII digits.
    MalformedTimestamp,
    /// A well-formed signature that does not match.
    Mismatch,
    /// A signature older than its validity window.
    Expired,
    /// A timestamp further in the future than the allowed clock skew.
    FromFuture,
    /// A URL (delivery URL or `CLOUDINARY_URL`) that cannot be parsed.
    MalformedUrl,
    /// An auth-token key that is not hex.
    MalformedTokenKey,
    /// An auth token without expiration, duration or start time.
    MissingExpiration,
    /// An auth token with neither an ACL nor a URL.
    MissingAclOrUrl,
    /// A parameter name that is not lower-case ASCII letters, digits and `_`.
    MalformedParameterName,
    /// An auth token whose start time is after its expiration.
    StartAfterExpiry,
    /// A polled notification envelope that is not a JSON object, or whose
    /// `signed_payload` is not strict base64url (see `cld_sign::notification`).
    MalformedPayload,
    /// Preloaded-file text (`<resource_type>/<type>/v<version>/<filename>#<signature>`)
    /// of the wrong shape, or with an empty or refused public ID (see `cld_sign::response`).
    MalformedPreloaded,
    /// A parameter a signing policy does not allow.
    UnsupportedParameter,
    /// A value a signing policy's rule refuses.
    DisallowedValue,
    /// More parameters than a signing policy signs at once.
    TooManyParameters,
    /// More bytes of names and values than a signing policy signs at once.
    ParamsTooLarge,
    /// A signing policy that would sign what another Cloudinary call or scheme covers.
    UnsafePolicy,
    /// A signing request whose body is not JSON.
    MalformedJson,
    /// A signing request whose JSON is not of a shape it accepts.
    InvalidRequest,
    /// A signing request with `{"paramsToSign": null}`.
    MissingParamsToSign,
    /// A notification signed only with a scheme that cannot be verified: it carries
    /// `X-Cld-Signature_v2` (Ed25519, trigger `auth_scheme` `eddsa_v2`) and no
    /// `X-Cld-Signature`.
    UnsupportedAuthScheme,
    /// An auth-token ACL holding `!`, which separates the ACLs of a token.
    MalformedAcl,
    /// An auth-token name that is empty or holds a character other than `A-Z a-z 0-9 _ -`.
    MalformedTokenName,
    /// A search cursor with a character other than `A-Z a-z 0-9 - _ =`.
    MalformedCursor,
    /// An empty cloud name where a scheme signs it (the Media Library login).
    MissingCloudName,
    /// A list item holding `,` where the caller asked for such items to be refused.
    AmbiguousListItem,
    /// A preloaded file of another resource type, delivery type or format than expected.
    UnexpectedPreloaded,
    /// A URL setting (`upload_prefix`, `secure`, `cname`, …) whose value cannot be used.
    MalformedSetting,
    /// A text that is not Cloudinary's `Invalid Signature … String to sign - '…'` answer.
    MalformedMessage,
    /// A notification without one of its two headers, `X-Cld-Timestamp` or
    /// `X-Cld-Signature`: not a Cloudinary notification.
    MissingHeader,
}

impl ErrorKind {
    /// Every kind, in declaration order: to map each to a status code, or to list the
    /// names a caller may see.
    ///
    /// ```
    /// use cld_sign::ErrorKind;
    /// assert!(ErrorKind::ALL.iter().any(|k| k.as_str() == "malformed_signature"));
    /// ```
    pub const ALL: &'static [ErrorKind] = &[
        Self::EmptySecret,
        Self::UnsupportedAlgorithm,
        Self::UnsupportedSignatureVersion,
        Self::DuplicateParameter,
        Self::UnsupportedValue,
        Self::MissingTimestamp,
        Self::MalformedSignature,
        Self::MalformedTimestamp,
        Self::Mismatch,
        Self::Expired,
        Self::FromFuture,
        Self::MalformedUrl,
        Self::MalformedTokenKey,
        Self::MissingExpiration,
        Self::MissingAclOrUrl,
        Self::MalformedParameterName,
        Self::StartAfterExpiry,
        Self::MalformedPayload,
        Self::MalformedPreloaded,
        Self::UnsupportedParameter,
        Self::DisallowedValue,
        Self::TooManyParameters,
        Self::ParamsTooLarge,
        Self::UnsafePolicy,
        Self::MalformedJson,
        Self::InvalidRequest,
        Self::MissingParamsToSign,
        Self::UnsupportedAuthScheme,
        Self::MalformedAcl,
        Self::MalformedTokenName,
        Self::MalformedCursor,
        Self::MissingCloudName,
        Self::AmbiguousListItem,
        Self::UnexpectedPreloaded,
        Self::MalformedSetting,
        Self::MalformedMessage,
        Self::MissingHeader,
    ];

    /// The snake_case name of the kind, as in the vector files (`"expired"`, ...).
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::EmptySecret => "empty_secret",
            Self::UnsupportedAlgorithm => "unsupported_algorithm",
            Self::UnsupportedSignatureVersion => "unsupported_signature_version",
            Self::DuplicateParameter => "duplicate_parameter",
            Self::UnsupportedValue => "unsupported_value",
            Self::MissingTimestamp => "missing_timestamp",
            Self::MalformedSignature => "malformed_signature",
            Self::MalformedTimestamp => "malformed_timestamp",
            Self::Mismatch => "mismatch",
            Self::Expired => "expired",
            Self::FromFuture => "from_future",
            Self::MalformedUrl => "malformed_url",
            Self::MalformedTokenKey => "malformed_token_key",
            Self::MissingExpiration => "missing_expiration",
            Self::MissingAclOrUrl => "missing_acl_or_url",
            Self::MalformedParameterName => "malformed_parameter_name",
            Self::StartAfterExpiry => "start_after_expiry",
            Self::MalformedPayload => "malformed_payload",
            Self::MalformedPreloaded => "malformed_preloaded",
            Self::UnsupportedParameter => "unsupported_parameter",
            Self::DisallowedValue => "disallowed_value",
            Self::TooManyParameters => "too_many_parameters",
            Self::ParamsTooLarge => "params_too_large",
            Self::UnsafePolicy => "unsafe_policy",
            Self::MalformedJson => "malformed_json",
            Self::InvalidRequest => "invalid_request",
            Self::MissingParamsToSign => "missing_params_to_sign",
            Self::UnsupportedAuthScheme => "unsupported_auth_scheme",
            Self::MalformedAcl => "malformed_acl",
            Self::MalformedTokenName => "malformed_token_name",
            Self::MalformedCursor => "malformed_cursor",
            Self::MissingCloudName => "missing_cloud_name",
            Self::AmbiguousListItem => "ambiguous_list_item",
            Self::UnexpectedPreloaded => "unexpected_preloaded",
            Self::MalformedSetting => "malformed_setting",
            Self::MalformedMessage => "malformed_message",
            Self::MissingHeader => "missing_header",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Everything that can go wrong in cld-sign.
///
/// Every message says what is wrong and what to do. No message ever contains the API
/// secret: variants carry names, lengths and the public string to sign, never the secret.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// An empty API secret was given (see `cld_sign::Config`): never a signature over an empty secret.
    EmptySecret,
    /// No API secret is configured: neither `CLOUDINARY_URL` nor `CLOUDINARY_API_SECRET`
    /// is set (or the one that is set is empty). Its kind is [`ErrorKind::EmptySecret`].
    SecretNotConfigured,
    /// An algorithm name other than `sha1` or `sha256`.
    UnsupportedAlgorithm {
        /// The name that was given.
        name: String,
    },
    /// A signature version other than `1` or `2`.
    UnsupportedSignatureVersion {
        /// The version that was given, as text.
        version: String,
    },
    /// Two parameters share a name.
    DuplicateParameter {
        /// The repeated name.
        name: String,
    },
    /// A parameter value that cannot be signed, such as a nested object.
    UnsupportedValue {
        /// The parameter's name (empty when the whole input is unsupported).
        name: String,
        /// What the value was, e.g. `"a map"`.
        found: String,
    },
    /// A request-level signature needs a `timestamp` parameter.
    MissingTimestamp,
    /// A signature that is not hex, or has the wrong length.
    MalformedSignature {
        /// What is wrong with it.
        reason: SignatureProblem,
    },
    /// A timestamp that is not a whole number of seconds (1 to 19 ASCII digits; no leading
    /// zero where the text is signed, the notification rule (`cld_sign::notification`)).
    MalformedTimestamp {
        /// Its length in bytes (the text itself is not echoed).
        len: usize,
    },
    /// The signature is well formed but does not match.
    Mismatch {
        /// The string that was signed (never including the secret), to compare with the
        /// sender's, when there is one.
        string_to_sign: Option<String>,
    },
    /// The signature is older than allowed.
    Expired {
        /// Its age in seconds.
        age: u64,
        /// The longest age allowed, in seconds.
        valid_for: u64,
    },
    /// The timestamp is further in the future than the allowed clock skew.
    FromFuture {
        /// How far ahead of `now` it is, in seconds.
        ahead: u64,
        /// The largest skew allowed, in seconds.
        max_skew: u64,
    },
    /// A URL that cannot be parsed: a delivery URL, or `CLOUDINARY_URL`.
    MalformedUrl {
        /// What is wrong with it (the URL itself is not echoed: it may hold a secret).
        problem: UrlProblem,
    },
    /// An auth-token key that is not an even number of hex digits.
    MalformedTokenKey,
    /// An auth token needs `expiration`, or `duration` (with an optional start time).
    MissingExpiration,
    /// An auth token needs an ACL or a URL.
    MissingAclOrUrl,
    /// An auth token whose start time is after its expiration.
    StartAfterExpiry {
        /// The start time, in Unix seconds.
        start: u64,
        /// The expiration, in Unix seconds.
        expiration: u64,
    },
    /// An auth token restricted to an IP address, used from another address (or with no
    /// client address given). Its kind is [`ErrorKind::Mismatch`].
    WrongClientIp,
    /// A time before 1970, which no Unix timestamp can hold. Its kind is
    /// [`ErrorKind::MalformedTimestamp`].
    BeforeUnixEpoch,
    /// A parameter name that is not one or more lower-case ASCII letters, digits and `_`
    /// (see `cld_sign::request`). Every Upload API parameter has such a name; the rule keeps a received
    /// form unambiguous and a signature from being reused across schemes.
    MalformedParameterName {
        /// The name that was given.
        name: String,
    },
    /// A polled notification envelope that is not a JSON object, or whose `signed_payload`
    /// is missing or not strict base64url (see `cld_sign::notification`).
    MalformedPayload {
        /// What is wrong with it (the payload itself is not echoed).
        problem: PayloadProblem,
    },
    /// Preloaded-file text that is not `<resource_type>/<type>/v<version>/<filename>#<signature>`,
    /// or whose public ID is empty or holds a character the response rule (`cld_sign::response`) refuses (see `cld_sign::response`).
    MalformedPreloaded {
        /// What is wrong with it.
        problem: PreloadedProblem,
    },
    /// A delivery URL form that the URL-form rule (`cld_sign::delivery`) does not define for these parts (a suffix for a
    /// pair other than image/upload and raw/upload, two forms that exclude each other, ...),
    /// or a part the URL could not carry so that it verifies. Its kind is
    /// [`ErrorKind::UnsupportedValue`].
    UnsupportedUrlForm {
        /// What is wrong.
        problem: UrlFormProblem,
    },
    /// A parameter the signing policy does not allow (see [`crate::policy`]).
    UnsupportedParameter {
        /// Its name.
        name: String,
    },
    /// A value the signing policy's rule for its name refuses.
    ValueNotAllowed {
        /// The parameter's name (the value is not echoed).
        name: String,
        /// Why the rule refuses it.
        problem: ValueProblem,
    },
    /// More parameters than the signing policy signs at once.
    TooManyParameters {
        /// How many were received.
        count: usize,
        /// The policy's maximum.
        max: usize,
    },
    /// More bytes of names and values than the signing policy signs at once.
    ParamsTooLarge {
        /// How many bytes were received.
        size: usize,
        /// The policy's maximum.
        max: usize,
    },
    /// A signing policy rule that would sign what another Cloudinary call or scheme
    /// covers.
    UnsafePolicy {
        /// The parameter's name.
        name: String,
        /// What is unsafe.
        problem: PolicyProblem,
    },
    /// The body of a signing request cannot be read. Its kind depends on the problem:
    /// [`ErrorKind::MalformedJson`], [`ErrorKind::InvalidRequest`] or
    /// [`ErrorKind::MissingParamsToSign`].
    MalformedBody {
        /// What is wrong.
        problem: BodyProblem,
    },
    /// A list of previous API secrets (`CLOUDINARY_PREVIOUS_API_SECRETS`) with an item that
    /// cannot be a secret. Its kind is [`ErrorKind::EmptySecret`]; neither the message nor
    /// `Debug` holds any text of the list, only the item's position.
    MalformedSecretList {
        /// The position of the first such item, counting from 1.
        item: usize,
        /// What is wrong with it.
        problem: SecretListProblem,
    },
    /// A notification with `X-Cld-Signature_v2` but no `X-Cld-Signature`: its trigger's
    /// `auth_scheme` is `eddsa_v2`, an Ed25519 signature with a key Cloudinary keeps and
    /// publishes nowhere, so it cannot be verified. Set the trigger's `auth_scheme` to
    /// `default` (both headers) or `legacy_hmac`.
    SignatureV2Only,
    /// An auth-token ACL holding `!`. A token joins its ACLs with `!` and every verifier
    /// (Cloudinary's CDN too) splits them there, so a pattern such as
    /// `/image/upload/users/eve!*/*` would grant `*`, every asset.
    MalformedAcl {
        /// The position of the ACL in the list, counting from 1 (the ACL is not echoed).
        item: usize,
    },
    /// An auth-token name that is empty or holds a character other than `A-Z a-z 0-9 _ -`.
    /// The name is written unescaped before the token's `=`, in a query string or a cookie,
    /// so `x=1&__cld_token__` would add a parameter.
    MalformedTokenName {
        /// The name that was given.
        name: String,
    },
    /// A search URL's cursor (`next_cursor`) with a character other than
    /// `A-Z a-z 0-9 - _ =`. The Search API's cursors are opaque tokens of those characters;
    /// the cursor is appended to the URL's path unsigned and often comes back from a
    /// browser, so `../other` or `x?y=1#z` would change the URL.
    MalformedCursor {
        /// The byte offset of the first such character (the cursor is not echoed).
        offset: usize,
    },
    /// A Media Library login with an empty cloud name. Empty values are dropped from the
    /// string to sign, so it would be `timestamp=<t>&username=<u>`: the text of a request
    /// signature over those two parameters, which a server that signs them for a browser
    /// would hand out as a login.
    MissingCloudName,
    /// A list item holding `,`, refused on request
    /// ([`DownloadUrl::with_commas_in_lists_refused`](crate::download::DownloadUrl::with_commas_in_lists_refused)).
    /// Cloudinary signs a list as its items joined with `,`, so the one item `a,b` signs as
    /// the two items `a` and `b`.
    AmbiguousListItem {
        /// The list parameter's name.
        name: String,
        /// The item's position in the list, counting from 1 (the item is not echoed).
        item: usize,
    },
    /// A preloaded file whose resource type, delivery type or format is not the one
    /// expected ([`PreloadedFile::check_parts`](crate::response::PreloadedFile::check_parts)). Its
    /// signature covers the public ID and version only, so these parts are not
    /// authenticated.
    UnexpectedPreloaded {
        /// Which part: `"resource type"`, `"delivery type"` or `"format"`.
        part: &'static str,
    },
    /// A URL setting of the configuration (`upload_prefix`, `secure`, `cname`, …) whose
    /// value cannot be used. The value is not echoed.
    MalformedSetting {
        /// The setting's name, as in `CLOUDINARY_URL` (`upload_prefix`, `secure`, …).
        name: &'static str,
        /// What is wrong with its value.
        problem: SettingProblem,
    },
    /// A text given to [`diagnose`](crate::diagnose) that is not Cloudinary's
    /// `Invalid Signature <signature>. String to sign - '<text>'.` answer, nor the JSON body
    /// that carries it.
    MalformedMessage {
        /// What is wrong with it.
        problem: MessageProblem,
    },
    /// A notification without `X-Cld-Timestamp` or `X-Cld-Signature` (see
    /// `cld_sign::notification`): not a Cloudinary notification. The same error whichever
    /// entry point reads the headers (`NotificationVerifier::verify_headers_at`, the web
    /// integrations). A notification with only `X-Cld-Signature_v2` is
    /// [`Error::SignatureV2Only`] instead.
    MissingHeader {
        /// The header's name.
        name: &'static str,
    },
}

/// What is wrong with the value of a URL setting ([`Error::MalformedSetting`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SettingProblem {
    /// Neither `true` nor `false`.
    NotBoolean,
    /// Not an `http://` or `https://` origin (`https://api.example.com`, `http://127.0.0.1:3001`):
    /// no scheme, no host, or a path, query, fragment or user name after the host.
    NotHttpOrigin,
    /// A host that is empty or holds `/`, `?`, `#`, `@`, whitespace or a control character.
    BadHost,
    /// The same setting given twice in `CLOUDINARY_URL`.
    Repeated,
    /// A bad `%`-escape in the value.
    BadEscape,
}

impl fmt::Display for SettingProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::NotBoolean => "it must be `true` or `false`",
            Self::NotHttpOrigin => {
                "it must be an http:// or https:// origin without a path, e.g. http://127.0.0.1:3001"
            }
            Self::BadHost => {
                "it must be a host name (with an optional :port) without `/`, `?`, `#`, `@`, whitespace or control characters"
            }
            Self::Repeated => "it is given twice; give it once",
            Self::BadEscape => "it has a bad %-escape",
        })
    }
}

/// What is wrong with the text given to [`diagnose`](crate::diagnose)
/// ([`Error::MalformedMessage`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum MessageProblem {
    /// It starts like JSON but is not JSON text.
    NotJson,
    /// JSON without a text at `error.message`.
    NoErrorMessage,
    /// No `Invalid Signature <hex>` in it: another error than a signature mismatch.
    NotInvalidSignature,
    /// No `String to sign - '…'` after the signature.
    NoStringToSign,
}

impl fmt::Display for MessageProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::NotJson => "it starts with `{` but is not JSON",
            Self::NoErrorMessage => {
                "the JSON has no text at error.message; pass the body Cloudinary answered"
            }
            Self::NotInvalidSignature => {
                "it has no `Invalid Signature <hex>`: Cloudinary refused the request for another reason"
            }
            Self::NoStringToSign => {
                "it has no `String to sign - '…'` after the signature; pass the whole message"
            }
        })
    }
}

/// Why a [`Rule`](crate::policy::Rule) refuses a value ([`Error::ValueNotAllowed`](crate::Error::ValueNotAllowed)).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ValueProblem {
    /// Longer than the rule's maximum.
    TooLong {
        /// Its length in bytes.
        len: usize,
        /// The rule's maximum.
        max: usize,
    },
    /// A `/`, `&` or control character the rule does not allow.
    ForbiddenCharacter {
        /// The first such character.
        found: char,
    },
    /// Not one of the rule's values.
    NotInSet,
    /// Not the value the server forces (or missing).
    NotTheServersValue,
    /// Does not start with the rule's prefix.
    OutsidePrefix,
    /// An empty, `.` or `..` segment after the prefix.
    BadSegment,
}

impl fmt::Display for ValueProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TooLong { len, max } => {
                write!(f, "it is {len} bytes long; at most {max} are allowed")
            }
            Self::ForbiddenCharacter { found } => write!(
                f,
                "it contains {found:?}, which this server does not sign in this parameter"
            ),
            Self::NotInSet => f.write_str("it is not one of the values this server signs"),
            Self::NotTheServersValue => f.write_str(
                "it is not the value this server sets; send the value the server gave you",
            ),
            Self::OutsidePrefix => f.write_str("it is outside the space this server signs for"),
            Self::BadSegment => f.write_str("it has an empty, `.` or `..` path segment"),
        }
    }
}

/// Why [`SigningPolicyBuilder::build`](crate::policy::SigningPolicyBuilder::build) refuses a rule ([`Error::UnsafePolicy`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PolicyProblem {
    /// Not a Cloudinary parameter name (`[a-z0-9_]+`), or a name that is never signed
    /// (`file`, `api_key`, …).
    NotAParameter,
    /// A name no policy may sign ([`NEVER_SIGNED`](crate::policy::NEVER_SIGNED)).
    NeverSigned,
    /// `timestamp`, which the policy's timestamp rule governs.
    TimestampParameter,
    /// A name another signed call covers ([`CROSS_ENDPOINT_NAMES`](crate::policy::CROSS_ENDPOINT_NAMES)), allowed with
    /// [`Rule::text`](crate::policy::Rule::text).
    CrossEndpoint,
}

impl fmt::Display for PolicyProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::NotAParameter => {
                "it is not a signed Cloudinary parameter name (lower-case letters, digits, `_`; \
                 not file, api_key, cloud_name, resource_type or signature)"
            }
            Self::NeverSigned => {
                "an upload response's signature covers it, so signing it would forge responses"
            }
            Self::TimestampParameter => {
                "the policy's timestamp rule governs it; use with_timestamp_window or \
                 with_server_timestamp"
            }
            Self::CrossEndpoint => {
                "another signed Cloudinary call covers it (a destroy, rename, download, ...); \
                 allow it with Rule::one_of, Rule::forced or Rule::prefix, not Rule::text"
            }
        })
    }
}

/// What is wrong with the body of a signing request ([`Error::MalformedBody`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum BodyProblem {
    /// The body is not JSON text (kind `malformed_json`).
    NotJson {
        /// The JSON parser's message (line and column).
        detail: String,
    },
    /// JSON, but not `{"paramsToSign": {...}}`, `{"params_to_sign": {...}}` or a params
    /// object: an array, both wrappers, a wrapper twice, a wrapper that is not an object
    /// (kind `invalid_request`).
    WrongShape {
        /// The JSON parser's message.
        detail: String,
    },
    /// `{"paramsToSign": null}` (kind `missing_params_to_sign`).
    NullParams,
}

impl fmt::Display for BodyProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotJson { detail } => write!(f, "the body is not JSON: {detail}"),
            Self::WrongShape { detail } => write!(
                f,
                "the body must be {{\"paramsToSign\": {{...}}}}, {{\"params_to_sign\": {{...}}}} \
                 or the params object: {detail}"
            ),
            Self::NullParams => f.write_str(
                "`paramsToSign` is null; send {\"paramsToSign\": {...}} or the params object",
            ),
        }
    }
}

/// What is wrong with an item of a list of previous API secrets
/// ([`Error::MalformedSecretList`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SecretListProblem {
    /// The item is empty (two commas in a row, or one at either end).
    Empty,
    /// The item starts or ends with whitespace. Secrets are never trimmed, and Cloudinary
    /// secrets hold no whitespace, so this is a mistake such as `a, b`.
    SurroundingWhitespace,
}

impl fmt::Display for SecretListProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Empty => "is empty (two commas in a row, or a comma at either end)",
            Self::SurroundingWhitespace => {
                "starts or ends with whitespace (secrets are not trimmed; separate them with `,` alone)"
            }
        })
    }
}

/// What is wrong with a polled notification envelope ([`Error::MalformedPayload`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PayloadProblem {
    /// The message is not JSON text.
    NotJson,
    /// The message is not a JSON object.
    NotAnObject,
    /// The object has no `signed_payload` member.
    Missing,
    /// `signed_payload` is not JSON text (a number, `null`, an array, ...).
    NotText,
    /// `signed_payload` holds a character outside `A-Z a-z 0-9 - _` (whitespace, `+`, `/`,
    /// or `=` anywhere but at the end).
    InvalidCharacter {
        /// The byte offset of the first such character.
        offset: usize,
    },
    /// Its length without padding is 1 more than a multiple of 4: no bytes decode to it.
    InvalidLength,
    /// `=` padding that does not make the length a multiple of 4, or more than is needed.
    InvalidPadding,
    /// The unused low bits of the last character are not 0 (not canonical base64url).
    NonCanonical,
}

impl fmt::Display for PayloadProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotJson => f.write_str("the message is not JSON"),
            Self::NotAnObject => f.write_str("the message is not a JSON object"),
            Self::Missing => f.write_str("the message has no `signed_payload`"),
            Self::NotText => f.write_str("`signed_payload` is not a JSON string"),
            Self::InvalidCharacter { offset } => write!(
                f,
                "`signed_payload` has a character outside A-Z a-z 0-9 - _ at byte {offset} \
                 (whitespace, `+`, `/` and misplaced `=` are refused)"
            ),
            Self::InvalidLength => f.write_str(
                "`signed_payload` has a length that no base64url text has (1 more than a multiple of 4)",
            ),
            Self::InvalidPadding => f.write_str(
                "`signed_payload` has `=` padding that does not make its length a multiple of 4",
            ),
            Self::NonCanonical => f.write_str(
                "the last character of `signed_payload` has unused bits set (not canonical base64url)",
            ),
        }
    }
}

/// What is wrong with preloaded-file text ([`Error::MalformedPreloaded`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PreloadedProblem {
    /// There is no `#` before the signature.
    NoSignatureSeparator,
    /// The resource type is empty.
    EmptyResourceType,
    /// The delivery type is empty (or missing).
    EmptyType,
    /// There is no `v<digits>` segment after the delivery type.
    NoVersion,
    /// The filename after the version is empty.
    EmptyFilename,
    /// The public ID is empty (`.jpg`).
    EmptyPublicId,
    /// The public ID holds a character the response rule (`cld_sign::response`) refuses: `? & # \ % < > +`.
    ForbiddenCharacter,
    /// Parts given to [`PreloadedFileBuilder::sign`](crate::response::PreloadedFileBuilder::sign) that would
    /// read back as other parts (a public ID ending in `.x` without a format, a `/` in the
    /// resource type, ...).
    Ambiguous,
}

impl fmt::Display for PreloadedProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::NoSignatureSeparator => "there is no `#` before the signature",
            Self::EmptyResourceType => "the resource type is empty",
            Self::EmptyType => "the delivery type is empty or missing",
            Self::NoVersion => "there is no `v<digits>` version after the delivery type",
            Self::EmptyFilename => "the filename after the version is empty",
            Self::EmptyPublicId => "the public ID is empty",
            Self::ForbiddenCharacter => {
                "the public ID holds one of ? & # \\ % < > +, which public IDs never hold"
            }
            Self::Ambiguous => "these parts would read back as other parts",
        })
    }
}

/// What is wrong with a delivery URL's parts or form ([`Error::UnsupportedUrlForm`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum UrlFormProblem {
    /// An SEO suffix that is empty or holds `.`, `/`, `?`, `#`, whitespace or a control
    /// character.
    BadSuffix,
    /// An SEO suffix for a pair other than image/upload and raw/upload.
    SuffixNotSupported,
    /// An SEO suffix with a format for raw/upload (raw suffixed URLs carry no format).
    SuffixWithRawFormat,
    /// A shortened or root-path URL for a pair other than image/upload.
    FormNotSupported,
    /// Two forms that exclude each other: shortened with root path or suffix, private CDN
    /// with root path or a custom host.
    ConflictingForms,
    /// A custom host that is empty or holds `/`, `?`, `#`, `@`, whitespace or a control
    /// character.
    BadHost,
    /// A cloud name, resource type or delivery type that is empty, holds `/`, `?`, `#`,
    /// whitespace or a control character, or looks like a signature component.
    BadSegment,
    /// A transformation or format holding `?`, `#`, `&` or a control character (a format:
    /// `/` and `=` too; a transformation: `=` outside a transformation segment). No URL
    /// built by Cloudinary's SDKs signs a raw `&`, or `=` outside a transformation segment,
    /// and the verifier refuses them.
    BadCharacter,
    /// An empty public ID.
    EmptyPublicId,
    /// A version behind a transformation segment that is not one (see `cld_sign::delivery`): a verifier
    /// could not take the version out.
    VersionNotInPlace,
}

impl fmt::Display for UrlFormProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::BadSuffix => {
                "the URL suffix must be non-empty without `.`, `/`, `?`, `#`, whitespace or control characters"
            }
            Self::SuffixNotSupported => "only image/upload and raw/upload take a URL suffix",
            Self::SuffixWithRawFormat => {
                "a raw/upload URL with a suffix carries no format; put the extension in the public ID"
            }
            Self::FormNotSupported => "shortened and root-path URLs exist only for image/upload",
            Self::ConflictingForms => {
                "these URL forms exclude each other (shorten with root path or suffix; private CDN with root path or a custom host)"
            }
            Self::BadHost => {
                "the host must be non-empty without `/`, `?`, `#`, `@`, whitespace or control characters"
            }
            Self::BadSegment => {
                "cloud name, resource type and delivery type must be non-empty without `/`, `?`, `#`, whitespace or control characters, and not look like s--…--"
            }
            Self::BadCharacter => {
                "the transformation or format holds `?`, `#`, `&` or a control character (or the format a `/` or `=`, or a segment that is not a transformation an `=`)"
            }
            Self::EmptyPublicId => "the public ID is empty",
            Self::VersionNotInPlace => {
                "a version may only follow transformation segments (`c_fill,w_100`, `t_named`, `$v_1`); put this text in the public ID or drop the version"
            }
        })
    }
}

/// What is wrong with a malformed signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SignatureProblem {
    /// It contains a character that is not a hex digit.
    NotHex,
    /// It has the wrong number of characters.
    WrongLength {
        /// The number of characters the algorithm needs.
        expected: usize,
        /// The number of characters received.
        found: usize,
    },
    /// It is not URL-safe base64 (delivery URL signatures).
    NotBase64,
    /// A delivery URL signature of a length that is neither 8 (short) nor 32 (long).
    UrlSignatureLength {
        /// The number of characters received.
        found: usize,
    },
    /// There is no signature at all (an auth token without `~hmac=`, an empty header).
    Missing,
}

/// What is wrong with a malformed URL ([`Error::MalformedUrl`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum UrlProblem {
    /// The URL contains a control character (tab, line break, ...). A space is allowed: a
    /// raw transformation may hold one (text overlays), and the URL is taken as given.
    ControlCharacter,
    /// A delivery URL that does not start with `https://` or `http://`.
    NotHttp,
    /// A URL with no host.
    NoHost,
    /// A URL with no path after the host.
    NoPath,
    /// A delivery URL without an `s--…--` signature component.
    NoSignatureComponent,
    /// A delivery URL with nothing before its signature component (no resource type and
    /// delivery type, no shortened `iu`, no root path cloud name).
    NothingBeforeSignature,
    /// A delivery URL with nothing after its signature component.
    NothingAfterSignature,
    /// A path that is not a decoded, normalised request path: a `.` or `..` segment, `//`,
    /// a percent-encoded `.`, `/` or `\`, or a backslash (auth token URLs).
    NotNormalised,
    /// An auth token URL path with a `%` that is not followed by two hex digits.
    BadPathEscape,
    /// An auth token URL path holding `%25`, an encoded `%`: decoded once more, it could
    /// be another path (double encoding, such as `%252e%252e`).
    DoubleEncoded,
    /// An auth token URL path whose escapes decode to bytes that are not UTF-8, overlong
    /// encodings such as `%c0%ae` (a `.` in disguise) included.
    NotUtf8,
    /// An auth token URL path holding a look-alike of `.`, `/`, `\` or `%` (a full-width
    /// dot, a division slash, …) that a server normalising Unicode would turn into the real
    /// one; see [`canonical_token_path`](crate::delivery::canonical_token_path).
    LookAlike,
    /// `CLOUDINARY_URL` does not start with `cloudinary://`.
    NotCloudinaryScheme,
    /// `CLOUDINARY_URL` has no `<api_key>:<api_secret>@` before the cloud name.
    NoCredentials,
    /// `CLOUDINARY_URL` has no `:` between the API key and the API secret.
    NoSecretSeparator,
    /// `CLOUDINARY_URL` has no cloud name after `@`.
    NoCloudName,
    /// A bad `%`-escape in the API key or secret of `CLOUDINARY_URL`.
    BadEscape,
    /// A signed delivery URL whose path to sign holds a raw `&`, or a raw `=` outside a
    /// transformation segment: no URL built by Cloudinary's SDKs has one (they escape
    /// public IDs), so it is another scheme's text, never compared.
    NotSdkSignable,
    /// A public ID with a `%` that does not start a two-hex-digit escape, or whose escapes
    /// decode to bytes that are not UTF-8.
    BadPublicIdEscape,
}

impl fmt::Display for UrlProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::ControlCharacter => "it contains control characters (tab, line break, ...)",
            Self::NotHttp => "it does not start with https:// or http://",
            Self::NoHost => "it has no host",
            Self::NoPath => "it has no path after the host",
            Self::NoSignatureComponent => "it has no s--…-- signature component",
            Self::NothingBeforeSignature => {
                "it has no resource type and delivery type (or cloud name) before the signature component"
            }
            Self::NothingAfterSignature => "it has nothing after the signature component",
            Self::NotNormalised => {
                "the path is not a decoded, normalised request path (`.`/`..` segments, `//`, \
                 a backslash or a percent-encoded `.`, `/` or `\\`)"
            }
            Self::BadPathEscape => {
                "the path has a `%` that is not followed by two hex digits; pass the request \
                 path as received"
            }
            Self::DoubleEncoded => {
                "the path holds `%25` (an encoded `%`), which a second decoding could turn into \
                 another path; no public ID holds `%`"
            }
            Self::NotUtf8 => {
                "the path's %-escapes decode to bytes that are not UTF-8 (or an overlong \
                 encoding such as %c0%ae)"
            }
            Self::LookAlike => {
                "the path holds a look-alike of `.`, `/`, `\\` or `%` (a full-width dot, a \
                 division slash, ...) that a server normalising Unicode would read as the real one"
            }
            Self::NotCloudinaryScheme => "CLOUDINARY_URL must start with cloudinary://",
            Self::NoCredentials => {
                "CLOUDINARY_URL must look like cloudinary://<api_key>:<api_secret>@<cloud_name>"
            }
            Self::NoSecretSeparator => {
                "CLOUDINARY_URL has no ':' between the API key and the API secret"
            }
            Self::NoCloudName => "CLOUDINARY_URL has no cloud name after '@'",
            Self::BadEscape => "the API key or secret in CLOUDINARY_URL has a bad %-escape",
            Self::NotSdkSignable => {
                "the signed path holds a raw `&`, or a raw `=` outside a transformation segment, \
                 which no URL built by Cloudinary's SDKs has; percent-encode them in the public \
                 ID (%26, %3D)"
            }
            Self::BadPublicIdEscape => {
                "the public ID has a `%` that does not start a %XX escape, or escapes that are not UTF-8"
            }
        })
    }
}

impl Error {
    /// The kind of this error, with its snake_case name.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Self::EmptySecret | Self::SecretNotConfigured => ErrorKind::EmptySecret,
            Self::UnsupportedAlgorithm { .. } => ErrorKind::UnsupportedAlgorithm,
            Self::UnsupportedSignatureVersion { .. } => ErrorKind::UnsupportedSignatureVersion,
            Self::DuplicateParameter { .. } => ErrorKind::DuplicateParameter,
            Self::UnsupportedValue { .. } => ErrorKind::UnsupportedValue,
            Self::MissingTimestamp => ErrorKind::MissingTimestamp,
            Self::MalformedSignature { .. } => ErrorKind::MalformedSignature,
            Self::MalformedTimestamp { .. } | Self::BeforeUnixEpoch => {
                ErrorKind::MalformedTimestamp
            }
            Self::Mismatch { .. } => ErrorKind::Mismatch,
            Self::Expired { .. } => ErrorKind::Expired,
            Self::FromFuture { .. } => ErrorKind::FromFuture,
            Self::MalformedUrl { .. } => ErrorKind::MalformedUrl,
            Self::MalformedTokenKey => ErrorKind::MalformedTokenKey,
            Self::MissingExpiration => ErrorKind::MissingExpiration,
            Self::MissingAclOrUrl => ErrorKind::MissingAclOrUrl,
            Self::MalformedParameterName { .. } => ErrorKind::MalformedParameterName,
            Self::StartAfterExpiry { .. } => ErrorKind::StartAfterExpiry,
            Self::WrongClientIp => ErrorKind::Mismatch,
            Self::MalformedPayload { .. } => ErrorKind::MalformedPayload,
            Self::MalformedPreloaded { .. } => ErrorKind::MalformedPreloaded,
            Self::UnsupportedUrlForm { .. } => ErrorKind::UnsupportedValue,
            Self::UnsupportedParameter { .. } => ErrorKind::UnsupportedParameter,
            Self::ValueNotAllowed { .. } => ErrorKind::DisallowedValue,
            Self::TooManyParameters { .. } => ErrorKind::TooManyParameters,
            Self::ParamsTooLarge { .. } => ErrorKind::ParamsTooLarge,
            Self::UnsafePolicy { .. } => ErrorKind::UnsafePolicy,
            Self::MalformedBody { problem } => match problem {
                BodyProblem::NotJson { .. } => ErrorKind::MalformedJson,
                BodyProblem::WrongShape { .. } => ErrorKind::InvalidRequest,
                BodyProblem::NullParams => ErrorKind::MissingParamsToSign,
            },
            Self::MalformedSecretList { .. } => ErrorKind::EmptySecret,
            Self::SignatureV2Only => ErrorKind::UnsupportedAuthScheme,
            Self::MalformedAcl { .. } => ErrorKind::MalformedAcl,
            Self::MalformedTokenName { .. } => ErrorKind::MalformedTokenName,
            Self::MalformedCursor { .. } => ErrorKind::MalformedCursor,
            Self::MissingCloudName => ErrorKind::MissingCloudName,
            Self::AmbiguousListItem { .. } => ErrorKind::AmbiguousListItem,
            Self::UnexpectedPreloaded { .. } => ErrorKind::UnexpectedPreloaded,
            Self::MalformedSetting { .. } => ErrorKind::MalformedSetting,
            Self::MalformedMessage { .. } => ErrorKind::MalformedMessage,
            Self::MissingHeader { .. } => ErrorKind::MissingHeader,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::EmptySecret => f.write_str(
                "the API secret is empty; pass the account's API secret (never an empty one)",
            ),
            Self::SecretNotConfigured => f.write_str(
                "no API secret is configured; set CLOUDINARY_URL \
                 (cloudinary://<api_key>:<api_secret>@<cloud_name>) or CLOUDINARY_API_SECRET",
            ),
            Self::UnsupportedAlgorithm { name } => write!(
                f,
                "unsupported signature algorithm {name:?}; use \"sha1\" or \"sha256\""
            ),
            Self::UnsupportedSignatureVersion { version } => write!(
                f,
                "unsupported signature version {version:?}; use 1 or 2 (2 is the default)"
            ),
            Self::DuplicateParameter { name } => write!(
                f,
                "parameter {name:?} is given twice; give each parameter once"
            ),
            Self::UnsupportedValue { name, found } if name.is_empty() => write!(
                f,
                "cannot sign {found}; pass a map or struct of parameters"
            ),
            Self::UnsupportedValue { name, found }
                if found.contains("object") || found.contains("map") =>
            {
                write!(
                    f,
                    "parameter {name:?} is {found}, which cannot be signed; send it as a \
                     string (e.g. `key=value` pairs joined with `|` for context/metadata)"
                )
            }
            Self::UnsupportedValue { name, found } => {
                write!(f, "parameter {name:?} is {found}, which cannot be signed")
            }
            Self::MissingTimestamp => f.write_str(
                "the request has no `timestamp`; add the current Unix time in seconds",
            ),
            Self::MalformedSignature { reason } => match reason {
                SignatureProblem::NotHex => {
                    f.write_str("the signature is not hexadecimal; expected only 0-9, a-f")
                }
                SignatureProblem::WrongLength { expected, found } => write!(
                    f,
                    "the signature has {found} characters; the algorithm needs {expected}"
                ),
                SignatureProblem::NotBase64 => f.write_str(
                    "the URL signature is not URL-safe base64; expected only A-Z a-z 0-9 - _",
                ),
                SignatureProblem::UrlSignatureLength { found } => write!(
                    f,
                    "the URL signature has {found} characters; a short one has 8, a long one 32"
                ),
                SignatureProblem::Missing => f.write_str("there is no signature"),
            },
            Self::MalformedTimestamp { len } => write!(
                f,
                "the timestamp is not a Unix time in whole seconds (1 to 19 ASCII digits; \
                 received {len} bytes)"
            ),
            Self::Mismatch {
                string_to_sign: Some(s),
            } => write!(
                f,
                "the signature does not match; string to sign - '{s}'"
            ),
            Self::Mismatch {
                string_to_sign: None,
            } => f.write_str(
                "the signature does not match; check the secret, the algorithm and the exact bytes signed",
            ),
            Self::Expired { age, valid_for } => write!(
                f,
                "the signature is {age} s old; at most {valid_for} s is allowed"
            ),
            Self::FromFuture { ahead, max_skew } => write!(
                f,
                "the timestamp is {ahead} s in the future; at most {max_skew} s of clock skew is allowed"
            ),
            Self::MalformedUrl { problem } => write!(f, "malformed URL: {problem}"),
            Self::MalformedTokenKey => f.write_str(
                "the auth-token key is not hex; use the key from the console (an even number of hex digits)",
            ),
            Self::MissingExpiration => f.write_str(
                "the auth token has no expiry; give `expiration`, or `duration` (with an optional start time)",
            ),
            Self::MissingAclOrUrl => {
                f.write_str("the auth token needs an ACL or a URL to grant access to")
            }
            Self::StartAfterExpiry { start, expiration } => write!(
                f,
                "the auth token starts at {start}, after it expires at {expiration}; \
                 give a later expiration or an earlier start"
            ),
            Self::WrongClientIp => f.write_str(
                "the auth token is restricted to another client IP address",
            ),
            Self::BeforeUnixEpoch => f.write_str(
                "the time is before 1970-01-01, which a Unix timestamp cannot hold; check the clock",
            ),
            Self::MalformedParameterName { name } => write!(
                f,
                "parameter name {name:?} is not a Cloudinary parameter name; use one or more \
                 lower-case ASCII letters, digits and `_` (as in `public_id`)"
            ),
            Self::MalformedPayload { problem } => {
                write!(f, "malformed notification envelope: {problem}")
            }
            Self::MalformedPreloaded { problem } => write!(
                f,
                "malformed preloaded file ({problem}); expected \
                 <resource_type>/<type>/v<version>/<filename>#<signature>"
            ),
            Self::UnsupportedUrlForm { problem } => {
                write!(f, "unsupported delivery URL form: {problem}")
            }
            Self::UnsupportedParameter { name } => write!(
                f,
                "this server does not sign the parameter {name:?}; send only the parameters \
                 its signing policy allows"
            ),
            Self::ValueNotAllowed { name, problem } => {
                write!(f, "this server does not sign that value of {name:?}: {problem}")
            }
            Self::TooManyParameters { count, max } => write!(
                f,
                "{count} parameters received; this server signs at most {max} at once"
            ),
            Self::ParamsTooLarge { size, max } => write!(
                f,
                "the parameters hold {size} bytes; this server signs at most {max} at once"
            ),
            Self::UnsafePolicy { name, problem } => {
                write!(f, "the signing policy cannot allow {name:?}: {problem}")
            }
            Self::MalformedBody { problem } => problem.fmt(f),
            Self::MalformedSecretList { item, problem } => write!(
                f,
                "item {item} of CLOUDINARY_PREVIOUS_API_SECRETS {problem}; give previous API \
                 secrets separated by `,`"
            ),
            Self::SignatureV2Only => f.write_str(
                "the notification carries X-Cld-Signature_v2 but no X-Cld-Signature: its \
                 trigger's auth_scheme is eddsa_v2, which cannot be verified (Cloudinary \
                 publishes no key for it); set the notification trigger's auth_scheme to \
                 `default` or `legacy_hmac`",
            ),
            Self::MalformedAcl { item } => write!(
                f,
                "ACL {item} holds `!`, which separates the ACLs of a token, so it would grant \
                 more than one pattern; give each pattern as its own ACL, and keep `!` out of \
                 any text a user chose (a folder name, ...) before putting it in a pattern"
            ),
            Self::MalformedTokenName { name } => write!(
                f,
                "token name {name:?} is not a name; use one or more of A-Z a-z 0-9 _ - \
                 (the default is __cld_token__)"
            ),
            Self::MalformedCursor { offset } => write!(
                f,
                "the search cursor has a character outside A-Z a-z 0-9 - _ = at byte {offset}; \
                 pass the next_cursor the Search API returned, unchanged"
            ),
            Self::MissingCloudName => f.write_str(
                "the cloud name is empty; pass the account's cloud name (the Media Library \
                 login signs it)",
            ),
            Self::AmbiguousListItem { name, item } => write!(
                f,
                "item {item} of {name:?} holds `,`, and a list is signed as its items joined \
                 with `,`, so it would sign as several items; give each item on its own"
            ),
            Self::UnexpectedPreloaded { part } => write!(
                f,
                "the preloaded file's {part} is not one this server accepts (its signature \
                 covers only the public ID and version); upload the file as expected"
            ),
            Self::MalformedSetting { name, problem } => {
                write!(f, "the URL setting `{name}` is malformed: {problem}")
            }
            Self::MalformedMessage { problem } => write!(
                f,
                "not Cloudinary's Invalid Signature message: {problem}"
            ),
            Self::MissingHeader { name } => write!(
                f,
                "the {name} header is missing; this is not a Cloudinary notification"
            ),
        }
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn kinds_print_their_names() {
        let mut seen = HashSet::new();
        for &kind in ErrorKind::ALL {
            let name = kind.to_string();
            assert_eq!(name, kind.as_str());
            assert!(!name.is_empty() && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'));
            assert!(seen.insert(name), "{kind:?}");
        }
        assert_eq!(ErrorKind::Mismatch.to_string(), "mismatch");
        assert_eq!(seen.len(), 37);
    }

    /// Each problem prints its own sentence, and the error's message carries it.
    #[test]
    fn problems_print_distinct_sentences_inside_their_errors() {
        let payload = [
            PayloadProblem::NotJson,
            PayloadProblem::NotAnObject,
            PayloadProblem::Missing,
            PayloadProblem::NotText,
            PayloadProblem::InvalidCharacter { offset: 7 },
            PayloadProblem::InvalidLength,
            PayloadProblem::InvalidPadding,
            PayloadProblem::NonCanonical,
        ];
        let preloaded = [
            PreloadedProblem::NoSignatureSeparator,
            PreloadedProblem::EmptyResourceType,
            PreloadedProblem::EmptyType,
            PreloadedProblem::NoVersion,
            PreloadedProblem::EmptyFilename,
            PreloadedProblem::EmptyPublicId,
            PreloadedProblem::ForbiddenCharacter,
            PreloadedProblem::Ambiguous,
        ];
        let forms = [
            UrlFormProblem::BadSuffix,
            UrlFormProblem::SuffixNotSupported,
            UrlFormProblem::SuffixWithRawFormat,
            UrlFormProblem::FormNotSupported,
            UrlFormProblem::ConflictingForms,
            UrlFormProblem::BadHost,
            UrlFormProblem::BadSegment,
            UrlFormProblem::BadCharacter,
            UrlFormProblem::EmptyPublicId,
            UrlFormProblem::VersionNotInPlace,
        ];
        fn check(group: impl IntoIterator<Item = (String, Error)>) {
            let mut sentences = HashSet::new();
            for (sentence, error) in group {
                assert!(sentence.len() > 10, "{sentence:?}");
                assert!(
                    error.to_string().contains(&sentence),
                    "{error} / {sentence}"
                );
                assert!(sentences.insert(sentence.clone()), "{sentence:?} twice");
            }
        }
        check(payload.map(|problem| (problem.to_string(), Error::MalformedPayload { problem })));
        check(
            preloaded.map(|problem| (problem.to_string(), Error::MalformedPreloaded { problem })),
        );
        check(forms.map(|problem| (problem.to_string(), Error::UnsupportedUrlForm { problem })));
        let urls = [
            UrlProblem::ControlCharacter,
            UrlProblem::NotHttp,
            UrlProblem::NoHost,
            UrlProblem::NoPath,
            UrlProblem::NoSignatureComponent,
            UrlProblem::NothingBeforeSignature,
            UrlProblem::NothingAfterSignature,
            UrlProblem::NotNormalised,
            UrlProblem::BadPathEscape,
            UrlProblem::DoubleEncoded,
            UrlProblem::NotUtf8,
            UrlProblem::LookAlike,
            UrlProblem::NotCloudinaryScheme,
            UrlProblem::NoCredentials,
            UrlProblem::NoSecretSeparator,
            UrlProblem::NoCloudName,
            UrlProblem::BadEscape,
            UrlProblem::NotSdkSignable,
            UrlProblem::BadPublicIdEscape,
        ];
        check(urls.map(|problem| (problem.to_string(), Error::MalformedUrl { problem })));
        let settings = [
            SettingProblem::NotBoolean,
            SettingProblem::NotHttpOrigin,
            SettingProblem::BadHost,
            SettingProblem::Repeated,
            SettingProblem::BadEscape,
        ];
        check(settings.map(|problem| {
            let error = Error::MalformedSetting {
                name: "secure",
                problem,
            };
            assert!(error.to_string().contains("`secure`"), "{error}");
            (problem.to_string(), error)
        }));
        let lists = [
            SecretListProblem::Empty,
            SecretListProblem::SurroundingWhitespace,
        ];
        check(lists.map(|problem| {
            let error = Error::MalformedSecretList { item: 3, problem };
            assert_eq!(error.kind(), ErrorKind::EmptySecret);
            assert!(error.to_string().starts_with("item 3 of "), "{error}");
            (problem.to_string(), error)
        }));
        assert!(
            PayloadProblem::InvalidCharacter { offset: 7 }
                .to_string()
                .contains('7')
        );
    }

    /// `UnsupportedValue` words its advice by what was found and whether a name is known.
    #[test]
    fn unsupported_values_are_explained_by_what_was_found() {
        let whole = Error::UnsupportedValue {
            name: String::new(),
            found: "a sequence".to_owned(),
        }
        .to_string();
        assert_eq!(
            whole,
            "cannot sign a sequence; pass a map or struct of parameters"
        );
        for found in ["an object", "a map"] {
            let nested = Error::UnsupportedValue {
                name: "context".to_owned(),
                found: found.to_owned(),
            }
            .to_string();
            assert!(
                nested.starts_with(&format!(
                    "parameter \"context\" is {found}, which cannot be signed; send it as a string"
                )),
                "{nested}"
            );
        }
        let other = Error::UnsupportedValue {
            name: "eager".to_owned(),
            found: "a byte array".to_owned(),
        }
        .to_string();
        assert_eq!(
            other,
            "parameter \"eager\" is a byte array, which cannot be signed"
        );
    }
}
