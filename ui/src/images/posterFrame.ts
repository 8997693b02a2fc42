// A clip's first frame as a JPEG, for clips whose family sent no poster:
// drawn once, kept by Rust, and the grid shows a picture from then on.
const POSTER_WIDTH = 480;

export function drawFrame(video: HTMLVideoElement): Promise<Blob | null> {
  const { videoWidth: w, videoHeight: h } = video;
  if (!w || !h) return Promise.resolve(null);
  const canvas = document.createElement("canvas");
  const scale = Math.min(1, POSTER_WIDTH / w);
  canvas.width = Math.round(w * scale);
  canvas.height = Math.round(h * scale);
  const context = canvas.getContext("2d");
  if (!context) return Promise.resolve(null);
  return new Promise((resolve) => {
    try {
      context.drawImage(video, 0, 0, canvas.width, canvas.height);
      canvas.toBlob(resolve, "image/jpeg", 0.85);
    } catch {
      // A frame the page may not read (a tainted canvas): no poster, the clip shows.
      resolve(null);
    }
  });
}
