//! Is a downloaded file the media it claims to be? An MP4 must start with
//! its `ftyp` box and say in its `mvhd` how long it lasts (and in a
//! track header how large its picture is); an MP3 must be a run of valid
//! MPEG audio frames. Both are read from the file's headers, without
//! decoding: a web page, a truncated file or a zero-length clip is
//! refused before anything is kept.

use std::io::{self, Read, Seek, SeekFrom};

pub use super::MediaKind;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaInfo {
    pub kind: MediaKind,
    /// `mp4` or `mp3`: the kept file's extension.
    pub extension: &'static str,
    pub duration_ms: u64,
    pub width: u32,
    pub height: u32,
}

/// Why a file was refused, in words for the task's message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotMedia(pub String);

fn refuse(text: &str) -> NotMedia {
    NotMedia(text.to_owned())
}

/// Reads the file's headers and says what it is.
pub fn inspect<R: Read + Seek>(file: &mut R, len: u64) -> Result<MediaInfo, NotMedia> {
    let mut head = [0u8; 12];
    file.seek(SeekFrom::Start(0)).map_err(io_refusal)?;
    let got = read_up_to(file, &mut head).map_err(io_refusal)?;
    let head = &head[..got];
    if head.len() >= 8 && &head[4..8] == b"ftyp" {
        return inspect_mp4(file, len);
    }
    if head.starts_with(b"ID3") || (head.len() >= 2 && head[0] == 0xFF && head[1] & 0xE0 == 0xE0) {
        return inspect_mp3(file, len);
    }
    let text = String::from_utf8_lossy(head).to_ascii_lowercase();
    if text.trim_start().starts_with('<') || text.trim_start().starts_with('{') {
        return Err(refuse(
            "it is a web page or a message, not a video or a song",
        ));
    }
    Err(refuse("it is neither an MP4 video nor an MP3 song"))
}

fn io_refusal(err: io::Error) -> NotMedia {
    NotMedia(format!("it could not be read ({err})"))
}

fn read_up_to<R: Read>(file: &mut R, buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match file.read(&mut buf[filled..])? {
            0 => break,
            n => filled += n,
        }
    }
    Ok(filled)
}

/// One box header at `at`: (type, start of its content, end).
fn box_at<R: Read + Seek>(file: &mut R, at: u64, end: u64) -> Option<([u8; 4], u64, u64)> {
    if at + 8 > end {
        return None;
    }
    file.seek(SeekFrom::Start(at)).ok()?;
    let mut header = [0u8; 8];
    file.read_exact(&mut header).ok()?;
    let size32 = u32::from_be_bytes([header[0], header[1], header[2], header[3]]) as u64;
    let kind = [header[4], header[5], header[6], header[7]];
    let (content, size) = match size32 {
        0 => (at + 8, end - at),
        1 => {
            let mut large = [0u8; 8];
            file.read_exact(&mut large).ok()?;
            (at + 16, u64::from_be_bytes(large))
        }
        n => (at + 8, n),
    };
    if size < content - at || at + size > end {
        return None; // a box that claims more than the file holds: truncated
    }
    Some((kind, content, at + size))
}

/// The boxes directly inside `[from, to)`, as (type, content, end).
fn children<R: Read + Seek>(
    file: &mut R,
    from: u64,
    to: u64,
) -> Result<Vec<([u8; 4], u64, u64)>, NotMedia> {
    let mut out = Vec::new();
    let mut at = from;
    while at < to {
        let Some(found) = box_at(file, at, to) else {
            return Err(refuse("the file is cut short (a part of it is missing)"));
        };
        at = found.2;
        out.push(found);
        if out.len() > 10_000 {
            return Err(refuse("its structure is not that of an MP4 file"));
        }
    }
    Ok(out)
}

fn read_bytes<R: Read + Seek>(file: &mut R, at: u64, n: usize) -> Option<Vec<u8>> {
    file.seek(SeekFrom::Start(at)).ok()?;
    let mut buf = vec![0u8; n];
    file.read_exact(&mut buf).ok()?;
    Some(buf)
}

fn be32(b: &[u8], at: usize) -> u64 {
    u32::from_be_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]]) as u64
}

fn be64(b: &[u8], at: usize) -> u64 {
    let mut x = [0u8; 8];
    x.copy_from_slice(&b[at..at + 8]);
    u64::from_be_bytes(x)
}

fn inspect_mp4<R: Read + Seek>(file: &mut R, len: u64) -> Result<MediaInfo, NotMedia> {
    let top = children(file, 0, len)?;
    let Some(&(_, moov, moov_end)) = top.iter().find(|b| &b.0 == b"moov") else {
        return Err(refuse(
            "the file is cut short (its index, moov, is missing)",
        ));
    };
    if !top.iter().any(|b| &b.0 == b"mdat") {
        return Err(refuse("the file holds no media data"));
    }
    let inside = children(file, moov, moov_end)?;
    let Some(&(_, mvhd, _)) = inside.iter().find(|b| &b.0 == b"mvhd") else {
        return Err(refuse("its header (mvhd) is missing"));
    };
    let head = read_bytes(file, mvhd, 32).ok_or_else(|| refuse("its header is cut short"))?;
    let (timescale, duration) = if head[0] == 1 {
        (be32(&head, 20), be64(&head, 24))
    } else {
        (be32(&head, 12), be32(&head, 16))
    };
    if timescale == 0 || duration == 0 {
        return Err(refuse("it lasts no time at all"));
    }
    let duration_ms = duration.saturating_mul(1000) / timescale;
    let (mut width, mut height) = (0, 0);
    for &(kind, trak, trak_end) in &inside {
        if &kind != b"trak" {
            continue;
        }
        let parts = children(file, trak, trak_end)?;
        if let Some(&(_, tkhd, _)) = parts.iter().find(|b| &b.0 == b"tkhd") {
            let Some(t) = read_bytes(file, tkhd, 92) else {
                continue;
            };
            let at = if t[0] == 1 { 88 } else { 76 };
            let w = (be32(&t, at) >> 16) as u32;
            let h = t
                .get(at + 4..at + 8)
                .map_or(0, |_| (be32(&t, at + 4) >> 16) as u32);
            if w > 0 && h > 0 {
                (width, height) = (w, h);
                break;
            }
        }
    }
    if width == 0 {
        return Err(refuse("it holds no picture (an MP4 without a video track)"));
    }
    Ok(MediaInfo {
        kind: MediaKind::Video,
        extension: "mp4",
        duration_ms,
        width,
        height,
    })
}

/// One MPEG audio frame header: (frame length in bytes, samples, rate).
fn mp3_frame(h: [u8; 4]) -> Option<(u64, u64, u64)> {
    if h[0] != 0xFF || h[1] & 0xE0 != 0xE0 {
        return None;
    }
    let version = (h[1] >> 3) & 0b11; // 3: MPEG1, 2: MPEG2, 0: MPEG2.5
    let layer = (h[1] >> 1) & 0b11; // 1: Layer III
    if version == 1 || layer != 1 {
        return None;
    }
    let bitrate_index = (h[2] >> 4) as usize;
    let rate_index = ((h[2] >> 2) & 0b11) as usize;
    let padding = ((h[2] >> 1) & 1) as u64;
    const V1: [u64; 16] = [
        0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 0,
    ];
    const V2: [u64; 16] = [
        0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160, 0,
    ];
    const RATES: [u64; 3] = [44_100, 48_000, 32_000];
    let bitrate = if version == 3 { V1 } else { V2 }[bitrate_index] * 1000;
    let base_rate = *RATES.get(rate_index)?;
    if bitrate == 0 {
        return None;
    }
    let rate = match version {
        3 => base_rate,
        2 => base_rate / 2,
        _ => base_rate / 4,
    };
    let (samples, factor) = if version == 3 { (1152, 144) } else { (576, 72) };
    Some((factor * bitrate / rate + padding, samples, rate))
}

fn inspect_mp3<R: Read + Seek>(file: &mut R, len: u64) -> Result<MediaInfo, NotMedia> {
    let mut at = 0u64;
    if let Some(tag) = read_bytes(file, 0, 10).filter(|t| t.starts_with(b"ID3")) {
        let size = tag[6..10]
            .iter()
            .fold(0u64, |n, b| (n << 7) | (*b as u64 & 0x7F));
        at = 10 + size + if tag[5] & 0x10 != 0 { 10 } else { 0 };
    }
    file.seek(SeekFrom::Start(at)).map_err(io_refusal)?;
    let mut reader = io::BufReader::new(file);
    let (mut frames, mut samples, mut rate) = (0u64, 0u64, 0u64);
    while at + 4 <= len {
        let mut h = [0u8; 4];
        if reader.read_exact(&mut h).is_err() {
            break;
        }
        let Some((size, n, r)) = mp3_frame(h) else {
            break; // a trailing tag (ID3v1, APE) or junk ends the audio
        };
        if at + size > len {
            break; // the last frame cut short: not counted
        }
        reader.seek_relative(size as i64 - 4).map_err(io_refusal)?;
        at += size;
        frames += 1;
        samples += n;
        rate = r;
    }
    if frames < 10 || rate == 0 {
        return Err(refuse("it holds no MP3 audio"));
    }
    Ok(MediaInfo {
        kind: MediaKind::Audio,
        extension: "mp3",
        duration_ms: samples * 1000 / rate,
        width: 0,
        height: 0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    const CLIP: &[u8] = include_bytes!("../../../fake-comet/media/clip.mp4");
    const SONG: &[u8] = include_bytes!("../../../fake-comet/media/song.mp3");

    fn look(bytes: &[u8]) -> Result<MediaInfo, NotMedia> {
        inspect(&mut Cursor::new(bytes), bytes.len() as u64)
    }

    #[test]
    fn the_fixture_clip_is_a_three_second_video() {
        let info = look(CLIP).unwrap();
        assert_eq!((info.kind, info.extension), (MediaKind::Video, "mp4"));
        assert_eq!((info.width, info.height), (320, 180));
        assert!((2900..=3100).contains(&info.duration_ms), "{info:?}");
    }

    #[test]
    fn the_fixture_song_is_a_four_second_mp3() {
        let info = look(SONG).unwrap();
        assert_eq!((info.kind, info.extension), (MediaKind::Audio, "mp3"));
        assert!((3900..=4200).contains(&info.duration_ms), "{info:?}");
    }

    #[test]
    fn pages_truncations_and_strangers_are_refused() {
        assert!(look(b"<!doctype html><html>nope</html>")
            .unwrap_err()
            .0
            .contains("web page"));
        assert!(look(b"{\"error\":\"expired\"}").is_err());
        assert!(look(b"GIF89a....").is_err());
        assert!(look(&CLIP[..CLIP.len() / 2]).is_err(), "a clip cut in half");
        assert!(look(&CLIP[..40]).is_err());
        assert!(look(&SONG[..200]).is_err(), "a few frames are not a song");
        assert!(look(b"").is_err());
    }
}
