import Foundation
import HTTPTransport
import KYCModel

/// `kyc-local upload`: what a coach's app does to put an image into its verification — ask the
/// running API for an upload slot, then send the browser-style `multipart/form-data` POST the
/// slot describes (its fields in order, then the file) straight to the bucket.
struct SlotUpload {
  let api: String
  let token: String
  let userId: String
  let http = HTTPClient(timeouts: .init(connectMs: 2_000, totalMs: 30_000))

  enum Failure: Error, CustomStringConvertible {
    case slotRefused(Int, String)
    case uploadRefused(Int, String)
    case transport(String)

    var description: String {
      switch self {
      case .slotRefused(let status, let body): "the API refused the slot (\(status)): \(body)"
      case .uploadRefused(let status, let body): "the bucket refused the upload (\(status)): \(body)"
      case .transport(let reason): reason
      }
    }
  }

  /// Uploads `bytes` as `purpose` of `verificationId`; the slot's fileKey.
  func upload(_ bytes: [UInt8], verificationId: String, purpose: String) throws(Failure) -> String {
    let slot = try requestSlot(verificationId: verificationId, purpose: purpose)
    let form = MultipartForm(fields: slot.fields.sorted { Self.order($0.key) < Self.order($1.key) }, file: bytes)
    let response = try send(
      HTTPRequest(
        method: "POST", url: slot.url, headers: [HTTPHeader("Content-Type", form.contentType)], body: form.body))
    guard (200..<300).contains(response.status) else {
      throw .uploadRefused(response.status, String(decoding: response.body.prefix(500), as: UTF8.self))
    }
    return slot.fileKey
  }

  func requestSlot(verificationId: String, purpose: String) throws(Failure) -> UploadSlot {
    let response = try send(
      HTTPRequest(
        method: "POST", url: "\(api)/verifications/\(verificationId)/uploads",
        headers: [
          HTTPHeader("Authorization", "Bearer \(token)"), HTTPHeader("x-current-user-id", userId),
          HTTPHeader("Content-Type", "application/json"),
        ],
        body: Array(#"{"purpose":"\#(purpose)"}"#.utf8)))
    guard response.status == 201, let slot = try? JSONDecoder().decode(UploadSlot.self, from: Data(response.body))
    else { throw .slotRefused(response.status, String(decoding: response.body.prefix(500), as: UTF8.self)) }
    return slot
  }

  func send(_ request: HTTPRequest) throws(Failure) -> HTTPResponse {
    do {
      return try http.send(request, maxBodyBytes: 1 << 20)
    } catch {
      throw .transport("\(error)")
    }
  }

  /// `key` first, `policy` and the signature last: the order S3's documentation shows.
  static func order(_ name: String) -> Int {
    switch name {
    case "key": 0
    case "policy": 2
    case "x-amz-signature": 3
    default: 1
    }
  }
}

/// A `multipart/form-data` body: text fields, then the file part, as a browser sends a form.
struct MultipartForm {
  let boundary = "kyc-local-" + UUID().uuidString.lowercased()
  let body: [UInt8]

  init(fields: [(key: String, value: String)], file: [UInt8]) {
    var out: [UInt8] = []
    for (name, value) in fields {
      out += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
    }
    out += Array(
      "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"image.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n"
        .utf8)
    out += file
    out += Array("\r\n--\(boundary)--\r\n".utf8)
    body = out
  }

  var contentType: String { "multipart/form-data; boundary=\(boundary)" }
}
