#!/usr/bin/env bash
# Makes the small media files fake-comet serves as video and music results
# (crates/fake-comet/media): a 3 s 320x180 H.264/AAC MP4 with its index at
# the front, and a 4 s MP3. They are kept in the repository (56 kB and
# 24 kB), so tests need no encoder; run this (needs ffmpeg, from Debian)
# only to change them.
set -euo pipefail
cd "$(dirname "$0")/../crates/fake-comet/media"
ffmpeg -v error -y -f lavfi -i "testsrc2=size=320x180:rate=24:duration=3" -f lavfi -i "sine=frequency=440:duration=3" \
  -c:v libx264 -profile:v baseline -pix_fmt yuv420p -crf 32 -c:a aac -b:a 32k -ac 1 -movflags +faststart -shortest clip.mp4
ffmpeg -v error -y -f lavfi -i "sine=frequency=523:duration=4" -c:a libmp3lame -b:a 48k -ac 1 song.mp3
