// One verification under review: both images with their face boxes, the portrait cropped from
// the page, what was read and corrected, the checks' figures, and the decision.
import { dateTime, el, label, percent, score } from "./format.js";

const FIELDS = [
  ["firstName", "First name"], ["middleName", "Middle name"], ["lastName", "Last name"],
  ["passportNumber", "Passport number"], ["dateOfBirth", "Date of birth"], ["placeOfBirth", "Place of birth"],
  ["issuedDate", "Date of issue"], ["expiryDate", "Date of expiry"], ["nationality", "Nationality"],
  ["issuingState", "Issuing state"], ["sex", "Sex"], ["documentType", "Document type"], ["subdivision", "Subdivision"],
];

// Why the service left a field unconfirmed (passportVerification.unconfirmedFields).
const NAMES_MENDED = " names line mended: check the spelling";
const UNCONFIRMED = {
  dateOfBirth: " century not confirmed by the page", lastName: NAMES_MENDED, firstName: NAMES_MENDED,
  middleName: NAMES_MENDED,
};

const MAX_HEIGHT = 340;
/** How an image was taken, when its upload said so. */
const CAPTURE_METHODS = { live: "· taken live with the camera", file: "· picked from a file" };

/** What the review says of an image that is not simply there as analysed. */
const IMAGE_STATES = {
  available: "",
  changed: "(replaced after its check: shown as analysed; it cannot be approved)",
  missing: "(file no longer stored: it cannot be approved)",
  not_uploaded: "(not uploaded)",
};

export class Review {
  constructor(api, config, onDecided) {
    this.api = api;
    this.config = config;
    this.onDecided = onDecided;
    this.current = null;
    this.loading = 0;
    this.status = document.getElementById("decision-status");
    this.notes = document.getElementById("notes");
    this.reason = document.getElementById("reject-reason");
    this.reason.append(...config.rejectionReasons.map((code) => el("option", { value: code }, label(code))));
    this.notes.addEventListener("input", () => {
      document.getElementById("notes-count").textContent = `${this.notes.value.length} / 500`;
    });
    document.getElementById("approve").addEventListener("click", () => this.decide(true));
    document.getElementById("reject").addEventListener("click", () => this.decide(false));
    for (const side of ["passport", "passport-back"]) {
      document.getElementById(`${side}-image`).addEventListener("load", () => this.cropPortrait());
    }
  }

  async show(id) {
    const ticket = ++this.loading;
    const message = document.getElementById("review-message");
    message.textContent = "Loading…";
    message.classList.remove("error");
    try {
      const [verification, images] = await Promise.all([
        this.api.get(`/verifications/${id}`),
        this.api.get(`/verifications/${id}/images`),
      ]);
      if (ticket !== this.loading) return; // a later selection won
      this.current = verification;
      this.images = images;
      message.textContent = "";
      this.render(verification, images);
    } catch (error) {
      if (ticket !== this.loading) return;
      message.textContent = error.message;
      message.classList.add("error");
    }
  }

  render(v, images) {
    document.getElementById("review-title").textContent = `Verification ${v.id}`;
    document.getElementById("review-body").hidden = false;
    this.showImage("avatar", images.avatar);
    this.showImage("passport", images.passport);
    // An identity card's other side, when one was uploaded with it.
    document.getElementById("passport-back-figure").hidden = !images.passportBack;
    this.showImage("passport-back", images.passportBack ?? { state: "not_uploaded" });
    this.renderFacts(v, images);
    this.renderSignals(v.riskSignals ?? []);
    this.renderChip(v.chipVerification);
    this.renderPassport(v);
    this.renderHistory(v.history ?? []);
    this.notes.value = "";
    this.notes.dispatchEvent(new Event("input"));
    this.reason.value = "";
    this.setDecided(v);
  }

  showImage(name, link) {
    const image = document.getElementById(`${name}-image`);
    const stage = document.getElementById(`${name}-stage`);
    const box = stage.querySelector(".box");
    document.getElementById(`${name}-state`).textContent = IMAGE_STATES[link.state] ?? "(not uploaded)";
    // How it was taken (an addition): the capture page's live camera, or a file.
    document.getElementById(`${name}-method`).textContent = CAPTURE_METHODS[link.captureMethod] ?? "";
    // A replaced image is still shown as it was analysed, when the bucket keeps that version.
    const shown = Boolean(link.url) && (link.state === "available" || link.state === "changed");
    image.hidden = !shown;
    box.hidden = true;
    if (!shown) {
      image.removeAttribute("src");
      stage.classList.remove("turned");
      stage.style.aspectRatio = "";
      stage.style.maxWidth = "";
      return;
    }
    const { width, height } = link;
    const turns = link.quarterTurns ?? 0;
    // Stand the image upright as it was read; a sideways page turns a quarter.
    const frame = stage.querySelector(".frame");
    const odd = turns % 2 === 1;
    stage.classList.toggle("turned", odd);
    stage.style.aspectRatio = width && height ? (odd ? `${height} / ${width}` : `${width} / ${height}`) : "";
    // At most MAX_HEIGHT tall, so the data and the decision stay in view at 1280×800.
    stage.style.maxWidth = width && height ? `${MAX_HEIGHT * (odd ? height / width : width / height)}px` : "";
    frame.style.width = odd && width && height ? `${(width / height) * 100}%` : "";
    frame.style.transform = odd ? `translate(-50%, -50%) rotate(${turns * 90}deg)` : turns ? "rotate(180deg)" : "";
    if (link.face && width && height) {
      Object.assign(box.style, {
        left: `${(link.face.left / width) * 100}%`, top: `${(link.face.top / height) * 100}%`,
        width: `${((link.face.right - link.face.left) / width) * 100}%`,
        height: `${((link.face.bottom - link.face.top) / height) * 100}%`,
      });
      box.hidden = false;
    }
    image.src = link.url;
  }

  /** The portrait, from the face box on the side that shows it, with a margin, upright, beside the selfie. */
  cropPortrait() {
    const canvas = document.getElementById("portrait-crop");
    const context = canvas.getContext("2d");
    context.clearRect(0, 0, canvas.width, canvas.height);
    const onBack = Boolean(this.images?.passportBack?.face);
    const link = onBack ? this.images.passportBack : this.images?.passport;
    const image = document.getElementById(onBack ? "passport-back-image" : "passport-image");
    if (!link?.face || !link.width || !image.naturalWidth) return;
    const scale = image.naturalWidth / link.width;
    const { left, top, right, bottom } = link.face;
    const margin = 0.3 * (right - left);
    const sx = Math.max(0, (left - margin) * scale), sy = Math.max(0, (top - margin) * scale);
    const sw = Math.min(image.naturalWidth - sx, (right - left + 2 * margin) * scale);
    const sh = Math.min(image.naturalHeight - sy, (bottom - top + 2 * margin) * scale);
    const turns = link.quarterTurns ?? 0;
    const [w, h] = turns % 2 ? [sh, sw] : [sw, sh];
    const fit = Math.min(canvas.width / w, canvas.height / h);
    context.save();
    context.translate(canvas.width / 2, canvas.height / 2);
    context.rotate((turns * Math.PI) / 2);
    context.drawImage(image, sx, sy, sw, sh, (-sw * fit) / 2, (-sh * fit) / 2, sw * fit, sh * fit);
    context.restore();
  }

  renderFacts(v, images) {
    const match = v.imageMatchResult;
    const above = typeof match?.matchScore === "number" && match.matchScore >= this.config.matchThreshold;
    const rows = [
      ["Status", `${label(v.status)} (${label(v.currentStep)})`],
      ["Coach", v.coachId],
      ["Face match", match ? `${score(match.matchScore)} — ${above ? "at or above" : "below"} the threshold ${score(this.config.matchThreshold)}` : "not compared"],
      ["OCR confidence", percent(v.passportVerification?.confidence)],
      ["Failure", v.failureReason ? `${label(v.failureReason.reason)} at ${label(v.failureReason.step)}${v.failureReason.details ? `: ${v.failureReason.details}` : ""}` : "none"],
      ["Attempts", images.attempts ? `selfie ${images.attempts.avatar}, passport ${images.attempts.passport}` : "—"],
      ["Created", dateTime(v.createdAt)],
      ["Updated", dateTime(v.updatedAt)],
    ];
    if (v.notes) rows.push(["Coach's notes", v.notes]);
    if (v.redactedAt) rows.push(["Personal data", `erased ${dateTime(v.redactedAt)}`]);
    if (v.adminApproval) {
      const a = v.adminApproval;
      rows.push(["Decision", `${a.approved ? "approved" : `rejected: ${label(a.reason ?? "")}`} by ${a.reviewerId ?? "—"}${a.notes ? ` — ${a.notes}` : ""}`]);
    }
    document.getElementById("facts").replaceChildren(...rows.flatMap(([term, value]) => [el("dt", {}, term), el("dd", {}, value)]));
  }

  renderSignals(signals) {
    const list = document.getElementById("signals");
    list.replaceChildren(...(signals.length
      ? signals.map((s) => el("li", {}, el("strong", {}, label(s.code)), ` (${label(s.step)}): ${s.details}`))
      : [el("li", { class: "none" }, "None found.")]));
  }

  /** What the document's chip showed (chipVerification, an addition): evidence, not a decision. */
  renderChip(chip) {
    const rows = [];
    if (!chip) {
      rows.push(["Read", "no chip data sent"]);
    } else {
      const passive = chip.passiveAuthentication === "passed"
        ? "passed" : `failed: ${label(chip.failureReason ?? "")}${chip.failureDetails ? ` (${chip.failureDetails})` : ""}`;
      rows.push(["Passive authentication", passive]);
      if (chip.signer) rows.push(["Signer", chip.signer]);
      if (chip.csca) rows.push(["CSCA", chip.csca]);
      if (chip.issuingCountry) rows.push(["Issuing country", chip.issuingCountry]);
      if (chip.signatureAlgorithm) rows.push(["Algorithms", `${chip.signatureAlgorithm}; data groups ${chip.dataGroupHashAlgorithm}`]);
      rows.push(["Data groups", chip.dataGroups.map((n) => `DG${n}`).join(", ")]);
      rows.push(["MRZ vs page", chip.mrzComparison === "mismatch"
        ? `differs: ${(chip.mismatchedFields ?? []).join(", ")}` : label(chip.mrzComparison)]);
      const portrait = typeof chip.portraitMatchScore === "number" ? ` (${score(chip.portraitMatchScore)})` : "";
      rows.push(["Portrait vs selfie", `${label(chip.portraitMatch)}${portrait}${chip.portraitFormat ? `, ${chip.portraitFormat}` : ""}`]);
      const skipped = chip.activeAuthenticationSkipped ? " — the chip supports it: a copied chip is not ruled out" : "";
      rows.push(["Active authentication", `${label(chip.activeAuthentication)}${chip.activeAuthenticationAlgorithm ? ` (${chip.activeAuthenticationAlgorithm})` : ""}${skipped}`]);
      if (chip.cardSecurity !== "not_performed") {
        rows.push(["EF.CardSecurity", chip.cardSecurity === "passed" ? "passed" : `failed: ${label(chip.cardSecurityFailureReason ?? "")}`]);
      }
      rows.push(["Checked", dateTime(chip.checkedAt)]);
    }
    document.getElementById("chip").replaceChildren(...rows.flatMap(([term, value]) => [el("dt", {}, term), el("dd", {}, value)]));
  }

  /** Who changed what and when: the audit history, oldest first. */
  renderHistory(history) {
    document.getElementById("history").replaceChildren(...history.map((h) => el("li", {},
      el("time", { dateTime: h.occurredAt }, dateTime(h.occurredAt)), " ",
      el("strong", {}, label(h.type.replace("verification.", ""))),
      ` by ${h.actor.type}${h.actor.id ? ` ${h.actor.id.slice(0, 8)}` : ""}: `,
      h.statusBefore ? `${label(h.statusBefore)} → ` : "", label(h.status),
      h.changedFields?.length ? ` (changed: ${h.changedFields.join(", ")})` : "")));
  }

  renderPassport(v) {
    const read = v.passportVerification?.passportData ?? {};
    const corrected = v.correctedPassportData;
    const missing = new Set(v.passportVerification?.missingFields ?? []);
    const mismatched = new Set(v.passportVerification?.mismatchedFields ?? []);
    const unconfirmed = new Set(v.passportVerification?.unconfirmedFields ?? []);
    const rows = FIELDS.filter(([key]) => key in read || (corrected && key in corrected)).map(([key, name]) => {
      const ocr = missing.has(key) ? el("span", { class: "flag" }, "not read") : read[key] || "—";
      const flags = mismatched.has(key) ? el("span", { class: "flag" }, " printed page disagrees")
        : unconfirmed.has(key) ? el("span", { class: "flag" }, UNCONFIRMED[key] ?? " not confirmed") : "";
      const fix = corrected?.[key];
      const changed = corrected && fix !== undefined && fix !== read[key];
      return el("tr", {}, el("th", { scope: "row" }, name), el("td", {}, ocr, flags),
        el("td", { class: changed ? "changed" : "" }, corrected ? (fix || "—") : ""));
    });
    if (!v.passportVerification) rows.push(el("tr", {}, el("td", { colSpan: 3 }, "No passport read yet.")));
    else if (!v.passportVerification.ocrSuccess) rows.push(el("tr", {}, el("td", { colSpan: 3 }, v.passportVerification.errorMessage ?? "Not read.")));
    document.getElementById("passport-rows").replaceChildren(...rows);
  }

  setDecided(v) {
    const open = v.status === "admin_review_required";
    document.getElementById("approve").disabled = !open;
    document.getElementById("reject").disabled = !open;
    this.say(open ? "" : `This verification is ${label(v.status)}; there is nothing to decide.`, open ? "" : "ok");
  }

  async decide(approved) {
    const v = this.current;
    if (!v || v.status !== "admin_review_required") return;
    const body = { approved };
    if (!approved) {
      if (!this.reason.value) {
        this.reason.focus();
        return this.say("Choose a reason for the rejection first.", "error");
      }
      body.reason = this.reason.value;
    }
    if (this.notes.value.trim()) body.notes = this.notes.value.trim();
    this.say("Saving…");
    try {
      // The decision answers with the status; the record as it now stands is read again.
      // The decision covers the record as shown: its ETag goes with it.
      await this.api.put(`/verifications/${v.id}/admin`, body, v.etag);
      const saved = await this.api.get(`/verifications/${v.id}`);
      this.current = saved;
      this.render(saved, this.images);
      this.say(`${approved ? "Approved" : "Rejected"}: the verification is now ${label(saved.status)}.`, "ok");
      this.onDecided(saved.id, saved.status);
    } catch (error) {
      if (error.status !== 409 && error.status !== 412) return this.say(error.message, "error");
      // 409: decided already; 412: changed since it was opened (a decision, or a coach's
      // correction). Either way, show the record as it stands now.
      const now = await this.api.get(`/verifications/${v.id}`).catch(() => null);
      if (now) {
        this.current = now;
        this.render(now, this.images);
        this.onDecided(now.id, now.status);
      }
      if (error.status === 409 && now && now.status === "admin_review_required") {
        // Still waiting: the approval was refused for its evidence (an image gone or replaced).
        this.say(`Not saved: ${error.message}`, "error");
      } else if (now && now.status === "admin_review_required") {
        this.say("Not saved: the verification changed while you were reviewing it (a correction, say). Check it again, then decide.", "error");
      } else {
        this.say(`Not saved: someone decided first. The verification is now ${label(now?.status ?? "changed")}.`, "error");
      }
    }
  }

  say(text, kind = "") {
    this.status.textContent = text;
    this.status.className = `message ${kind}`;
  }
}
