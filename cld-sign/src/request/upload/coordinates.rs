//! `face_coordinates` and `custom_coordinates`: `x,y,w,h` rectangles joined with `|`
//! (see `cld_sign::request::upload`).

use std::fmt;
use std::str::FromStr;

use crate::error::Error;
use crate::request::value::SignValue;
use crate::request::value_writer::ValueWriter;
use crate::sink::Sink;

/// One rectangle in pixels: top-left corner, width and height.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Rect {
    /// Left edge.
    pub x: u32,
    /// Top edge.
    pub y: u32,
    /// Width.
    pub width: u32,
    /// Height.
    pub height: u32,
}

impl Rect {
    /// A rectangle from its corner and size.
    pub const fn new(x: u32, y: u32, width: u32, height: u32) -> Self {
        Self {
            x,
            y,
            width,
            height,
        }
    }

    fn write_to<S: Sink + ?Sized>(&self, out: &mut S) {
        for (i, n) in [self.x, self.y, self.width, self.height]
            .into_iter()
            .enumerate()
        {
            if i > 0 {
                out.write_str(",");
            }
            crate::number::write_integer(false, u128::from(n), &mut |s| out.write_str(s));
        }
    }
}

/// Face or custom coordinates: one or several rectangles, signed and sent as `x,y,w,h`
/// joined with `|`; no allocation when signed.
///
/// ```
/// use cld_sign::request::upload::{Coordinates, Rect};
///
/// let faces = Coordinates::from([Rect::new(10, 20, 30, 40), Rect::new(50, 60, 70, 80)]);
/// assert_eq!(faces.to_string(), "10,20,30,40|50,60,70,80");
/// assert_eq!("10,20,30,40|50,60,70,80".parse::<Coordinates>()?, faces);
/// # Ok::<(), cld_sign::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Coordinates {
    rects: Vec<Rect>,
}

impl Coordinates {
    /// No rectangles (signed as nothing: the pair is dropped).
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a rectangle at the end.
    pub fn push(&mut self, rect: Rect) {
        self.rects.push(rect);
    }

    /// [`push`](Self::push), by value.
    #[must_use]
    pub fn with(mut self, rect: Rect) -> Self {
        self.push(rect);
        self
    }

    /// The rectangles, in order.
    pub fn rects(&self) -> &[Rect] {
        &self.rects
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.rects.is_empty()
    }

    fn write_to<S: Sink + ?Sized>(&self, out: &mut S) {
        for (i, rect) in self.rects.iter().enumerate() {
            if i > 0 {
                out.write_str("|");
            }
            rect.write_to(out);
        }
    }
}

impl From<Rect> for Coordinates {
    fn from(rect: Rect) -> Self {
        Self { rects: vec![rect] }
    }
}

impl<const N: usize> From<[Rect; N]> for Coordinates {
    fn from(rects: [Rect; N]) -> Self {
        Self {
            rects: rects.to_vec(),
        }
    }
}

impl From<Vec<Rect>> for Coordinates {
    fn from(rects: Vec<Rect>) -> Self {
        Self { rects }
    }
}

impl FromIterator<Rect> for Coordinates {
    fn from_iter<I: IntoIterator<Item = Rect>>(iter: I) -> Self {
        Self {
            rects: iter.into_iter().collect(),
        }
    }
}

impl SignValue for Coordinates {
    #[inline]
    fn write_value<S: Sink + ?Sized>(&self, out: &mut ValueWriter<'_, S>) {
        self.write_to(out);
    }
}

impl fmt::Display for Coordinates {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut text = String::new();
        self.write_to(&mut text);
        f.write_str(&text)
    }
}

/// Reads the wire text (`10,20,30,40|50,60,70,80`).
///
/// # Errors
/// [`Error::UnsupportedValue`] for a rectangle that is not four unsigned integers.
impl FromStr for Coordinates {
    type Err = Error;

    fn from_str(text: &str) -> Result<Self, Error> {
        if text.is_empty() {
            return Ok(Self::new());
        }
        text.split('|')
            .map(|rect| {
                let n: Vec<u32> = rect
                    .split(',')
                    .map(|n| n.parse::<u32>())
                    .collect::<Result<_, _>>()
                    .map_err(|_| bad_rect(rect))?;
                match n[..] {
                    [x, y, width, height] => Ok(Rect::new(x, y, width, height)),
                    _ => Err(bad_rect(rect)),
                }
            })
            .collect()
    }
}

fn bad_rect(rect: &str) -> Error {
    Error::UnsupportedValue {
        name: "coordinates".to_owned(),
        found: format!("`{rect}`, not four unsigned integers `x,y,w,h`"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: Rect = Rect::new(10, 20, 30, 40);
    const B: Rect = Rect::new(0, 1, 4_294_967_295, 7);

    #[test]
    fn built_every_way_the_rectangles_are_kept_in_order() {
        let mut pushed = Coordinates::new();
        assert!(pushed.is_empty());
        assert_eq!(pushed.rects(), &[]);
        pushed.push(A);
        assert!(!pushed.is_empty());
        pushed.push(B);
        assert_eq!(pushed.rects(), &[A, B]);

        let built = [
            Coordinates::new().with(A).with(B),
            Coordinates::from([A, B]),
            Coordinates::from(vec![A, B]),
            [A, B].into_iter().collect(),
        ];
        for coordinates in built {
            assert_eq!(coordinates, pushed);
            assert_eq!(coordinates.rects(), &[A, B]);
            assert!(!coordinates.is_empty());
            assert_eq!(coordinates.to_string(), "10,20,30,40|0,1,4294967295,7");
        }
        assert_eq!(Coordinates::from(A).rects(), &[A]);
        assert_eq!(Coordinates::from([B]).to_string(), "0,1,4294967295,7");
        assert!(Coordinates::from(Vec::new()).is_empty());
    }

    #[test]
    fn wire_text_round_trips_and_bad_rectangles_are_named() {
        let parsed: Coordinates = "10,20,30,40|0,1,4294967295,7".parse().unwrap();
        assert_eq!(parsed.rects(), &[A, B]);
        assert!("".parse::<Coordinates>().unwrap().is_empty());
        for bad in [
            "1,2,3",
            "1,2,3,4,5",
            "1,2,3,x",
            "1,2,3,-4",
            "1,2,3,4|",
            "4294967296,0,0,0",
        ] {
            let err = bad.parse::<Coordinates>().unwrap_err().to_string();
            assert!(err.contains("not four unsigned integers"), "{bad}: {err}");
        }
    }
}
