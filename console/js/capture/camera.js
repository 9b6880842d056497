// The device camera: its stream in a <video>, downscaled frames for guidance, and full-resolution
// stills as JPEG.

export class Camera {
  constructor(video) {
    this.video = video;
    this.stream = null;
    this.sampler = document.createElement("canvas");
  }

  /** Opens the front (`user`) or rear (`environment`) camera, asking for its full resolution. */
  async start(facing) {
    // Kept open between the shots of one side of the world (a card's two sides).
    if (this.stream && this.facing === facing && this.stream.active) return;
    this.stop();
    this.facing = facing;
    this.stream = await navigator.mediaDevices.getUserMedia({
      audio: false,
      video: { facingMode: { ideal: facing }, width: { ideal: 3840 }, height: { ideal: 2160 } },
    });
    this.video.srcObject = this.stream;
    await this.video.play();
    if (!this.video.videoWidth) {
      await new Promise((resolve) => this.video.addEventListener("loadedmetadata", resolve, { once: true }));
    }
  }

  stop() {
    for (const track of this.stream?.getTracks() ?? []) track.stop();
    this.stream = null;
    this.facing = null;
    this.video.srcObject = null;
  }

  get width() {
    return this.video.videoWidth;
  }

  get height() {
    return this.video.videoHeight;
  }

  /** The current frame `width` pixels wide, as RGBA. */
  sample(width) {
    const scale = width / this.video.videoWidth;
    const height = Math.max(1, Math.round(this.video.videoHeight * scale));
    this.sampler.width = width;
    this.sampler.height = height;
    const context = this.sampler.getContext("2d", { willReadFrequently: true });
    context.drawImage(this.video, 0, 0, width, height);
    return { rgba: context.getImageData(0, 0, width, height).data, width, height };
  }

  /** The current frame `width` pixels wide as a base64 JPEG, for the server's frame check. */
  async small(width) {
    const canvas = document.createElement("canvas");
    canvas.width = width;
    canvas.height = Math.max(1, Math.round((this.video.videoHeight * width) / this.video.videoWidth));
    canvas.getContext("2d").drawImage(this.video, 0, 0, canvas.width, canvas.height);
    return canvas.toDataURL("image/jpeg", 0.7).split(",")[1];
  }

  /** The current frame at the camera's full resolution, as a JPEG. */
  async still() {
    const canvas = document.createElement("canvas");
    canvas.width = this.video.videoWidth;
    canvas.height = this.video.videoHeight;
    canvas.getContext("2d").drawImage(this.video, 0, 0);
    const blob = await new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", 0.92));
    return { blob, width: canvas.width, height: canvas.height };
  }
}
