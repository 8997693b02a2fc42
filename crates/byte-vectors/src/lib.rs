//! The one hot loop of passage search (#17): dot products of vectors kept
//! a signed byte a component. Its own crate so the release profile can
//! build it at full speed (opt-level 3, vectorised) while the app stays
//! at "z": over 100,000 passages of 512 bytes that is about 15 ms a
//! question instead of about 100.

/// The dot product of `a` and `b` over their common length.
// Never inlined: inside a caller built for size (with LTO) the loop would
// take the caller's opt-level and lose its vectorisation.
#[inline(never)]
pub fn dot(a: &[i8], b: &[i8]) -> i32 {
    // Sixteen lanes of i32 sums: the shape LLVM turns into SIMD
    // multiply-adds; no product of two bytes overflows an i32 sum here
    // (127 * 127 * 16,384 < 2^31 for vectors up to 16,384 long).
    let mut lanes = [0i32; 16];
    let chunks = a.len().min(b.len()) / 16;
    for (x, y) in a.chunks_exact(16).zip(b.chunks_exact(16)).take(chunks) {
        for i in 0..16 {
            lanes[i] += i32::from(x[i]) * i32::from(y[i]);
        }
    }
    let tail: i32 = a[chunks * 16..]
        .iter()
        .zip(&b[chunks * 16..])
        .map(|(x, y)| i32::from(*x) * i32::from(*y))
        .sum();
    lanes.iter().sum::<i32>() + tail
}

#[cfg(test)]
mod tests {
    use super::dot;

    #[test]
    fn matches_the_plain_sum_at_every_length() {
        for len in [0, 1, 15, 16, 17, 512, 1_537] {
            let a: Vec<i8> = (0..len).map(|i| ((i * 37) % 255) as i8).collect();
            let b: Vec<i8> = (0..len).map(|i| ((i * 91 + 3) % 255) as i8).collect();
            let plain: i32 = a
                .iter()
                .zip(&b)
                .map(|(x, y)| i32::from(*x) * i32::from(*y))
                .sum();
            assert_eq!(dot(&a, &b), plain, "{len}");
        }
        assert_eq!(dot(&[127, -127], &[127, 127, 5]), 0);
    }
}
