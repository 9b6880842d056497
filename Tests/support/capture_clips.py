"""Fake-camera clips for the capture page's browser tests: Chromium plays a .y4m file (4:2:0) as
its camera (`--use-file-for-fake-video-capture`). Frames are composed here from real images — a
face photo, real specimen document pages — on a table, moving in, blurred by motion, then still;
optionally with a glare patch. Test tooling only (PIL, numpy)."""
import pathlib

import numpy
from PIL import Image, ImageDraw, ImageFilter

WIDTH, HEIGHT, FPS = 1920, 1080, 5


def _yuv420(frame):
    """An RGB frame (H × W × 3 uint8) as the planes of I420, BT.601 limited range."""
    rgb = frame.astype(numpy.float32)
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    y = 16 + 0.257 * r + 0.504 * g + 0.098 * b
    u = 128 - 0.148 * r - 0.291 * g + 0.439 * b
    v = 128 + 0.439 * r - 0.368 * g - 0.071 * b

    def half(plane):
        return (plane[0::2, 0::2] + plane[1::2, 0::2] + plane[0::2, 1::2] + plane[1::2, 1::2]) / 4

    return [numpy.clip(p, 0, 255).astype(numpy.uint8).tobytes() for p in (y, half(u), half(v))]


def write_y4m(path, frames):
    path = pathlib.Path(path)
    with path.open("wb") as out:
        out.write(f"YUV4MPEG2 W{WIDTH} H{HEIGHT} F{FPS}:1 Ip A1:1 C420jpeg\n".encode())
        for frame in frames:
            out.write(b"FRAME\n")
            for plane in _yuv420(frame):
                out.write(plane)
    return path


def table():
    """A dark wooden-ish table: a gentle gradient with grain, the same every time."""
    rng = numpy.random.default_rng(7)
    x = numpy.linspace(0, 1, WIDTH)[None, :, None]
    base = numpy.array([70, 52, 38], numpy.float32) * (0.85 + 0.3 * x)
    grain = rng.normal(0, 4, (HEIGHT, WIDTH, 1))
    return numpy.clip(numpy.broadcast_to(base, (HEIGHT, WIDTH, 3)) + grain, 0, 255).astype(numpy.uint8)


def placed(image, width_share, background=None):
    """`image` scaled to `width_share` of the frame's width (or 86 % of its height), centred."""
    frame = Image.fromarray(background if background is not None else table())
    w = int(WIDTH * width_share)
    h = int(w * image.height / image.width)
    if h > HEIGHT * 0.86:
        h = int(HEIGHT * 0.86)
        w = int(h * image.width / image.height)
    frame.paste(image.convert("RGB").resize((w, h), Image.LANCZOS), ((WIDTH - w) // 2, (HEIGHT - h) // 2))
    return numpy.asarray(frame), ((WIDTH - w) // 2, (HEIGHT - h) // 2, w, h)


def shifted(frame, dx):
    """The frame moved `dx` pixels sideways, the table showing behind."""
    out = table()
    if dx >= 0:
        out[:, dx:] = frame[:, : WIDTH - dx]
    else:
        out[:, : WIDTH + dx] = frame[:, -dx:]
    return out


def motion_blur(frame, length):
    """A sideways motion blur `length` pixels long (a box along x)."""
    if length <= 1:
        return frame
    padded = numpy.pad(frame.astype(numpy.float32), ((0, 0), (length, length), (0, 0)), mode="edge")
    total = numpy.cumsum(padded, axis=1)
    out = (total[:, length:-length] - total[:, : -2 * length]) / length
    return numpy.clip(out[:, : frame.shape[1]], 0, 255).astype(numpy.uint8)


def shake(frame, length_x, length_y):
    """A hand's shake: motion blur along x and, shorter, along y."""
    sideways = motion_blur(frame, length_x)
    turned = numpy.ascontiguousarray(sideways.transpose(1, 0, 2))
    return numpy.ascontiguousarray(motion_blur(turned, length_y).transpose(1, 0, 2))


def defocus(frame, radius):
    return numpy.asarray(Image.fromarray(frame).filter(ImageFilter.GaussianBlur(radius)))


def with_glare(frame, box, share=0.12):
    """A blown-out highlight over `share` of the document's box, as a lamp on a laminated page."""
    image = Image.fromarray(frame.copy())
    x, y, w, h = box
    draw = ImageDraw.Draw(image)
    rw, rh = int(w * share ** 0.5 * 1.3), int(h * share ** 0.5 * 0.8)
    cx, cy = x + int(w * 0.55), y + int(h * 0.45)
    draw.ellipse((cx - rw // 2, cy - rh // 2, cx + rw // 2, cy + rh // 2), fill=(255, 255, 255))
    return numpy.asarray(image.filter(ImageFilter.GaussianBlur(2)))


def document_clip(path, page, still_seconds=6, blur_seconds=2, glare=False, blur_only=False):
    """A page moving in from the side (blurred by its motion), shaking (motion blur), then held
    still — or blurred throughout (`blur_only`), or still with a glare patch (`glare`)."""
    still, box = placed(Image.open(page), 0.7)
    frames = []
    if blur_only:
        frames = [shake(shifted(still, 6 * (i % 3)), 40 + 10 * (i % 3), 12) for i in range(FPS * 6)]
    elif glare:
        glared = with_glare(still, box)
        frames = [glared] * (FPS * 6)
    else:
        for i in range(FPS):  # moving in: fast, so blurred
            dx = int(WIDTH * 0.6 * (1 - (i + 1) / FPS))
            frames.append(shake(shifted(still, dx), 60, 12))
        for i in range(FPS * blur_seconds):  # a shaking hand
            frames.append(shake(shifted(still, 8 * ((-1) ** i)), 40, 12))
        frames += [still] * (FPS * still_seconds)
    return write_y4m(path, frames), box


def face_clip(path, photo, seconds=6):
    """A face photo held still in front of the camera, at the size a selfie at arm's length shows."""
    still, _ = placed(Image.open(photo), 0.45, background=numpy.full((HEIGHT, WIDTH, 3), 200, numpy.uint8))
    return write_y4m(path, [still] * (FPS * seconds))


def card_clip(path, back, front, back_seconds=3, turn_seconds=2, front_seconds=6):
    """A card's back (the MRZ side) held still, turned over (blurred by the motion), then its
    front held still."""
    # Filling the page's guide, as the page asks (the reader finds no MRZ on this card at 62 %).
    first, _ = placed(Image.open(back), 0.8)
    second, _ = placed(Image.open(front), 0.8)
    frames = [first] * (FPS * back_seconds)
    for i in range(FPS * turn_seconds):
        frames.append(shake(shifted(first if i < FPS * turn_seconds // 2 else second, 40 * ((-1) ** i)), 60, 20))
    frames += [second] * (FPS * front_seconds)
    return write_y4m(path, frames)


def make_all(folder, testdata, real):
    """The browser tests' clips, in `folder` (run in a process of its own: the frames take a few
    hundred megabytes, which a long-lived test process would otherwise keep)."""
    folder, testdata, real = pathlib.Path(folder), pathlib.Path(testdata), pathlib.Path(real)
    page = real / "62_pass-pol.jpg"
    face_clip(folder / "face.y4m", testdata / "faces" / "obama.jpg")
    document_clip(folder / "page.y4m", testdata / "passports" / "p00-clean.jpg")
    document_clip(folder / "real.y4m", page)
    document_clip(folder / "blurred.y4m", page, blur_only=True)
    document_clip(folder / "glare.y4m", page, glare=True)
    document_clip(folder / "cover.y4m", real / "Passport-France_1200x864.jpg")
    # A real driving licence (no MRZ), from ../shared/real-world beside the real passports.
    document_clip(folder / "licence.y4m", real.parent / "real-world" / "onfido_dl-gbr.jpg")
    card_clip(folder / "card.y4m", testdata / "cards" / "c00-back-600.jpg", testdata / "cards" / "c00-front.jpg")


if __name__ == "__main__":
    import sys

    make_all(*sys.argv[1:4])

