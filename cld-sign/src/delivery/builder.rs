//! Building signed delivery URLs in every form, and escaping public IDs for them (see `cld_sign::delivery`).

use std::borrow::Cow;
use std::fmt::Write as _;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, percent_encode};

use super::segments::is_transformation;
use super::signed_delivery_url::SignedDeliveryUrl;
use super::url_signature::{UrlSignature, UrlSignatureKind};
use super::url_token::DeliveryToken;
use crate::error::{Error, UrlFormProblem};
use crate::signer::Signer;
use crate::timestamp::Timestamp;
use crate::url_settings::{SHARED_CDN, UrlSettings};

/// The host of the URLs [`DeliveryUrl`] builds unless [`UrlSettings`] choose another.
pub const DELIVERY_HOST: &str = SHARED_CDN;

/// The token settings of a URL, equal when they are the same value (a token key has no
/// equality of its own).
#[derive(Debug, Clone, Copy)]
struct TokenRef<'a>(&'a DeliveryToken);

impl PartialEq for TokenRef<'_> {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.0, other.0)
    }
}

impl Eq for TokenRef<'_> {}

/// A signed delivery URL, built from its parts (see `cld_sign::delivery`):
///
/// `https://res.cloudinary.com/<cloud>/<resource_type>/<type>/s--SIG--/<transformation>/v<version>/<public_id>.<format>`
///
/// It outputs exactly the parts it is given: no transformation, version or format unless
/// set (the SDKs add `v1` for public IDs in a folder; pass it with
/// [`with_version`](Self::with_version) if you want it). The public ID is given unescaped and escaped
/// with [`escape_public_id`]. Resource type and delivery type default to `image` and
/// `upload`. The signature covers the transformation, the escaped public ID and the format,
/// never the version, the host, the form or the suffix.
///
/// The URL forms of the URL-form rule (`cld_sign::delivery`) (pycloudinary's option names): [`with_url_suffix`](Self::with_url_suffix)
/// (`images/…/<public_id>/<suffix>.<format>` for image/upload, `files/…/<public_id>/<suffix>`
/// for raw/upload), [`with_use_root_path`](Self::with_use_root_path) (`/<cloud>/s--SIG--/…`,
/// image/upload), [`with_shorten`](Self::with_shorten) (`/<cloud>/iu/s--SIG--/…`, image/upload),
/// [`with_private_cdn`](Self::with_private_cdn) (`https://<cloud>-res.cloudinary.com/…`, no cloud
/// segment) and a custom [`with_host`](Self::with_host). [`sign`](Self::sign) refuses a form the URL-form rule (`cld_sign::delivery`)
/// does not define for the parts, and parts the verifier could not read back.
///
/// The host comes from the account's [`UrlSettings`] when given
/// ([`with_url_settings`](Self::with_url_settings): `secure`, `secure_distribution`, `private_cdn`,
/// `cname`, `cdn_subdomain`, as the SDKs read them), and an authenticated asset's URL
/// carries its auth token with [`with_auth_token`](Self::with_auth_token).
///
/// ```
/// use cld_sign::delivery::{DeliveryUrlVerifier, DeliveryUrl};
/// use cld_sign::{ApiSecret, Signer};
/// let signer = Signer::new(ApiSecret::new("abcd")?);
/// let verifier = DeliveryUrlVerifier::new(signer.clone());
/// let url = DeliveryUrl::new("demo", "sample")
///     .with_transformation("c_fill,h_150,w_100")
///     .sign(&signer)?;
/// assert_eq!(
///     url,
///     "https://res.cloudinary.com/demo/image/upload/s--UhxSFlP8--/c_fill,h_150,w_100/sample"
/// );
/// verifier.verify(url.as_str())?;
///
/// // An SEO suffix is not signed: the same signature as `v2/sample.png`.
/// let url = DeliveryUrl::new("demo", "v2/sample").with_format("png").with_url_suffix("Spring2024").sign(&signer)?;
/// assert_eq!(url, "https://res.cloudinary.com/demo/images/s--YZzK4-l0--/v2/sample/Spring2024.png");
/// let reading = verifier.verify(url.as_str())?;
/// assert_eq!(reading.suffix(), Some("Spring2024"));
/// # Ok::<(), cld_sign::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeliveryUrl<'a> {
    cloud_name: &'a str,
    resource_type: &'a str,
    delivery_type: &'a str,
    transformation: Option<&'a str>,
    version: Option<u64>,
    public_id: &'a str,
    format: Option<&'a str>,
    kind: UrlSignatureKind,
    url_suffix: Option<&'a str>,
    use_root_path: bool,
    shorten: bool,
    private_cdn: bool,
    host: Option<&'a str>,
    settings: Option<&'a UrlSettings>,
    token: Option<TokenRef<'a>>,
}

impl<'a> DeliveryUrl<'a> {
    /// The URL of `public_id` (unescaped) in `cloud_name`, as an `image` of type `upload`,
    /// with a short signature, in the default form.
    pub fn new(cloud_name: &'a str, public_id: &'a str) -> Self {
        Self {
            cloud_name,
            resource_type: "image",
            delivery_type: "upload",
            transformation: None,
            version: None,
            public_id,
            format: None,
            kind: UrlSignatureKind::Short,
            url_suffix: None,
            use_root_path: false,
            shorten: false,
            private_cdn: false,
            host: None,
            settings: None,
            token: None,
        }
    }

    /// The resource type: `image` (default), `video`, `raw`.
    #[must_use]
    pub fn with_resource_type(mut self, resource_type: &'a str) -> Self {
        self.resource_type = resource_type;
        self
    }

    /// The delivery type: `upload` (default), `private`, `authenticated`, `fetch`, ...
    #[must_use]
    pub fn with_delivery_type(mut self, delivery_type: &'a str) -> Self {
        self.delivery_type = delivery_type;
        self
    }

    /// The transformation, as raw URL text (`c_fill,h_150,w_100`, chained with `/`; a text
    /// overlay may hold spaces). Empty means none.
    #[must_use]
    pub fn with_transformation(mut self, transformation: &'a str) -> Self {
        self.transformation = Some(transformation).filter(|t| !t.is_empty());
        self
    }

    /// The version: adds the (unsigned) `v<version>` component.
    #[must_use]
    pub fn with_version(mut self, version: u64) -> Self {
        self.version = Some(version);
        self
    }

    /// The format (file extension, without the dot). Empty means none.
    #[must_use]
    pub fn with_format(mut self, format: &'a str) -> Self {
        self.format = Some(format).filter(|f| !f.is_empty());
        self
    }

    /// Short (default) or long signature.
    #[must_use]
    pub fn with_signature_kind(mut self, kind: UrlSignatureKind) -> Self {
        self.kind = kind;
        self
    }

    /// An SEO suffix (pycloudinary `url_suffix`), not signed: `…/<public_id>/<suffix>.<format>`
    /// under `images` for image/upload, `…/<public_id>/<suffix>` under `files` for
    /// raw/upload. Non-empty, without `.` or `/` (checked by [`sign`](Self::sign)).
    #[must_use]
    pub fn with_url_suffix(mut self, suffix: &'a str) -> Self {
        self.url_suffix = Some(suffix);
        self
    }

    /// The root path form (pycloudinary `use_root_path`), image/upload only:
    /// `/<cloud>/s--SIG--/…`, with or without a suffix.
    #[must_use]
    pub fn with_use_root_path(mut self, yes: bool) -> Self {
        self.use_root_path = yes;
        self
    }

    /// The shortened form (pycloudinary `shorten`), image/upload only: `/<cloud>/iu/s--SIG--/…`.
    #[must_use]
    pub fn with_shorten(mut self, yes: bool) -> Self {
        self.shorten = yes;
        self
    }

    /// The private CDN host (pycloudinary `private_cdn`): `https://<cloud>-res.cloudinary.com/…`,
    /// without the cloud segment.
    #[must_use]
    pub fn with_private_cdn(mut self, yes: bool) -> Self {
        self.private_cdn = yes;
        self
    }

    /// A custom host (pycloudinary `secure_distribution` / `cname`) in place of
    /// `res.cloudinary.com`; the cloud segment stays.
    #[must_use]
    pub fn with_host(mut self, host: &'a str) -> Self {
        self.host = Some(host);
        self
    }

    /// Where the URL points and which forms it takes: the delivery host of the account's
    /// settings (usually [`Config::url_settings`](crate::Config::url_settings)), as the SDKs
    /// choose it, and their `use_root_path`, `shorten` (where it applies) and
    /// `long_url_signature`. [`with_private_cdn`](Self::with_private_cdn) and [`with_host`](Self::with_host)
    /// win over the host; the forms add to the builder's own.
    ///
    /// ```
    /// use cld_sign::delivery::DeliveryUrl;
    /// use cld_sign::{ApiSecret, Config, Signer};
    /// let config = Config::from_url("cloudinary://1234:abcd@demo?secure=false&cname=img.example.com")?;
    /// let url = DeliveryUrl::new("demo", "sample")
    ///     .with_url_settings(config.url_settings())
    ///     .sign(&Signer::from_config(&config))?;
    /// assert_eq!(url, "http://img.example.com/demo/image/upload/s--y-tjJGJv--/sample");
    /// # Ok::<(), cld_sign::Error>(())
    /// ```
    #[must_use]
    pub fn with_url_settings(mut self, settings: &'a UrlSettings) -> Self {
        self.settings = Some(settings);
        self
    }

    /// Attaches an auth token, as the SDKs do for a signed URL with token settings: the URL
    /// gets `?__cld_token__=…` granting its path, in place of the `s--…--` signature unless
    /// the token asks for both (see [`DeliveryToken`]).
    #[must_use]
    pub fn with_auth_token(mut self, token: &'a DeliveryToken) -> Self {
        self.token = Some(TokenRef(token));
        self
    }

    /// The path that is signed: `<transformation>/<escaped public ID>.<format>`.
    ///
    /// ```
    /// # use cld_sign::delivery::DeliveryUrl;
    /// let url = DeliveryUrl::new("demo", "my image (1)").with_version(1315060510).with_format("jpg");
    /// assert_eq!(url.to_sign(), "my%20image%20%281%29.jpg");
    /// ```
    pub fn to_sign(&self) -> String {
        let asset = self.asset(None);
        match self.transformation {
            Some(transformation) => format!("{transformation}/{asset}"),
            None => asset,
        }
    }

    /// The full signed URL, with its signature ([`SignedDeliveryUrl`]).
    ///
    /// # Errors
    /// [`Error::UnsupportedUrlForm`] (kind `unsupported_value`) with the
    /// [`UrlFormProblem`]: a form the URL-form rule (`cld_sign::delivery`) does not define for these parts (a suffix for
    /// a pair other than image/upload and raw/upload, a raw suffix with a format, a root
    /// path or shortened URL other than image/upload, two forms that exclude each other),
    /// a bad suffix or host, or parts a verifier could not read back (a cloud name,
    /// resource type or delivery type with `/`, `?`, `#` or whitespace; a transformation or
    /// format with `?`, `#` or a control character; an empty public ID; a version behind a
    /// segment that is not a transformation); with a [`with_auth_token`](Self::with_auth_token),
    /// [`Error::StartAfterExpiry`] when its start is after its expiration (and the token's
    /// own errors). A token whose validity is a duration without a start time starts at
    /// the clock's time; [`sign_at`](Self::sign_at) takes the time.
    pub fn sign(&self, signer: &Signer) -> Result<SignedDeliveryUrl, Error> {
        self.sign_at(signer, Timestamp::now())
    }

    /// [`sign`](Self::sign), with `now` as the start of an auth token valid for a duration
    /// without a start time.
    ///
    /// # Errors
    /// As [`sign`](Self::sign).
    pub fn sign_at(&self, signer: &Signer, now: Timestamp) -> Result<SignedDeliveryUrl, Error> {
        self.with_setting_forms().build(signer, now)
    }

    /// This URL with the forms its settings ask for: the root path, the shortened form
    /// where it applies (image/upload without a suffix or root path, as the SDKs apply
    /// it) and long signatures.
    fn with_setting_forms(&self) -> Self {
        let mut this = *self;
        if let Some(settings) = self.settings {
            this.use_root_path |= settings.use_root_path();
            this.shorten |= settings.shorten()
                && (this.resource_type, this.delivery_type) == ("image", "upload")
                && this.url_suffix.is_none()
                && !this.use_root_path;
            if settings.long_url_signature() {
                this.kind = UrlSignatureKind::Long;
            }
        }
        this
    }

    /// The signed URL of exactly these parts and forms.
    fn build(&self, signer: &Signer, now: Timestamp) -> Result<SignedDeliveryUrl, Error> {
        self.check()
            .map_err(|problem| Error::UnsupportedUrlForm { problem })?;
        let token = self.token.map(|t| t.0);
        let signature = token
            .is_none_or(DeliveryToken::url_signature)
            .then(|| UrlSignature::sign(signer, &self.to_sign(), self.kind));
        let asset = self.asset(self.url_suffix);
        let default_settings;
        let settings = match self.settings {
            Some(settings) => settings,
            None => {
                default_settings = UrlSettings::default();
                &default_settings
            }
        };
        let (mut url, shared) =
            settings.origin_with(self.cloud_name, &asset, self.private_cdn, self.host);
        // The path, which a token grants, starts after the origin.
        let path_start = url.len();
        if shared {
            url.push('/');
            url.push_str(self.cloud_name);
        }
        url.push('/');
        match self.form_prefix() {
            Some(prefix) => {
                url.push_str(prefix);
                url.push('/');
            }
            None if self.use_root_path => {}
            None => {
                let _ = write!(url, "{}/{}/", self.resource_type, self.delivery_type);
            }
        }
        if let Some(signature) = &signature {
            let _ = write!(url, "{signature}/");
        }
        if let Some(transformation) = self.transformation {
            url.push_str(transformation);
            url.push('/');
        }
        if let Some(version) = self.version {
            let _ = write!(url, "v{version}/");
        }
        url.push_str(&asset);
        let token = match token {
            Some(token) => {
                let token = token.sign_at(&url[path_start..], now)?;
                let _ = write!(url, "?{token}");
                Some(token)
            }
            None => None,
        };
        Ok(SignedDeliveryUrl::new(url, signature, token))
    }

    /// What stands between the cloud segment and the signature in the forms of the URL-form rule (`cld_sign::delivery`)
    /// (`None`: nothing for the root path, `<resource_type>/<type>` by default).
    fn form_prefix(&self) -> Option<&'a str> {
        if self.use_root_path {
            None
        } else if self.url_suffix.is_some() {
            Some(if self.resource_type == "raw" {
                "files"
            } else {
                "images"
            })
        } else if self.shorten {
            Some("iu")
        } else {
            None
        }
    }

    /// The URL-form rules (`cld_sign::delivery`) on forms, and what a verifier must be able to read back.
    fn check(&self) -> Result<(), UrlFormProblem> {
        let image_upload = (self.resource_type, self.delivery_type) == ("image", "upload");
        let raw_upload = (self.resource_type, self.delivery_type) == ("raw", "upload");
        let private_cdn = self.private_cdn || self.settings.is_some_and(UrlSettings::private_cdn);
        if (self.shorten && (self.use_root_path || self.url_suffix.is_some()))
            || (private_cdn && (self.use_root_path || self.host.is_some()))
        {
            return Err(UrlFormProblem::ConflictingForms);
        }
        if (self.shorten || self.use_root_path) && !image_upload {
            return Err(UrlFormProblem::FormNotSupported);
        }
        if let Some(suffix) = self.url_suffix {
            if suffix.is_empty()
                || suffix.contains(['.', '/', '?', '#'])
                || has_space_or_control(suffix)
            {
                return Err(UrlFormProblem::BadSuffix);
            }
            if !(image_upload || raw_upload) {
                return Err(UrlFormProblem::SuffixNotSupported);
            }
            if raw_upload && self.format.is_some() {
                return Err(UrlFormProblem::SuffixWithRawFormat);
            }
        }
        let bad_host = |host: &str| {
            host.is_empty() || host.contains(['/', '?', '#', '@']) || has_space_or_control(host)
        };
        if self.host.is_some_and(bad_host) {
            return Err(UrlFormProblem::BadHost);
        }
        let plain = |segment: &str| {
            !segment.is_empty()
                && !segment.contains(['/', '?', '#'])
                && !has_space_or_control(segment)
                && !segment.starts_with("s--")
        };
        if !(plain(self.cloud_name) && plain(self.resource_type) && plain(self.delivery_type)) {
            return Err(UrlFormProblem::BadSegment);
        }
        let bad_text =
            |text: &str| text.contains(['?', '#', '&']) || text.chars().any(char::is_control);
        // A verifier refuses a raw `=` outside transformation segments: no SDK signs one.
        let bad_equals = |t: &str| {
            t.split('/')
                .any(|s| s.contains('=') && !is_transformation(s))
        };
        if self
            .transformation
            .is_some_and(|t| bad_text(t) || bad_equals(t))
            || self
                .format
                .is_some_and(|f| bad_text(f) || f.contains(['/', '=']))
        {
            return Err(UrlFormProblem::BadCharacter);
        }
        if self.public_id.is_empty() {
            return Err(UrlFormProblem::EmptyPublicId);
        }
        // A verifier takes a version out only behind transformation segments (see `cld_sign::delivery`).
        if self.version.is_some()
            && !self
                .transformation
                .is_none_or(|t| t.split('/').all(is_transformation))
        {
            return Err(UrlFormProblem::VersionNotInPlace);
        }
        Ok(())
    }

    /// `<escaped public ID>[/<suffix>].<format>`.
    fn asset(&self, suffix: Option<&str>) -> String {
        let mut asset = escape_public_id(self.public_id);
        if let Some(suffix) = suffix {
            asset.push('/');
            asset.push_str(suffix);
        }
        if let Some(format) = self.format {
            asset.push('.');
            asset.push_str(format);
        }
        asset
    }
}

/// Whitespace or control characters, which a host or URL segment never holds.
fn has_space_or_control(text: &str) -> bool {
    text.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// Escapes a public ID for a delivery URL (see `cld_sign::delivery`): percent-decodes it once, then
/// percent-encodes (upper-case hex) every byte of the result outside
/// `A-Z a-z 0-9 - _ . / :`.
///
/// Decoding first means an ID given already escaped is not escaped twice; a `%` that does
/// not start a valid escape stays a literal `%` (and is then encoded as `%25`).
///
/// ```
/// use cld_sign::delivery::escape_public_id;
/// assert_eq!(escape_public_id("my image (1)"), "my%20image%20%281%29");
/// assert_eq!(escape_public_id("my%20image"), "my%20image");
/// assert_eq!(escape_public_id("100% real"), "100%25%20real");
/// assert_eq!(escape_public_id("folder/café"), "folder/caf%C3%A9");
/// ```
pub fn escape_public_id(public_id: &str) -> String {
    let decoded: Cow<'_, [u8]> = percent_decode_str(public_id).into();
    Cow::from(percent_encode(&decoded, PUBLIC_ID_ESCAPED)).into_owned()
}

/// What [`escape_public_id`] encodes: every byte but `A-Z a-z 0-9 - _ . / :` (the crate
/// encodes every non-ASCII byte, with upper-case hex).
const PUBLIC_ID_ESCAPED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'/')
    .remove(b':');

#[cfg(test)]
mod tests {
    use super::*;

    /// Each the URL-form rule (`cld_sign::delivery`) refusal, one field away from a URL that is allowed.
    #[test]
    fn every_form_rule_refuses_exactly_its_case() {
        use UrlFormProblem::*;
        let url = |id| DeliveryUrl::new("demo", id);
        let ok = url("sample");
        let cases: Vec<(DeliveryUrl<'_>, Result<(), UrlFormProblem>)> = vec![
            (ok, Ok(())),
            (ok.with_shorten(true), Ok(())),
            (
                ok.with_shorten(true).with_use_root_path(true),
                Err(ConflictingForms),
            ),
            (
                ok.with_shorten(true).with_url_suffix("s"),
                Err(ConflictingForms),
            ),
            (ok.with_private_cdn(true), Ok(())),
            (
                ok.with_private_cdn(true).with_use_root_path(true),
                Err(ConflictingForms),
            ),
            (
                ok.with_private_cdn(true).with_host("h.example"),
                Err(ConflictingForms),
            ),
            (ok.with_use_root_path(true), Ok(())),
            (
                ok.with_use_root_path(true).with_resource_type("video"),
                Err(FormNotSupported),
            ),
            (
                ok.with_shorten(true).with_delivery_type("private"),
                Err(FormNotSupported),
            ),
            (ok.with_url_suffix("nice"), Ok(())),
            (ok.with_url_suffix(""), Err(BadSuffix)),
            (ok.with_url_suffix("a.b"), Err(BadSuffix)),
            (ok.with_url_suffix("a/b"), Err(BadSuffix)),
            (ok.with_url_suffix("a b"), Err(BadSuffix)),
            (ok.with_url_suffix("a\tb"), Err(BadSuffix)),
            (
                ok.with_url_suffix("a").with_resource_type("video"),
                Err(SuffixNotSupported),
            ),
            (
                ok.with_url_suffix("a").with_delivery_type("private"),
                Err(SuffixNotSupported),
            ),
            (ok.with_url_suffix("a").with_resource_type("raw"), Ok(())),
            (
                ok.with_url_suffix("a")
                    .with_resource_type("raw")
                    .with_format("txt"),
                Err(SuffixWithRawFormat),
            ),
            (ok.with_url_suffix("a").with_format("jpg"), Ok(())),
            (ok.with_host("h.example"), Ok(())),
            (ok.with_host(""), Err(BadHost)),
            (ok.with_host("h/x"), Err(BadHost)),
            (ok.with_host("u@h"), Err(BadHost)),
            (ok.with_host("h x"), Err(BadHost)),
            (url("sample").with_resource_type(""), Err(BadSegment)),
            (url("sample").with_delivery_type("a/b"), Err(BadSegment)),
            (url("sample").with_delivery_type("s--x--"), Err(BadSegment)),
            (DeliveryUrl::new("de mo", "sample"), Err(BadSegment)),
            (DeliveryUrl::new("demo?", "sample"), Err(BadSegment)),
            (ok.with_transformation("c_fill?x"), Err(BadCharacter)),
            (ok.with_transformation("c_fill\u{1}"), Err(BadCharacter)),
            (ok.with_format("jp#g"), Err(BadCharacter)),
            (ok.with_format("a/b"), Err(BadCharacter)),
            (ok.with_transformation("c_fill&x"), Err(BadCharacter)),
            (ok.with_transformation("folder=x"), Err(BadCharacter)),
            (ok.with_format("jp=g"), Err(BadCharacter)),
            (ok.with_format("jp&g"), Err(BadCharacter)),
            (ok.with_transformation("l_fetch:YQ=="), Ok(())),
            (ok.with_format("jpg"), Ok(())),
            (url(""), Err(EmptyPublicId)),
            (ok.with_version(7), Ok(())),
            (
                ok.with_version(7).with_transformation("c_fill,h_150/w_100"),
                Ok(()),
            ),
            (
                ok.with_version(7).with_transformation("c_fill/folder"),
                Err(VersionNotInPlace),
            ),
            (ok.with_transformation("c_fill/folder"), Ok(())),
        ];
        for (i, (url, want)) in cases.into_iter().enumerate() {
            assert_eq!(url.check(), want, "case {i}: {}", url.to_sign());
        }
        assert!(!has_space_or_control("a-b.c"));
        assert!(has_space_or_control("a\u{7f}"));
        assert!(has_space_or_control("a\u{a0}b"));
    }

    /// URLs with token settings are equal when they hold the same settings.
    #[test]
    fn token_settings_compare_by_identity() {
        use crate::delivery::{DeliveryToken, Expiry, TokenKey};
        let key = TokenKey::from_hex("00").unwrap();
        let one = DeliveryToken::new(key.clone(), Expiry::At(crate::Timestamp::from_secs(9)));
        let two = one.clone();
        let url = DeliveryUrl::new("demo", "sample");
        assert_eq!(url.with_auth_token(&one), url.with_auth_token(&one));
        assert_ne!(url.with_auth_token(&one), url.with_auth_token(&two));
        assert_ne!(url.with_auth_token(&one), url);
    }

    #[test]
    fn escapes_decode_both_hex_cases() {
        assert_eq!(escape_public_id("%2f%2F%41%zz%4"), "//A%25zz%254");
        assert_eq!(escape_public_id("a%2fb%7E"), "a/b~".replace('~', "%7E"));
    }
}
