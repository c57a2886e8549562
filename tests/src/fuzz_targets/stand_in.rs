//! The fuzz targets of the stand-in: its form reader and its chunk assembly.

use super::{FIELD, Outcome, control, text};

/// The stand-in's form reader (multipart or urlencoded), with the body in frames.
///
/// Control byte: bit 0 multipart (boundary `XyZ`), else urlencoded; bit 1 another content
/// type; bits 2–7 the frame size less one. The rest is the body.
///
/// Properties: a refusal is a 400 or 413 with a message; an accepted form holds at most
/// `MAX_FIELDS` fields, names of at most `MAX_NAME` bytes, values of at most `MAX_VALUE`,
/// at most `TEXT_LIMIT` bytes counted with `FIELD_OVERHEAD` a field, and a file of at most
/// `UPLOAD_LIMIT`; the framing does not change the result (the whole body in one frame
/// reads the same); an urlencoded form's non-empty fields are what `form_urlencoded` reads.
pub fn stand_in_form(data: &[u8]) -> Outcome {
    use bytes::Bytes;
    use cld_sign_stand_in::__fuzz::read_form;
    use cld_sign_stand_in::{
        FIELD_OVERHEAD, MAX_FIELDS, MAX_NAME, MAX_VALUE, TEXT_LIMIT, UPLOAD_LIMIT,
    };
    let (c, body) = control(data);
    let content_type = match (c & 1 != 0, c & 2 != 0) {
        (true, false) => "multipart/form-data; boundary=XyZ",
        (false, false) => "application/x-www-form-urlencoded",
        (true, true) => "multipart/mixed; boundary=XyZ",
        (false, true) => "text/plain",
    };
    let size = usize::from(c >> 2) + 1;
    let frames: Vec<Bytes> = body.chunks(size).map(Bytes::copy_from_slice).collect();
    let result = read_form(content_type, frames);
    let whole = read_form(content_type, vec![Bytes::copy_from_slice(body)]);
    assert_eq!(result, whole, "the framing changed the result");
    let (fields, file) = match result {
        Err((status, message)) => {
            assert!(status == 400 || status == 413, "{status} {message}");
            assert!(!message.is_empty());
            return Outcome::Refused;
        }
        Ok(form) => form,
    };
    assert!(fields.len() <= MAX_FIELDS);
    let mut text = 0;
    for (name, value) in &fields {
        assert!(name.len() <= MAX_NAME, "{name:?}");
        assert!(value.len() <= MAX_VALUE);
        assert_ne!(name, "file");
        text += name.len() + FIELD_OVERHEAD + value.len();
    }
    assert!(text <= TEXT_LIMIT);
    if let Some((_, _, bytes)) = &file {
        assert!(bytes.len() <= UPLOAD_LIMIT);
    }
    if c & 3 == 0 {
        let mut expected: Vec<(String, String)> = form_urlencoded::parse(body)
            .filter(|(name, _)| name != "file")
            .map(|(n, v)| (n.into_owned(), v.into_owned()))
            .collect();
        let mut read: Vec<(String, String)> = fields
            .iter()
            .filter(|(name, value)| !name.is_empty() || !value.is_empty())
            .cloned()
            .collect();
        expected.retain(|(name, value)| !name.is_empty() || !value.is_empty());
        read.sort();
        expected.sort();
        assert_eq!(read, expected);
    }
    Outcome::Accepted
}

/// The stand-in's chunk assembly (`Range::parse`, `Parts::add`).
///
/// Control byte: bit 0 generated: the rest (after two bytes) is a file sent in chunks of
/// `1 + first % 16` bytes, rotated by the second byte and reversed by bit 1, the total
/// known on every chunk (bit 2) or only on the one sent last; otherwise the rest is
/// fields, alternately a `Content-Range` and the chunk's bytes.
///
/// Properties: a refused range leaves the parts as they were (the bytes received do not
/// change); a range accepted lies within `CHUNKED_LIMIT` and overlaps no part accepted
/// before it; a finished file is exactly the bytes accepted at each offset, with no gap,
/// of the total declared; a generated file in any order is assembled exactly, on its
/// last chunk and not before.
pub fn stand_in_chunks(data: &[u8]) -> Outcome {
    use bytes::Bytes;
    use cld_sign_stand_in::__fuzz::{Parts, Range, parse_range};
    use cld_sign_stand_in::CHUNKED_LIMIT;
    let (c, rest) = control(data);
    let mut parts = Parts::new();
    if c & 1 != 0 {
        let [a, b] = [rest.first(), rest.get(1)].map(|x| usize::from(x.copied().unwrap_or(0)));
        let file = rest.get(2..).unwrap_or_default();
        if file.is_empty() {
            return Outcome::Refused;
        }
        let size = 1 + a % 16;
        let mut order: Vec<usize> = (0..file.len().div_ceil(size)).collect();
        let turn = b % order.len();
        order.rotate_left(turn);
        if c & 2 != 0 {
            order.reverse();
        }
        for (i, &k) in order.iter().enumerate() {
            let first = k * size;
            let chunk = &file[first..file.len().min(first + size)];
            let last_sent = i + 1 == order.len();
            let total = if c & 4 != 0 || last_sent {
                file.len().to_string()
            } else {
                "*".to_owned()
            };
            let range = format!("bytes {first}-{}/{total}", first + chunk.len() - 1);
            let range = Range::parse(&range, chunk.len()).expect("a chunk's own range");
            let done = parts
                .add(range, Bytes::copy_from_slice(chunk))
                .expect("a chunk in its place");
            match done {
                Some(whole) => {
                    assert!(last_sent, "finished before the last chunk");
                    assert_eq!(&whole[..], file);
                }
                None => assert!(!last_sent, "not finished after the last chunk"),
            }
        }
        return Outcome::Accepted;
    }
    // The bytes accepted at each offset since the last finished file.
    let mut model: std::collections::BTreeMap<u64, u8> = std::collections::BTreeMap::new();
    let mut outcome = Outcome::Refused;
    let mut fields = rest.split(|&b| b == FIELD);
    while let (Some(range_text), Some(bytes)) = (fields.next(), fields.next()) {
        let range_text = text(range_text);
        let before = parts.received();
        let Ok(range) = Range::parse(&range_text, bytes.len()) else {
            continue;
        };
        let (first, last, total) = parse_range(&range_text).expect("parsed by Range::parse");
        assert!(last < CHUNKED_LIMIT && total.is_none_or(|t| t <= CHUNKED_LIMIT));
        match parts.add(range, Bytes::copy_from_slice(bytes)) {
            Err(_) => assert_eq!(parts.received(), before, "a refused chunk was kept"),
            Ok(done) => {
                for (at, &byte) in (first..).zip(bytes) {
                    assert!(model.insert(at, byte).is_none(), "overlapping byte {at}");
                }
                if let Some(whole) = done {
                    assert!(total.is_none_or(|t| t == whole.len() as u64));
                    let expected: Vec<u8> = (0..whole.len() as u64)
                        .map(|at| *model.get(&at).unwrap_or_else(|| panic!("gap at {at}")))
                        .collect();
                    assert_eq!(model.len(), whole.len(), "bytes past the file");
                    assert_eq!(&whole[..], expected);
                    model.clear();
                    outcome = Outcome::Accepted;
                } else {
                    assert_eq!(parts.received(), model.len() as u64);
                }
            }
        }
    }
    outcome
}
