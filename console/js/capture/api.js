// The capture routes, with the capture token: progress, upload slots, the selfie and the document.

export class CaptureAPI {
  constructor(apiBase, verificationId, token) {
    this.base = `${apiBase}/capture/verifications/${encodeURIComponent(verificationId)}`;
    this.token = token;
  }

  async call(method, path, body) {
    const response = await fetch(this.base + path, {
      method,
      headers: { authorization: `Capture ${this.token}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: "no-store",
      credentials: "omit",
      referrerPolicy: "no-referrer",
    });
    let payload = null;
    try {
      payload = await response.json();
    } catch {
      payload = null;
    }
    return { status: response.status, body: payload };
  }

  progress() {
    return this.call("GET", "");
  }

  /** A fresh session for a phone; this page then works with its token. */
  async handoff() {
    const answer = await this.call("POST", "/handoff");
    if (answer.status === 201) {
      this.token = new URLSearchParams(answer.body.url.split("#")[1] ?? "").get("token") ?? this.token;
    }
    return answer;
  }

  /** A JPEG through a new upload slot of the verification: its file key. */
  async upload(purpose, blob) {
    const slot = await this.call("POST", "/uploads", { purpose });
    if (slot.status !== 201) return { status: slot.status, body: slot.body };
    if (blob.size > slot.body.maxBytes) return { status: 413, body: null };
    const form = new FormData();
    for (const [name, value] of Object.entries(slot.body.fields)) form.append(name, value);
    form.append("file", blob, "capture.jpg");
    try {
      const response = await fetch(slot.body.url, { method: "POST", body: form, credentials: "omit" });
      return { status: response.ok ? 201 : response.status, fileKey: slot.body.fileKey };
    } catch {
      // A multipart POST needs no preflight: it reached the bucket even when the bucket's CORS
      // does not let the page read the answer. Whether it was stored, the submission tells (a
      // missing file is refused there).
      return { status: 201, fileKey: slot.body.fileKey, unconfirmed: true };
    }
  }

  /** The server's light check of a small frame (base64 JPEG): a face, or the MRZ band. */
  frameCheck(kind, image) {
    return this.call("POST", "/frame-check", { kind, image });
  }

  avatar(fileKey, captureMethod) {
    return this.call("POST", "/avatar", { fileKey, captureMethod });
  }

  passport(fileKey, backFileKey, captureMethod) {
    return this.call("POST", "/passport", backFileKey ? { fileKey, backFileKey, captureMethod } : { fileKey, captureMethod });
  }
}
