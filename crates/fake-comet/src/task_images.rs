//! Pictures the task families deliver: real PNGs that decode. A grid has
//! four quadrants of clearly different colours, so a test can tell that a
//! split kept each one; a preview is small and grey-washed; `big` is noise
//! (~4 MB, as a real Midjourney grid is).

use std::io::Cursor;

fn colour(seed: &str, quadrant: u32) -> [u8; 3] {
    let h = seed
        .bytes()
        .fold(17u32, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b)))
        .wrapping_add(quadrant.wrapping_mul(0x9E37_79B9));
    let [r, g, b, _] = h.to_le_bytes();
    // Quadrants differ in their dominant channel, whatever the seed.
    match quadrant % 4 {
        0 => [200 | r >> 2, g >> 2, b >> 2],
        1 => [r >> 2, 200 | g >> 2, b >> 2],
        2 => [r >> 2, g >> 2, 200 | b >> 2],
        _ => [200 | r >> 2, 200 | g >> 2, b >> 2],
    }
}

fn encode(image: image::RgbImage) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    let _ = image::DynamicImage::ImageRgb8(image).write_to(&mut out, image::ImageFormat::Png);
    out.into_inner()
}

/// A 2×2 grid of `side` pixels.
pub(crate) fn grid(seed: &str, side: u32) -> Vec<u8> {
    let half = side / 2;
    let colours: Vec<[u8; 3]> = (0..4).map(|q| colour(seed, q)).collect();
    encode(image::RgbImage::from_fn(side, side, |x, y| {
        let q = u32::from(x >= half) + 2 * u32::from(y >= half);
        let [r, g, b] = colours[q as usize];
        image::Rgb([r, g ^ ((x % 16) as u8), b])
    }))
}

/// One picture (an upscale, a Flux result).
pub(crate) fn single(seed: &str, side: u32) -> Vec<u8> {
    let [r, g, b] = colour(seed, 0);
    encode(image::RgbImage::from_fn(side, side, |x, y| {
        image::Rgb([r ^ (x as u8), g ^ (y as u8), b])
    }))
}

/// A live preview: small and blurred-looking.
pub(crate) fn preview(seed: &str) -> Vec<u8> {
    let [r, g, b] = colour(seed, 1);
    encode(image::RgbImage::from_fn(128, 128, |_, _| {
        image::Rgb([r / 2 + 64, g / 2 + 64, b / 2 + 64])
    }))
}

/// About 4 MB: random pixels do not compress.
pub(crate) fn big(seed: &str) -> Vec<u8> {
    let mut state = seed.bytes().fold(0x2545_F491_4F6C_DD1Du64, |h, b| {
        h ^ u64::from(b).wrapping_mul(0x100_0000_01B3)
    });
    encode(image::RgbImage::from_fn(1160, 1160, |_, _| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let [r, g, b, ..] = state.to_le_bytes();
        image::Rgb([r, g, b])
    }))
}

/// A download that stops halfway: the whole length announced, half the
/// bytes sent, then the connection drops (as a flaky link does).
pub(crate) fn cut_short(bytes: &[u8]) -> axum::response::Response {
    let half = bytes[..bytes.len() / 2].to_vec();
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> = vec![
        Ok(half),
        Err(std::io::Error::new(
            std::io::ErrorKind::ConnectionReset,
            "cut short on purpose",
        )),
    ];
    axum::response::Response::builder()
        .header("content-type", "image/png")
        .header("content-length", bytes.len())
        .body(axum::body::Body::from_stream(futures_util::stream::iter(
            chunks,
        )))
        .unwrap_or_default()
}
