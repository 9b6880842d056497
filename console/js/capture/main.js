// The capture page: from a capture link (#verification=…&token=…), consent, the document type,
// the selfie and the document with the camera (live guidance, auto-capture at full resolution, a
// manual shutter, a file as fallback), review, and the server's answer as plain guidance.
import { CaptureAPI } from "./api.js";
import { Camera } from "./camera.js";
import { grey, LIMITS, measure, Streak, verdict } from "./quality.js";
import { language, translator } from "./strings.js";

const lang = language(navigator.languages?.length ? navigator.languages : [navigator.language ?? "en"]);
const t = translator(lang);
/** Frames analysed per second, their width, and good ones in a row before a photo is taken. */
const FRAME_MS = 125;
const SAMPLE_WIDTH = 320;
const GOOD_FRAMES = 6;
/** Seconds before the manual shutter is offered. */
const SHUTTER_AFTER_MS = 4000;
/** The server's frame check: at most one every 500 ms, on a frame this wide. */
const CHECK_MS = 500;
const CHECK_WIDTH = 640;
/** Width / height of the guide: a passport's data page (ID-3) and a card (ID-1). */
const ASPECT = { passport: 125 / 88, card: 85.6 / 53.98 };

const $ = (id) => document.getElementById(id);

function show(step) {
  for (const section of document.querySelectorAll(".step")) section.hidden = section.id !== `step-${step}`;
  document.body.dataset.step = step;
  const heading = document.querySelector(`#step-${step} h2`);
  heading?.focus();
}

function localise() {
  document.documentElement.lang = lang;
  document.title = t("title");
  for (const element of document.querySelectorAll("[data-i18n]")) element.textContent = t(element.dataset.i18n);
}

/** The link's fragment, kept for a reload in this tab only, then taken out of the address bar. */
function credentials() {
  const fragment = new URLSearchParams(location.hash.slice(1));
  let verification = fragment.get("verification");
  let token = fragment.get("token");
  if (verification && token) {
    sessionStorage.setItem("capture", JSON.stringify({ verification, token }));
    history.replaceState(null, "", location.pathname + location.search);
  } else {
    ({ verification, token } = JSON.parse(sessionStorage.getItem("capture") ?? "{}"));
  }
  return verification && token ? { verification, token } : null;
}

function once(element, event) {
  return new Promise((resolve) => element.addEventListener(event, resolve, { once: true }));
}

function choose(buttons) {
  return new Promise((resolve) => {
    const handlers = buttons.map(([id, value]) => {
      const handler = () => {
        handlers.forEach(([element, h]) => element.removeEventListener("click", h));
        resolve(value);
      };
      $(id).addEventListener("click", handler);
      return [$(id), handler];
    });
  });
}

class Flow {
  constructor(api) {
    this.api = api;
    this.camera = new Camera($("video"));
    this.steps = 0;
    this.stepCount = 0;
  }

  progress() {
    this.steps += 1;
    $("progress").textContent = t("step", { n: Math.min(this.steps, this.stepCount), m: this.stepCount });
  }

  async start() {
    let { status, body } = await this.api.progress();
    if (status !== 200) return this.invalid();
    // A desktop offers the phone first, and follows it.
    const desktop = !matchMedia("(pointer: coarse)").matches && !(navigator.maxTouchPoints > 0);
    if (desktop && sessionStorage.getItem("captureHere") !== "yes") {
      if ((await this.handoff()) === "finished") return "final";
      ({ status, body } = await this.api.progress());
      if (status !== 200) return this.invalid();
    }
    const needsSelfie = body.status === "pending";
    $("consent-retention").textContent = t("consentRetention", { days: body.retentionDays });
    show("consent");
    await once($("consent-agree"), "click");
    show("type");
    const type = await choose([["type-passport", "passport"], ["type-card", "card"]]);
    const selfie = [{ purpose: "avatar", facing: "user", kind: "selfie", check: "face", title: "selfieTitle",
                      hint: "selfieHint" }];
    const documentShots =
      type === "passport"
        ? [{ purpose: "passport", facing: "environment", kind: "document", check: "mrz", aspect: ASPECT.passport,
             title: "passportTitle", hint: "passportHint" }]
        : [{ purpose: "passport", facing: "environment", kind: "document", check: "mrz", aspect: ASPECT.card,
             title: "cardBackTitle", hint: "cardBackHint" },
           { purpose: "passport_back", facing: "environment", kind: "document", aspect: ASPECT.card,
             title: "cardFrontTitle", hint: "cardFrontHint" }];
    this.stepCount = (needsSelfie ? 2 : 0) + documentShots.length + 2;
    if (needsSelfie && !(await this.group(selfie, "avatar"))) return;
    await this.group(documentShots, "passport");
  }

  /** Shows a fresh session's QR code and follows the phone: "finished", or "here" to go on here. */
  async handoff() {
    let saved = JSON.parse(sessionStorage.getItem("captureHandoff") ?? "null");
    if (saved) {
      this.api.token = saved.token;
    } else {
      const answer = await this.api.handoff();
      if (answer.status !== 201) {
        this.invalid();
        return "finished";
      }
      saved = { token: this.api.token, qrCode: answer.body.qrCode };
      sessionStorage.setItem("captureHandoff", JSON.stringify(saved));
    }
    // This tab works with the new token from now on.
    const stored = JSON.parse(sessionStorage.getItem("capture") ?? "{}");
    sessionStorage.setItem("capture", JSON.stringify({ ...stored, token: saved.token }));
    const image = $("handoff-qr");
    image.src = URL.createObjectURL(new Blob([saved.qrCode], { type: "image/svg+xml" }));
    image.alt = t("handoffQr");
    $("handoff-status").textContent = t("handoffWaiting");
    show("handoff");
    return new Promise((resolve) => {
      let seen = false;
      const timer = setInterval(async () => {
        const { status, body } = await this.api.progress();
        if (status === 200) {
          seen = true;
          const text = t(body.status === "avatar_verified" ? "handoffSelfie" : "handoffWaiting");
          if ($("handoff-status").textContent !== text) $("handoff-status").textContent = text;
          return;
        }
        clearInterval(timer);
        if (seen) {
          // The token works until the phone's flow is complete: then it is spent.
          this.final(t("handoffFinished"), "done", t("doneTitle"));
        } else {
          this.invalid();
        }
        resolve("finished");
      }, 2000);
      $("handoff-here").addEventListener("click", () => {
        clearInterval(timer);
        sessionStorage.setItem("captureHere", "yes");
        resolve("here");
      }, { once: true });
    });
  }

  /** Takes, reviews and sends a group of shots until the server accepts them; false when it ends. */
  async group(shots, step) {
    for (;;) {
      const taken = [];
      for (const [index, shot] of shots.entries()) {
        this.progress();
        // The next side is taken only once the picture has changed: the card was turned.
        taken.push(await this.take(shot, index > 0 && taken[index - 1].method === "live"));
      }
      this.camera.stop();
      this.progress();
      if (!(await this.review(taken))) {
        this.steps -= shots.length + 1;
        continue;
      }
      const outcome = await this.send(shots, taken, step);
      if (outcome === "accepted") return true;
      if (outcome === "final") return false;
      this.steps -= shots.length + 1;
      show("result");
      $("result-retake").hidden = false;
      await once($("result-retake"), "click");
      $("result-retake").hidden = true;
    }
  }

  /** One photo: live, when the frames are good enough long enough or by the shutter; or a file. */
  async take(shot, turned = false) {
    show("camera");
    $("camera-title").textContent = t(shot.title);
    $("camera-hint").textContent = t(shot.hint);
    const guidance = $("guidance");
    guidance.textContent = t("starting");
    guidance.dataset.verdict = "";
    $("shutter").hidden = true;
    $("viewer").classList.toggle("mirrored", shot.facing === "user");
    const fileInput = $("file-input");
    fileInput.value = "";
    const fromFile = once(fileInput, "change").then(() => {
      const file = fileInput.files?.[0];
      return file ? { blob: file, method: "file", width: 0, height: 0 } : null;
    });
    let live = false;
    try {
      await this.camera.start(shot.facing);
      live = true;
    } catch {
      guidance.textContent = t("noCamera");
    }
    if (!live) return (await fromFile) ?? this.take(shot, turned);
    this.drawGuide(shot);
    const photo = await Promise.race([this.watch(shot, turned), fromFile]);
    this.stopWatching?.();
    return photo ?? this.take(shot, turned);
  }

  /** The guide's rectangle in the camera frame's pixels (an oval's box for a selfie). */
  guideBox(shot, width, height) {
    if (shot.kind === "selfie") {
      const w = Math.min(width * 0.6, height * 0.5);
      return { x: (width - w) / 2, y: height * 0.12, w, h: Math.min(height * 0.76, w * 1.35) };
    }
    let w = width * 0.86;
    let h = w / shot.aspect;
    if (h > height * 0.86) {
      h = height * 0.86;
      w = h * shot.aspect;
    }
    return { x: (width - w) / 2, y: (height - h) / 2, w, h };
  }

  drawGuide(shot) {
    const width = this.camera.width;
    const height = this.camera.height;
    const svg = $("guide");
    svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
    for (const id of ["mask-all", "shade"]) {
      $(id).setAttribute("width", width);
      $(id).setAttribute("height", height);
    }
    const box = this.guideBox(shot, width, height);
    const ns = "http://www.w3.org/2000/svg";
    const shape = () => {
      const element = document.createElementNS(ns, shot.kind === "selfie" ? "ellipse" : "rect");
      if (shot.kind === "selfie") {
        element.setAttribute("cx", box.x + box.w / 2);
        element.setAttribute("cy", box.y + box.h / 2);
        element.setAttribute("rx", box.w / 2);
        element.setAttribute("ry", box.h / 2);
      } else {
        for (const [name, value] of Object.entries({ x: box.x, y: box.y, width: box.w, height: box.h, rx: box.w * 0.04 })) {
          element.setAttribute(name, value);
        }
      }
      return element;
    };
    $("mask-hole").replaceChildren(shape());
    $("outline").replaceChildren(shape());
  }

  /** Analyses downscaled frames; resolves with a full-resolution photo when auto-capture fires or
   * the shutter is pressed. */
  watch(shot, turned) {
    return new Promise((resolve) => {
      const limits = LIMITS[shot.kind];
      const streak = new Streak(GOOD_FRAMES);
      // After a side was taken, good frames count only once the view was disturbed (turning it).
      let armed = !turned;
      // The server's light check (face, MRZ band), at most twice a second, for shots that have one.
      let server = { state: shot.check ? "pending" : "ok" };
      let checking = false;
      let lastCheck = -CHECK_MS;
      const guidance = $("guidance");
      let previous = null;
      let busy = false;
      let frames = 0;
      let frameMs = 0;
      const started = performance.now();
      const finish = async (method) => {
        if (busy === "done") return;
        busy = "done";
        clearInterval(timer);
        const photo = await this.camera.still();
        guidance.textContent = t("captured");
        // For whoever watches the page (the browser tests): how and when the photo was taken.
        if (method === "live-auto") {
          document.body.dataset.autoCaptures = String(Number(document.body.dataset.autoCaptures ?? 0) + 1);
        }
        document.body.dataset.captureMs = String(Math.round(performance.now() - started));
        resolve({ ...photo, method: "live", trigger: method });
      };
      const shutter = $("shutter");
      const onShutter = () => finish("live-shutter");
      shutter.addEventListener("click", onShutter);
      const timer = setInterval(() => {
        if (busy || !this.camera.width) return;
        busy = true;
        const began = performance.now();
        const frame = this.camera.sample(SAMPLE_WIDTH);
        const luma = grey(frame.rgba, frame.width, frame.height);
        const scale = frame.width / this.camera.width;
        const box = this.guideBox(shot, this.camera.width, this.camera.height);
        const region = {
          x: Math.max(1, Math.round(box.x * scale)), y: Math.max(1, Math.round(box.y * scale)),
          w: Math.min(frame.width - 2, Math.round(box.w * scale)), h: Math.min(frame.height - 2, Math.round(box.h * scale)),
        };
        const metrics = measure(luma, frame.width, frame.height, region, previous);
        previous = luma;
        const local = verdict(metrics, limits);
        if (!local && shot.check && !checking && performance.now() - lastCheck >= CHECK_MS) {
          checking = true;
          lastCheck = performance.now();
          this.checkFrame(shot).then((answer) => {
            server = answer;
            checking = false;
          });
        }
        const problem = local ?? (server.state === "problem" ? server.key : null);
        const ready = !problem && server.state !== "pending";
        // Until the server has had its look, "hold still" rather than "good".
        const key = problem ?? (ready ? "good" : "holdStill");
        if (guidance.dataset.verdict !== key) {
          guidance.dataset.verdict = key;
          guidance.textContent = t(key);
        }
        guidance.dataset.sharpness = metrics.sharpness.toFixed(1);
        // What one analysed frame costs the browser, on average (scripts/bench reads it).
        frames += 1;
        frameMs += performance.now() - began;
        guidance.dataset.frameMs = (frameMs / frames).toFixed(2);
        guidance.dataset.glare = metrics.glare.toFixed(4);
        $("guide").classList.toggle("good", !problem);
        if (performance.now() - started > SHUTTER_AFTER_MS) shutter.hidden = false;
        busy = false;
        if (problem) armed = true;
        if (armed && streak.push(ready)) finish("live-auto");
      }, FRAME_MS);
      this.stopWatching = () => {
        clearInterval(timer);
        shutter.removeEventListener("click", onShutter);
        busy = "done";
      };
    });
  }

  /** The server's word on the current frame: {state: "ok"}, {state: "problem", key}, or
   * {state: "unavailable"} (then the browser's own checks decide alone). */
  async checkFrame(shot) {
    try {
      const image = await this.camera.small(CHECK_WIDTH);
      const { status, body } = await this.api.frameCheck(shot.kind, image);
      if (status === 401 || status === 403) return { state: "unavailable", invalid: true };
      if (status !== 200) return { state: "unavailable" };
      if (shot.check === "mrz") return body.mrz ? { state: "ok" } : { state: "problem", key: "showMrz" };
      if (!body.face) return { state: "problem", key: "noFace" };
      const centre = (body.face.left + body.face.right) / 2 / body.width;
      if (Math.abs(centre - 0.5) > 0.15) return { state: "problem", key: "centreFace" };
      if ((body.face.right - body.face.left) / body.width < 0.08) return { state: "problem", key: "closer" };
      return { state: "ok" };
    } catch {
      return { state: "unavailable" };
    }
  }

  /** Shows the photos; true to send them, false to take them again. */
  async review(taken) {
    const images = taken.map((photo, index) => {
      const image = document.createElement("img");
      image.src = URL.createObjectURL(photo.blob);
      image.alt = `${t("reviewTitle")} ${index + 1}`;
      image.dataset.method = photo.method;
      image.dataset.testid = `review-${index}`;
      return image;
    });
    $("review-images").replaceChildren(...images);
    show("review");
    return choose([["review-send", true], ["review-retake", false]]);
  }

  /** Uploads the photos and submits them: "accepted", "refused" (a retake) or "final". */
  async send(shots, taken, step) {
    show("sending");
    document.body.dataset.outcome = "";
    const method = taken.every((photo) => photo.method === "live") ? "live" : "file";
    const keys = [];
    for (const [index, shot] of shots.entries()) {
      const upload = await this.api.upload(shot.purpose, taken[index].blob);
      if (upload.status === 401 || upload.status === 403) return this.invalid();
      if (upload.status !== 201) return this.refused(t("failed"));
      keys.push(upload.fileKey);
    }
    const answer = step === "avatar" ? await this.api.avatar(keys[0], method) : await this.api.passport(keys[0], keys[1], method);
    if (answer.status === 401 || answer.status === 403) return this.invalid();
    if (answer.status === 400) return this.refused(t("refusedImage", { reason: answer.body?.errors?.[0]?.message ?? "" }));
    if (answer.status !== 200) return this.refused(t("failed"));
    const verification = answer.body;
    if (verification.status === "rejected") return this.final(t("rejected"), "refused");
    if (step === "avatar") {
      if (verification.status === "avatar_verified") {
        $("camera-hint").textContent = t("nextDocument");
        return "accepted";
      }
      return this.refused(t("refusedFace"));
    }
    if (verification.status === "admin_review_required" || verification.status === "approved") {
      this.progress();
      return this.final(t("done"), "done", t("doneTitle"));
    }
    const reason = verification.failureReason?.reason;
    return this.refused(t(reason === "passport_invalid_format" ? "refusedFormat" : "refusedMrz"));
  }

  refused(message) {
    document.body.dataset.outcome = "refused";
    $("result-title").textContent = t("retake");
    $("result-message").textContent = message;
    return "refused";
  }

  final(message, outcome, title = "") {
    document.body.dataset.outcome = outcome;
    $("result-title").textContent = title;
    $("result-message").textContent = message;
    $("result-retake").hidden = true;
    show("result");
    return "final";
  }

  invalid() {
    this.camera.stop();
    document.body.dataset.outcome = "invalid";
    $("result-title").textContent = t("linkInvalidTitle");
    $("result-message").textContent = t("linkInvalid");
    $("result-retake").hidden = true;
    show("result");
    return "final";
  }
}

async function main() {
  localise();
  const found = credentials();
  const config = await fetch("config.json", { cache: "no-store" }).then((r) => r.json()).catch(() => ({ apiBase: "/v1" }));
  const flow = new Flow(new CaptureAPI(config.apiBase ?? "/v1", found?.verification ?? "", found?.token ?? ""));
  if (!found) {
    flow.invalid();
    return;
  }
  try {
    await flow.start();
  } catch {
    flow.refused(t("failed"));
    show("result");
  }
}

main();
