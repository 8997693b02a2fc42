//! `GET /files/<name>`: the images fake-comet's image models link to, made
//! on request (the real gateway links to a CDN whose links expire). Names
//! pick the behaviour: `missing-*` is a 404, `notimage-*` is text, `huge-*`
//! is 51 MB, anything else a PNG whose colour comes from the name.

use axum::extract::Path;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use std::io::Cursor;

pub(crate) fn png(name: &str, side: u32) -> Vec<u8> {
    let seed = name
        .bytes()
        .fold(7u32, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b)));
    let [r, g, b, _] = seed.to_le_bytes();
    let image = image::RgbImage::from_fn(side, side, |x, y| {
        image::Rgb([r ^ (x as u8), g ^ (y as u8), b])
    });
    let mut out = Cursor::new(Vec::new());
    let _ = image::DynamicImage::ImageRgb8(image).write_to(&mut out, image::ImageFormat::Png);
    out.into_inner()
}

pub(crate) async fn file(Path(name): Path<String>) -> Response {
    if name.starts_with("missing-") {
        return (StatusCode::NOT_FOUND, "expired").into_response();
    }
    if name.starts_with("notimage-") {
        return (
            [(header::CONTENT_TYPE, "image/png")],
            "<html>not an image</html>",
        )
            .into_response();
    }
    if name.starts_with("huge-") {
        return (
            [(header::CONTENT_TYPE, "image/png")],
            vec![0u8; 51 * 1024 * 1024],
        )
            .into_response();
    }
    ([(header::CONTENT_TYPE, "image/png")], png(&name, 1024)).into_response()
}
