//! Delivery: the assets the stand-in keeps, served at the URLs its answers (and the SDKs)
//! give, after the checks Cloudinary makes; and signed private download URLs.

use axum::extract::{Path, RawQuery, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE, HeaderValue};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use cld_sign::delivery::TokenTarget;

use crate::app::{AppState, check_signed};
use crate::reply::Refusal;
use crate::store::Asset;

/// A delivery URL taken apart: the transformation, version and public ID (with format).
struct Reading<'a> {
    signature: Option<&'a str>,
    transformation: Option<String>,
    version: Option<u64>,
    /// The segments of the public ID, the last one with its format.
    id_segments: Vec<&'a str>,
}

fn is_version(segment: &str) -> Option<u64> {
    segment
        .strip_prefix('v')
        .filter(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|d| d.parse().ok())
}

/// Whether a segment reads as a transformation: `name_value` parameters separated by `,`.
fn is_transformation(segment: &str) -> bool {
    !segment.is_empty()
        && segment.split(',').all(|part| {
            part.split_once('_').is_some_and(|(name, _)| {
                !name.is_empty() && name.len() <= 3 && name.bytes().all(|b| b.is_ascii_lowercase())
            })
        })
}

fn read(rest: &str) -> Reading<'_> {
    let mut segments: Vec<&str> = rest.split('/').collect();
    let mut signature = None;
    if let Some(first) = segments.first()
        && let Some(sig) = first.strip_prefix("s--").and_then(|s| s.strip_suffix("--"))
    {
        signature = Some(sig);
        segments.remove(0);
    }
    let version_at = segments[..segments.len().saturating_sub(1)]
        .iter()
        .position(|s| is_version(s).is_some());
    let (transformation, version, id_segments) = match version_at {
        Some(at) => (
            segments[..at].to_vec(),
            is_version(segments[at]),
            segments[at + 1..].to_vec(),
        ),
        None => {
            let leading = segments[..segments.len().saturating_sub(1)]
                .iter()
                .take_while(|s| is_transformation(s))
                .count();
            (
                segments[..leading].to_vec(),
                None,
                segments[leading..].to_vec(),
            )
        }
    };
    Reading {
        signature,
        transformation: (!transformation.is_empty()).then(|| transformation.join("/")),
        version,
        id_segments,
    }
}

/// The stored asset a URL's public ID (and format) names: `a/b.png` is the asset `a/b` in
/// format `png`, or the raw asset `a/b.png`.
fn find(
    state: &AppState,
    resource_type: &str,
    delivery_type: &str,
    id_segments: &[&str],
) -> Option<(Asset, Option<String>)> {
    let decoded: Vec<String> = id_segments
        .iter()
        .map(|s| {
            percent_encoding::percent_decode_str(s)
                .decode_utf8_lossy()
                .into_owned()
        })
        .collect();
    let whole = decoded.join("/");
    let store = &state.inner().store;
    if let Some((id, format)) = whole.rsplit_once('.')
        && !format.contains('/')
        && let Some(asset) = store.get(resource_type, delivery_type, id)
    {
        return Some((asset, Some(format.to_owned())));
    }
    store
        .get(resource_type, delivery_type, &whole)
        .map(|asset| (asset, None))
}

fn not_found() -> Refusal {
    Refusal::not_found("Resource not found")
}

/// `GET /<cloud>/<resource_type>/<type>/[s--…--/][transformation/][v<version>/]<public_id>[.<format>]`.
pub(crate) async fn deliver(
    State(state): State<AppState>,
    Path((cloud, resource_type, delivery_type, rest)): Path<(String, String, String, String)>,
    uri: Uri,
) -> Response {
    match serve(&state, &cloud, &resource_type, &delivery_type, &rest, &uri) {
        Ok(response) => response,
        Err(refusal) => refusal.into_response(),
    }
}

fn serve(
    state: &AppState,
    cloud: &str,
    resource_type: &str,
    delivery_type: &str,
    rest: &str,
    uri: &Uri,
) -> Result<Response, Refusal> {
    let inner = state.inner();
    if cloud != inner.cloud {
        return Err(not_found());
    }
    let reading = read(rest);
    // The signature covers the path after it; verify it on the URL as received.
    let signed = match reading.signature {
        Some(_) => {
            let url = format!("{}{}", inner.base_url, uri.path());
            match inner.delivery_urls.verify(&url) {
                Ok(verified) => Some(verified.signed_path().to_owned()),
                Err(_) => {
                    return Err(Refusal::unauthorized("Invalid signature in delivery URL"));
                }
            }
        }
        None => None,
    };
    let (asset, format) =
        find(state, resource_type, delivery_type, &reading.id_segments).ok_or_else(not_found)?;
    if reading.version.is_some_and(|v| v != asset.version) && reading.version != Some(1) {
        return Err(not_found());
    }
    if format.is_some() && format != asset.format {
        // Another format would be a conversion: not emulated.
        let eager_format = asset
            .response
            .get("eager")
            .and_then(|e| e.as_array())
            .is_some_and(|items| {
                items
                    .iter()
                    .any(|i| i["format"].as_str() == format.as_deref())
            });
        if !eager_format {
            return Err(not_found());
        }
    }
    // Access: what Cloudinary checks for each delivery type and access mode.
    let token = token_from(uri.query());
    let token_ok = || -> Result<bool, Refusal> {
        let Some(token) = token else { return Ok(false) };
        let tokens = inner.tokens.as_ref().ok_or_else(|| {
            Refusal::unauthorized("Auth tokens are not accepted: no token key is configured")
        })?;
        let path = percent_encoding::percent_decode_str(uri.path()).decode_utf8_lossy();
        match tokens.verify_at(token, TokenTarget::Url(&path), None, state.now()) {
            Ok(_) => Ok(true),
            Err(_) => Err(Refusal::unauthorized("Invalid auth token")),
        }
    };
    match (delivery_type, asset.access_mode.as_str()) {
        ("private", _) => {
            return Err(Refusal::unauthorized(
                "Private assets are delivered through signed download URLs only",
            ));
        }
        ("authenticated", _) if signed.is_none() && !token_ok()? => {
            return Err(Refusal::unauthorized(
                "Authenticated assets need a signed URL or an auth token",
            ));
        }
        (_, "authenticated") if !token_ok()? => {
            return Err(Refusal::unauthorized("This asset needs an auth token"));
        }
        _ => {}
    }
    // A transformation must be signed, unless it was generated at upload (eager), as on
    // accounts that require signed URLs (strict transformations).
    if let Some(transformation) = &reading.transformation {
        let eager = asset.eager().any(|t| t == transformation);
        if signed.is_none() && !eager {
            return Err(Refusal::unauthorized(
                "Transformation is not allowed - sign the URL (strict transformations)",
            ));
        }
    }
    Ok(asset_response(&asset, None))
}

/// The asset's bytes, with its content type (as uploaded, or from its format).
fn asset_response(asset: &Asset, attachment: Option<&str>) -> Response {
    let content_type = asset
        .content_type
        .clone()
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| content_type_of(asset.format.as_deref()).to_owned());
    let mut response = (StatusCode::OK, asset.bytes.clone()).into_response();
    if let Ok(value) = HeaderValue::from_str(&content_type) {
        response.headers_mut().insert(CONTENT_TYPE, value);
    }
    if let Some(name) = attachment
        && let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\""))
    {
        response.headers_mut().insert(CONTENT_DISPOSITION, value);
    }
    response
}

fn content_type_of(format: Option<&str>) -> &'static str {
    match format {
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("svg") => "image/svg+xml",
        Some("pdf") => "application/pdf",
        Some("mp4") => "video/mp4",
        Some("webm") => "video/webm",
        _ => "application/octet-stream",
    }
}

/// The value of `__cld_token__` in a query string.
fn token_from(query: Option<&str>) -> Option<&str> {
    query?
        .split('&')
        .find_map(|pair| pair.strip_prefix("__cld_token__="))
}

/// `GET /v1_1/<cloud>/<resource_type>/download?…`: a private download URL, signed with
/// the request rule; serves the asset while `expires_at` has not passed.
pub(crate) async fn download(
    State(state): State<AppState>,
    Path((cloud, resource_type)): Path<(String, String)>,
    RawQuery(query): RawQuery,
) -> Response {
    let fields: Vec<(String, String)> =
        form_urlencoded::parse(query.unwrap_or_default().as_bytes())
            .into_owned()
            .take(crate::form::MAX_FIELDS + 1)
            .collect();
    if fields.len() > crate::form::MAX_FIELDS {
        return Refusal::bad_request("Too many parameters").into_response();
    }
    match private_download(&state, &cloud, &resource_type, &fields) {
        Ok(response) => response,
        Err(refusal) => refusal.into_response(),
    }
}

fn private_download(
    state: &AppState,
    cloud: &str,
    resource_type: &str,
    fields: &[(String, String)],
) -> Result<Response, Refusal> {
    let params = check_signed(state, cloud, fields)?;
    if let Some(expires_at) = params.get("expires_at") {
        let expires_at: u64 = expires_at
            .parse()
            .map_err(|_| Refusal::bad_request(format!("Invalid expires_at {expires_at}")))?;
        if state.now().as_secs() > expires_at {
            return Err(Refusal::unauthorized("Download URL expired"));
        }
    }
    let public_id = params
        .get("public_id")
        .ok_or_else(|| Refusal::bad_request("Missing required parameter - public_id"))?;
    let delivery_type = params.get("type").unwrap_or("upload");
    let asset = state
        .inner()
        .store
        .get(resource_type, delivery_type, public_id)
        .ok_or_else(not_found)?;
    let format = params.get("format").filter(|f| !f.is_empty());
    if format.is_some() && format != asset.format.as_deref() {
        return Err(not_found());
    }
    let attachment = matches!(params.get("attachment"), Some("true" | "1")).then(|| {
        let name = public_id.rsplit('/').next().unwrap_or(public_id);
        match &asset.format {
            Some(format) => format!("{name}.{format}"),
            None => name.to_owned(),
        }
    });
    Ok(asset_response(&asset, attachment.as_deref()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_delivery_paths() {
        let r = read("s--abcdefgh--/c_fill,w_100/v17/folder/cat.png");
        assert_eq!(r.signature, Some("abcdefgh"));
        assert_eq!(r.transformation.as_deref(), Some("c_fill,w_100"));
        assert_eq!(r.version, Some(17));
        assert_eq!(r.id_segments, ["folder", "cat.png"]);

        let r = read("c_fill,w_100/e_blur/cat.png");
        assert_eq!(r.signature, None);
        assert_eq!(r.transformation.as_deref(), Some("c_fill,w_100/e_blur"));
        assert_eq!(r.version, None);
        assert_eq!(r.id_segments, ["cat.png"]);

        let r = read("folder/v2");
        assert_eq!(r.transformation, None);
        assert_eq!(r.id_segments, ["folder", "v2"]);
    }

    #[test]
    fn tokens_in_queries() {
        assert_eq!(
            token_from(Some("_a=x&__cld_token__=exp=1~hmac=ab")),
            Some("exp=1~hmac=ab")
        );
        assert_eq!(token_from(Some("_a=x")), None);
        assert_eq!(token_from(None), None);
    }

    #[test]
    fn versions_are_v_and_digits_only() {
        assert_eq!(is_version("v17"), Some(17));
        assert_eq!(is_version("v0"), Some(0));
        // `+5` parses as a number, but is no version segment.
        assert_eq!(is_version("v+5"), None);
        assert_eq!(is_version("v"), None);
        assert_eq!(is_version("v1a"), None);
        assert_eq!(is_version("17"), None);
    }

    #[test]
    fn transformations_have_short_lowercase_names() {
        assert!(is_transformation("c_fill,w_100"));
        assert!(is_transformation("abc_1"));
        // A name of four letters, an uppercase or an empty name: a folder, not parameters.
        assert!(!is_transformation("abcd_1"));
        assert!(!is_transformation("w_1,abcd_1"));
        assert!(!is_transformation("W_1"));
        assert!(!is_transformation("Ab_1"));
        assert!(!is_transformation("_1"));
        assert!(!is_transformation("w100"));
        assert!(!is_transformation(""));
    }

    #[test]
    fn content_types_by_format() {
        for (format, content_type) in [
            (Some("png"), "image/png"),
            (Some("jpg"), "image/jpeg"),
            (Some("jpeg"), "image/jpeg"),
            (Some("gif"), "image/gif"),
            (Some("webp"), "image/webp"),
            (Some("svg"), "image/svg+xml"),
            (Some("pdf"), "application/pdf"),
            (Some("mp4"), "video/mp4"),
            (Some("webm"), "video/webm"),
            (Some("txt"), "application/octet-stream"),
            (None, "application/octet-stream"),
        ] {
            assert_eq!(content_type_of(format), content_type, "{format:?}");
        }
    }
}
