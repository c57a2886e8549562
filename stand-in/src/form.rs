//! Reading a received form, multipart or urlencoded, field by field within limits counted
//! per field: a form of many tiny fields is refused at the first field over the count,
//! whatever its total size, before the rest is read.

use axum::body::Body;
use axum::extract::{FromRequest, Multipart, Request};
use axum::http::StatusCode;
use axum::http::header::CONTENT_TYPE;
use bytes::{Bytes, BytesMut};
use http_body_util::BodyExt;

use crate::reply::Refusal;

/// Text fields (every field but the file) in one form at most.
pub const MAX_FIELDS: usize = 1000;

/// The longest field name, in bytes.
pub const MAX_NAME: usize = 256;

/// The longest text value of one field, in bytes (64 KiB).
pub const MAX_VALUE: usize = 64 * 1024;

/// All text fields together at most, in bytes, each field counted as its name, its value
/// and [`FIELD_OVERHEAD`] (1 MiB).
pub const TEXT_LIMIT: usize = 1024 * 1024;

/// What each field costs against [`TEXT_LIMIT`] besides its name and value, so that empty
/// fields are not free.
pub const FIELD_OVERHEAD: usize = 64;

/// The largest file, in bytes (100 MiB, Cloudinary's limit for most plans).
pub const UPLOAD_LIMIT: usize = 100 * 1024 * 1024;

/// What was received as the `file` field.
#[derive(Clone, Debug, Default)]
pub(crate) struct FileData {
    /// The file name's last segment (clients send local paths), if any.
    pub(crate) name: Option<String>,
    pub(crate) content_type: Option<String>,
    pub(crate) bytes: Bytes,
}

/// The received form: text fields in order, and the file.
#[derive(Debug, Default)]
pub(crate) struct Form {
    pub(crate) fields: Vec<(String, String)>,
    pub(crate) file: Option<FileData>,
    text_bytes: usize,
}

fn too_large() -> Refusal {
    Refusal::new(StatusCode::PAYLOAD_TOO_LARGE, "Request too large")
}

fn bad_request(message: String) -> Refusal {
    Refusal::new(StatusCode::BAD_REQUEST, message)
}

/// The last segment of a client's file name: `C:\photos\cat.jpg` and `/home/me/cat.jpg`
/// are both `cat.jpg`, as Cloudinary keeps it.
pub(crate) fn base_name(name: &str) -> &str {
    name.rsplit(['/', '\\']).next().unwrap_or(name)
}

impl Form {
    /// Counts a field against the limits before its value is read.
    fn count_field(&mut self, name: &str) -> Result<(), Refusal> {
        if self.fields.len() >= MAX_FIELDS {
            return Err(bad_request(format!(
                "Too many parameters - at most {MAX_FIELDS} are accepted"
            )));
        }
        if name.len() > MAX_NAME {
            return Err(bad_request(format!(
                "Invalid parameter - names are at most {MAX_NAME} bytes"
            )));
        }
        self.add_text(name.len() + FIELD_OVERHEAD)
    }

    fn add_text(&mut self, bytes: usize) -> Result<(), Refusal> {
        self.text_bytes += bytes;
        if self.text_bytes > TEXT_LIMIT {
            return Err(too_large());
        }
        Ok(())
    }

    fn push_text(&mut self, name: String, value: String) -> Result<(), Refusal> {
        if name == "file" {
            // A remote URL or data URI in place of a file.
            let file = FileData {
                name: value
                    .split(['?', '#'])
                    .next()
                    .map(|url| base_name(url).to_owned())
                    .filter(|name| !value.starts_with("data:") && !name.is_empty()),
                content_type: None,
                bytes: Bytes::from(value.into_bytes()),
            };
            return self.set_file(file);
        }
        self.count_field(&name)?;
        if value.len() > MAX_VALUE {
            return Err(too_large());
        }
        self.add_text(value.len())?;
        self.fields.push((name, value));
        Ok(())
    }

    fn set_file(&mut self, file: FileData) -> Result<(), Refusal> {
        if self.file.replace(file).is_some() {
            return Err(bad_request("Duplicate parameter - file".into()));
        }
        Ok(())
    }
}

/// Whether `more` bytes after `have` stay within `limit`.
fn fits(have: usize, more: usize, limit: usize) -> bool {
    have.checked_add(more).is_some_and(|total| total <= limit)
}

/// Reads a multipart or urlencoded form (an empty body is an empty form).
pub(crate) async fn read_form(request: Request) -> Result<Form, Refusal> {
    let content_type = request
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();
    if content_type.starts_with("multipart/form-data") {
        read_multipart(request).await
    } else if content_type.starts_with("application/x-www-form-urlencoded") {
        read_urlencoded(request.into_body()).await
    } else {
        Err(bad_request("Unsupported content type".into()))
    }
}

async fn read_multipart(request: Request) -> Result<Form, Refusal> {
    let mut form = Form::default();
    let mut multipart = Multipart::from_request(request, &())
        .await
        .map_err(|rejection| bad_request(rejection.body_text()))?;
    while let Some(mut field) = multipart.next_field().await.map_err(body_refusal)? {
        let name = field.name().unwrap_or_default().to_owned();
        if name == "file" && field.file_name().is_some() {
            let mut file = FileData {
                name: field.file_name().map(|n| base_name(n).to_owned()),
                content_type: field.content_type().map(str::to_owned),
                bytes: Bytes::new(),
            };
            let mut bytes = BytesMut::new();
            while let Some(chunk) = field.chunk().await.map_err(body_refusal)? {
                if !fits(bytes.len(), chunk.len(), UPLOAD_LIMIT) {
                    return Err(too_large());
                }
                bytes.extend_from_slice(&chunk);
            }
            file.bytes = bytes.freeze();
            form.set_file(file)?;
            continue;
        }
        let limit = if name == "file" {
            UPLOAD_LIMIT
        } else {
            form.count_field(&name)?;
            // Counted again by `push_text`.
            form.text_bytes -= name.len() + FIELD_OVERHEAD;
            MAX_VALUE
        };
        let mut value = Vec::new();
        while let Some(chunk) = field.chunk().await.map_err(body_refusal)? {
            if !fits(value.len(), chunk.len(), limit) {
                return Err(too_large());
            }
            value.extend_from_slice(&chunk);
        }
        let value = String::from_utf8(value)
            .map_err(|_| bad_request(format!("Invalid parameter - {name} is not UTF-8")))?;
        form.push_text(name, value)?;
    }
    Ok(form)
}

/// Reads `name=value&...` a piece at a time: each field is decoded as soon as its `&`
/// arrives, so a form is refused at its first field over a limit.
async fn read_urlencoded(mut body: Body) -> Result<Form, Refusal> {
    let mut form = Form::default();
    let mut pending: Vec<u8> = Vec::new();
    // The longest encoded field: a name, `=` and a value, each byte percent-encoded.
    let text_field = encoded_limit(MAX_NAME + 1 + MAX_VALUE);
    let file_field = encoded_limit(UPLOAD_LIMIT);
    let mut end = false;
    while !end {
        let chunk = match body.frame().await {
            None => {
                end = true;
                Bytes::new()
            }
            Some(Ok(frame)) => match frame.into_data() {
                Ok(data) => data,
                Err(_) => continue,
            },
            Some(Err(err)) => return Err(body_error(&err)),
        };
        let mut rest = &chunk[..];
        loop {
            let (piece, done) = match rest.iter().position(|b| *b == b'&') {
                Some(at) => (&rest[..at], true),
                None => (rest, end),
            };
            pending.extend_from_slice(piece);
            let limit = if pending.starts_with(b"file=") {
                file_field
            } else {
                text_field
            };
            if pending.len() > limit {
                return Err(too_large());
            }
            if !done {
                break;
            }
            rest = rest.get(piece.len() + 1..).unwrap_or_default();
            let field = std::mem::take(&mut pending);
            if !(end && field.is_empty() && rest.is_empty()) {
                push_encoded(&mut form, &field)?;
            }
            if rest.is_empty() {
                break;
            }
        }
    }
    Ok(form)
}

/// The most bytes that `decoded` bytes take percent-encoded (`%XX` each).
fn encoded_limit(decoded: usize) -> usize {
    3 * decoded
}

/// Decodes one `name=value` piece (no `&` in it) into the form; an empty piece counts as
/// a field too.
fn push_encoded(form: &mut Form, field: &[u8]) -> Result<(), Refusal> {
    let (name, value) = form_urlencoded::parse(field)
        .next()
        .map(|(n, v)| (n.into_owned(), v.into_owned()))
        .unwrap_or_default();
    form.push_text(name, value)
}

fn body_refusal(err: axum::extract::multipart::MultipartError) -> Refusal {
    if err.status() == StatusCode::PAYLOAD_TOO_LARGE {
        too_large()
    } else {
        bad_request(err.body_text())
    }
}

/// A body that could not be read: the server's guard answers its own refusals (timeout,
/// too large, busy) in place of this one.
fn body_error(err: &axum::Error) -> Refusal {
    bad_request(format!("Invalid request body - {err}"))
}

/// What [`read_form_blocking`] read: the text fields in order, and the file (its name,
/// content type and bytes).
pub(crate) type ReadForm = (
    Vec<(String, String)>,
    Option<(Option<String>, Option<String>, Bytes)>,
);

/// A body sent as the given frames, one at a time.
struct Frames(std::collections::VecDeque<Bytes>);

impl http_body::Body for Frames {
    type Data = Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(
        self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<Bytes>, Self::Error>>> {
        std::task::Poll::Ready(
            self.get_mut()
                .0
                .pop_front()
                .map(|b| Ok(http_body::Frame::data(b))),
        )
    }
}

/// Reads a form of `content_type` whose body arrives as `frames`, on a runtime of its
/// own: the refusal's status and message, as the stand-in would answer.
pub(crate) fn read_form_blocking(
    content_type: &str,
    frames: Vec<Bytes>,
) -> Result<ReadForm, (u16, String)> {
    let request = Request::builder()
        .method("POST")
        .header(CONTENT_TYPE, content_type)
        .body(Body::new(Frames(frames.into())))
        .map_err(|err| (400, err.to_string()))?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("a current-thread runtime");
    runtime
        .block_on(read_form(request))
        .map(|form| {
            let file = form
                .file
                .map(|file| (file.name, file.content_type, file.bytes));
            (form.fields, file)
        })
        .map_err(|refusal| (refusal.status.as_u16(), refusal.message))
}

#[cfg(test)]
mod tests {
    use std::pin::Pin;
    use std::task::{Context, Poll};

    use http_body::Frame;

    use super::*;

    /// A body that arrives in the given pieces.
    struct Pieces(Vec<Bytes>);

    impl http_body::Body for Pieces {
        type Data = Bytes;
        type Error = std::convert::Infallible;

        fn poll_frame(
            self: Pin<&mut Self>,
            _: &mut Context<'_>,
        ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
            let this = self.get_mut();
            if this.0.is_empty() {
                return Poll::Ready(None);
            }
            Poll::Ready(Some(Ok(Frame::data(this.0.remove(0)))))
        }
    }

    async fn urlencoded(pieces: &[&str]) -> Result<Form, Refusal> {
        let pieces = pieces.iter().map(|p| Bytes::copy_from_slice(p.as_bytes()));
        read_urlencoded(Body::new(Pieces(pieces.collect()))).await
    }

    #[tokio::test]
    async fn urlencoded_fields_split_across_pieces() {
        let form = urlencoded(&[
            "a=1&b",
            "=x%26y&tags%5B%5D=",
            "c&file=https://h/p/cat.jpg?x=1",
        ])
        .await
        .unwrap();
        assert_eq!(
            form.fields,
            [
                ("a".to_owned(), "1".to_owned()),
                ("b".to_owned(), "x&y".to_owned()),
                ("tags[]".to_owned(), "c".to_owned())
            ]
        );
        let file = form.file.unwrap();
        assert_eq!(&file.bytes[..], b"https://h/p/cat.jpg?x=1");
        assert_eq!(file.name.as_deref(), Some("cat.jpg"));
        assert!(urlencoded(&[""]).await.unwrap().fields.is_empty());
    }

    #[tokio::test]
    async fn many_empty_fields_are_refused_at_the_count() {
        let body = "=&".repeat(MAX_FIELDS + 1);
        let err = urlencoded(&[&body]).await.unwrap_err();
        assert_eq!(err.status, StatusCode::BAD_REQUEST);
        assert!(
            err.message.starts_with("Too many parameters"),
            "{}",
            err.message
        );
        let body = "=&".repeat(MAX_FIELDS - 1);
        assert_eq!(
            urlencoded(&[&body]).await.unwrap().fields.len(),
            MAX_FIELDS - 1
        );
    }

    #[tokio::test]
    async fn long_names_and_values_are_refused() {
        let name = "n".repeat(MAX_NAME + 1);
        assert_eq!(
            urlencoded(&[&format!("{name}=1")])
                .await
                .unwrap_err()
                .status,
            StatusCode::BAD_REQUEST
        );
        let value = "v".repeat(MAX_VALUE + 1);
        assert_eq!(
            urlencoded(&[&format!("a={value}")])
                .await
                .unwrap_err()
                .status,
            StatusCode::PAYLOAD_TOO_LARGE
        );
        let value = "v".repeat(MAX_VALUE);
        assert!(urlencoded(&[&format!("a={value}")]).await.is_ok());
    }

    /// The limits are the sizes their docs give.
    #[test]
    fn limits_are_the_documented_sizes() {
        assert_eq!((MAX_FIELDS, MAX_NAME, FIELD_OVERHEAD), (1000, 256, 64));
        assert_eq!(MAX_VALUE, 65_536);
        assert_eq!(TEXT_LIMIT, 1_048_576);
        assert_eq!(UPLOAD_LIMIT, 104_857_600);
    }

    #[test]
    fn fits_up_to_the_limit() {
        assert!(fits(3, 2, 5));
        assert!(fits(0, 5, 5));
        assert!(!fits(3, 3, 5));
        assert!(!fits(usize::MAX, 1, usize::MAX));
    }

    /// A field costs its name and the overhead before its value; a name of the longest
    /// length is taken, one byte more is not; the text total may reach the limit.
    #[test]
    fn fields_are_counted_to_their_limits() {
        let mut form = Form::default();
        form.count_field("ab").unwrap();
        assert_eq!(form.text_bytes, 2 + FIELD_OVERHEAD);
        assert!(form.count_field(&"n".repeat(MAX_NAME)).is_ok());
        let err = form.count_field(&"n".repeat(MAX_NAME + 1)).unwrap_err();
        assert_eq!(err.status, StatusCode::BAD_REQUEST);
        let mut form = Form::default();
        form.add_text(TEXT_LIMIT).unwrap();
        assert_eq!(
            form.add_text(1).unwrap_err().status,
            StatusCode::PAYLOAD_TOO_LARGE
        );
    }

    /// A `file` sent as text is a remote URL (named by its last segment) or a data URI (no
    /// name).
    #[test]
    fn text_files_are_named_by_their_url() {
        let name_of = |value: &str| {
            let mut form = Form::default();
            form.push_text("file".into(), value.into()).unwrap();
            form.file.unwrap().name
        };
        assert_eq!(name_of("https://h/p/a.jpg?x=1").as_deref(), Some("a.jpg"));
        assert_eq!(name_of("data:image/png;base64,AAAA"), None);
        assert_eq!(name_of("https://h/p/"), None);
    }

    /// A multipart body of `(name, file name, value)` parts, and its content type.
    fn multipart(parts: &[(&str, Option<&str>, &[u8])]) -> (String, Vec<Bytes>) {
        let mut body = Vec::new();
        for (name, file_name, value) in parts {
            body.extend_from_slice(b"--XyZ\r\nContent-Disposition: form-data; name=\"");
            body.extend_from_slice(name.as_bytes());
            body.push(b'"');
            if let Some(file_name) = file_name {
                body.extend_from_slice(format!("; filename=\"{file_name}\"").as_bytes());
            }
            body.extend_from_slice(b"\r\n\r\n");
            body.extend_from_slice(value);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(b"--XyZ--\r\n");
        (
            "multipart/form-data; boundary=XyZ".into(),
            vec![Bytes::from(body)],
        )
    }

    /// Only a part named `file` with a file name is the uploaded file; a `file` part
    /// without one is a remote URL or data URI, however long; another part with a file
    /// name is a text field.
    #[test]
    fn multipart_files_are_the_file_part_with_a_name() {
        let (content_type, body) = multipart(&[
            ("public_id", Some("x.txt"), b"sample"),
            ("file", None, b"https://h/p/a.jpg"),
        ]);
        let (fields, file) = read_form_blocking(&content_type, body).unwrap();
        assert_eq!(fields, [("public_id".to_owned(), "sample".to_owned())]);
        let (name, _, bytes) = file.unwrap();
        assert_eq!(
            (name.as_deref(), &bytes[..]),
            (Some("a.jpg"), &b"https://h/p/a.jpg"[..])
        );

        let uri = format!("data:text/plain;base64,{}", "A".repeat(MAX_VALUE + 10));
        let (content_type, body) = multipart(&[("file", None, uri.as_bytes())]);
        let (_, file) = read_form_blocking(&content_type, body).unwrap();
        assert_eq!(file.unwrap().2.len(), uri.len());
    }

    /// In a multipart form each field is charged once: text reaching the limit exactly is
    /// taken, a byte more is refused.
    #[test]
    fn multipart_text_is_counted_once() {
        let names: Vec<String> = (0..16)
            .map(|i| format!("a{}", char::from(b'a' + i)))
            .collect();
        let full = vec![b'v'; MAX_VALUE];
        // 15 fields of the longest value, then one that fills the limit exactly.
        let charge = |value: usize| 2 + FIELD_OVERHEAD + value;
        let last = TEXT_LIMIT - 15 * charge(MAX_VALUE) - charge(0);
        for (extra, accepted) in [(0, true), (1, false)] {
            let tail = vec![b'v'; last + extra];
            let parts: Vec<(&str, Option<&str>, &[u8])> = names
                .iter()
                .enumerate()
                .map(|(i, name)| {
                    let value: &[u8] = if i < 15 { &full } else { &tail };
                    (name.as_str(), None, value)
                })
                .collect();
            let (content_type, body) = multipart(&parts);
            match read_form_blocking(&content_type, body) {
                Ok((fields, _)) => {
                    assert!(accepted, "{extra} byte over the limit was taken");
                    assert_eq!(fields.len(), 16);
                }
                Err((status, message)) => {
                    assert!(!accepted, "the limit exactly was refused: {message}");
                    assert_eq!(status, 413);
                }
            }
        }
    }

    #[test]
    fn encoded_fields_take_three_bytes_a_byte() {
        assert_eq!(encoded_limit(0), 0);
        assert_eq!(encoded_limit(7), 21);
    }

    /// The longest name and value, every byte percent-encoded, are taken.
    #[tokio::test]
    async fn the_longest_encoded_field_is_taken() {
        let field = format!("{}={}", "%6E".repeat(MAX_NAME), "%76".repeat(MAX_VALUE));
        let form = urlencoded(&[&field]).await.unwrap();
        assert_eq!(form.fields.len(), 1);
        assert_eq!(form.fields[0].0, "n".repeat(MAX_NAME));
        assert_eq!(form.fields[0].1.len(), MAX_VALUE);
    }

    /// A body that sends `v` in 64 KiB pieces, up to `total` bytes, and counts what was
    /// read.
    struct Stream {
        left: usize,
        read: std::sync::Arc<std::sync::atomic::AtomicUsize>,
    }

    impl http_body::Body for Stream {
        type Data = Bytes;
        type Error = std::convert::Infallible;

        fn poll_frame(
            self: Pin<&mut Self>,
            _: &mut Context<'_>,
        ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
            let this = self.get_mut();
            let len = this.left.min(64 * 1024);
            if len == 0 {
                return Poll::Ready(None);
            }
            this.left -= len;
            this.read
                .fetch_add(len, std::sync::atomic::Ordering::Relaxed);
            Poll::Ready(Some(Ok(Frame::data(Bytes::from(vec![b'v'; len])))))
        }
    }

    /// A field longer than any a form can hold is refused as it arrives: the reader stops
    /// within a piece of the longest encoded field, not at the end of the body.
    #[tokio::test]
    async fn an_endless_field_is_refused_as_it_arrives() {
        let read = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let body = Stream {
            left: 16 * 1024 * 1024,
            read: std::sync::Arc::clone(&read),
        };
        let err = read_urlencoded(Body::new(body)).await.unwrap_err();
        assert_eq!(err.status, StatusCode::PAYLOAD_TOO_LARGE);
        let read = read.load(std::sync::atomic::Ordering::Relaxed);
        let longest = encoded_limit(MAX_NAME + 1 + MAX_VALUE);
        assert!(read <= longest + 64 * 1024, "read {read} bytes");
    }

    /// A multipart body over the extractor's own limit is refused as too large (413), not
    /// as malformed.
    #[test]
    fn a_multipart_body_over_the_limit_is_too_large() {
        let big = vec![b'x'; 3 * 1024 * 1024];
        let (content_type, body) = multipart(&[("file", Some("big.bin"), &big)]);
        let (status, _) = read_form_blocking(&content_type, body).unwrap_err();
        assert_eq!(status, 413);
    }

    #[test]
    fn base_names() {
        assert_eq!(base_name("/home/me/cat.jpg"), "cat.jpg");
        assert_eq!(base_name("C:\\photos\\cat.jpg"), "cat.jpg");
        assert_eq!(base_name("cat.jpg"), "cat.jpg");
    }
}
