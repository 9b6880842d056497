// kyc-bench: in-process micro-benchmarks for scripts/bench (development tool, not deployed).
//
//   kyc-bench sign <count>                       SigV4-sign <count> S3 GET requests
//   kyc-bench s3-get <count> <bucket> <key>      GET an object <count> times (AWS_* environment)
//   kyc-bench detector <models-dir>              time building and loading the face detector
//   kyc-bench avatar <models-dir> <file>...      decode + detect + verdict per file, with timings
//   kyc-bench passport <models-dir> <file>...    read each passport page: outcome and timings
//   kyc-bench pairs <models-dir> <label=file>...  descriptors of labelled faces; distances and
//                                                scores of every same- and different-label pair
//   kyc-bench passport-warm <models-dir> <avatar> <page> <n>  one warm process: uploadPassport's
//                                                analysis n times without and with face matching
//   kyc-bench mrz-band <models-dir> <file> <out.pgm>  save the located MRZ band, print its OCR text
//   kyc-bench isolation <models-dir> <selfie> <page> <n>  one warm process: the upload functions'
//                                                analyses n times in-process and in the child
//                                                without credentials (IsolatedImageAnalysis)
//   kyc-bench chip <models-dir> <csca.pem> <selfie> <n> <chip.json>...  one warm process: verifyChip's
//                                                check of each chip n times without the portrait
//                                                match, then with it ({"request", "challenge"})
//
// Prints one JSON object with the median and per-item figures.
import ChipVerification
import CivilTime
import HTTPTransport
import Hashing
import KYCAnalysis
import KYCChip
import KYCImaging
import KYCJSON
import KYCLogging
import KYCModel
import KYCRules
import PassportReader
import S3Client
import SigV4

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif
#if canImport(Glibc)
  import Glibc
#endif

func milliseconds(_ body: () throws -> Void) rethrows -> Double {
  try Stopwatch.milliseconds(body)
}

func median(_ values: [Double]) -> Double {
  let sorted = values.sorted()
  return sorted[sorted.count / 2]
}

// `isolation` starts this executable again as the analysis worker, as the upload functions do.
AnalysisWorker.runIfRequested()
let arguments = Array(CommandLine.arguments.dropFirst())
let environment = ProcessInfo.processInfo.environment
switch arguments.first {
case "isolation":
  let selfie = Array(try Data(contentsOf: URL(fileURLWithPath: arguments[2])))
  let page = Array(try Data(contentsOf: URL(fileURLWithPath: arguments[3])))
  let count = Int(arguments[4]) ?? 10
  let today = CalendarDate(Date())
  let ways: [(String, any ImageAnalysis)] = [
    ("inProcess", LocalImageAnalysis(modelsDirectory: arguments[1], maxPixels: 40_000_000)),
    (
      "isolated",
      IsolatedImageAnalysis(
        modelsDirectory: arguments[1], maxPixels: 40_000_000, logger: Logger(function: "kyc-bench", sink: { _ in }))
    ),
  ]
  // Warm both first, then alternate, so a drift of the machine's speed falls on both alike.
  for (_, analysis) in ways {
    _ = try analysis.analyzeAvatar(selfie, today: today)
    _ = try analysis.analyzePassport(page, back: nil, avatar: nil, today: today)
  }
  var avatar: [String: [Double]] = [:]
  var passport: [String: [Double]] = [:]
  for run in 0..<count {
    for (name, analysis) in run % 2 == 0 ? ways : ways.reversed() {
      avatar[name, default: []].append(try milliseconds { _ = try analysis.analyzeAvatar(selfie, today: today) })
      passport[name, default: []].append(
        try milliseconds { _ = try analysis.analyzePassport(page, back: nil, avatar: nil, today: today) })
    }
  }
  let figures = ways.map { name, _ in
    #""avatarMs.\#(name)": \#(median(avatar[name]!)), "passportMs.\#(name)": \#(median(passport[name]!))"#
  }
  print("{\"runs\": \(count), " + figures.joined(separator: ", ") + "}")
case "sign":
  let count = Int(arguments[1]) ?? 10_000
  let signer = SigV4Signer(
    credentials: .init(accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
    region: "us-east-1", service: "s3")
  let request = SigV4Signer.Request(
    method: "GET", path: "/kyc-uploads/uploads/selfie%201.jpg",
    headers: [("host", "s3.us-east-1.amazonaws.com")], payloadHash: Digest.emptySHA256)
  var sink = 0
  let total = milliseconds {
    for index in 0..<count {
      sink &+= signer.sign(request, amzDate: AmzDate.string(epochSeconds: 1_795_795_200 + index)).count
    }
  }
  print(#"{"microsPerRequest": \#(total * 1000 / Double(count)), "sink": \#(sink)}"#)
case "s3-get":
  let count = Int(arguments[1]) ?? 20
  guard
    let configuration = S3Client.Configuration(
      environment: environment, region: environment["AWS_REGION"] ?? "us-east-1",
      endpoint: environment["AWS_ENDPOINT_URL_S3"])
  else {
    print(#"{"error": "AWS credentials missing"}"#)
    exit(1)
  }
  let client = S3Client(configuration: configuration)
  var samples: [Double] = []
  var size = 0
  for _ in 0..<count {
    samples.append(
      try milliseconds {
        size = try client.getObject(bucket: arguments[2], key: arguments[3], maxBytes: 64 << 20).count
      })
  }
  print(#"{"medianMs": \#(median(samples)), "bytes": \#(size)}"#)
case "detector":
  let directory = arguments[1]
  unlink("\(directory)/\(FaceEngine.detectorFileName)")
  var built = false
  let buildMs = try milliseconds { built = !(try FaceEngine(modelsDirectory: directory).loadedFromFile) }
  var loaded = false
  let loadMs = try milliseconds { loaded = try FaceEngine(modelsDirectory: directory).loadedFromFile }
  print(#"{"buildMs": \#(buildMs), "built": \#(built), "loadMs": \#(loadMs), "loadedFromFile": \#(loaded)}"#)
case "avatar":
  let detector = try FaceEngine(modelsDirectory: arguments[1])
  let decoder = JPEGDecoder()
  for path in arguments.dropFirst(2) {
    let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    do {
      var image: Image?
      let decodeMs = try milliseconds { image = try decoder.decode(bytes) }
      var faces: [FaceBox] = []
      let detectMs = try milliseconds { faces = try detector.detect(image!) }
      let verdict = AvatarPolicy().verdict(faces: faces, imageWidth: image!.width, imageHeight: image!.height)
      print(
        #"{"file": "\#(path)", "size": "\#(image!.width)x\#(image!.height)", "decodeMs": \#(decodeMs), "detectMs": \#(detectMs), "faces": \#(faces.count), "box": [\#(faces.first.map { "\($0.left), \($0.top), \($0.right), \($0.bottom)" } ?? "")], "verdict": "\#(verdict.message ?? "one face")"}"#
      )
    } catch {
      print(#"{"file": "\#(path)", "error": "\#(error)"}"#)
    }
  }
case "mrz-band":
  let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: arguments[2])))
  let page = GrayImage(try JPEGDecoder().decode(bytes, minLongSide: 1600))
  guard let band = MRZLocator().locate(page) else {
    print("no band: \(MRZLocator().diagnose(page))")
    exit(1)
  }
  let header = Array("P5\n\(band.image.width) \(band.image.height)\n255\n".utf8)
  try Data(header + band.image.pixels).write(to: URL(fileURLWithPath: arguments[3]))
  let engine = try OCREngine(
    datapath: arguments[1] + "/tessdata", language: "mrz", whitelist: "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<")
  print("skew \(band.skewDegrees), top \(band.topFraction)")
  print(engine.read(band.image, mode: 6))
  if let zone = PassportReader.visualZoneImage(page, band: band) {
    let header = Array("P5\n\(zone.width) \(zone.height)\n255\n".utf8)
    try Data(header + zone.pixels).write(to: URL(fileURLWithPath: arguments[3] + ".zone.pgm"))
    print(try OCREngine(datapath: arguments[1] + "/tessdata", language: "eng").read(zone, mode: 3))
  }
case "pairs":
  let engine = try FaceEngine(modelsDirectory: arguments[1])
  try engine.loadRecognition(modelsDirectory: arguments[1])
  var described: [(label: String, descriptor: [Float])] = []
  var descriptorMs: [Double] = []
  for item in arguments.dropFirst(2) {
    let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
    let image = try JPEGDecoder().decode(Array(try Data(contentsOf: URL(fileURLWithPath: parts[1]))))
    var faces = try engine.detect(image)
    if faces.isEmpty { faces = try engine.detect(image, upsample: 1) }
    guard let face = faces.max(by: { $0.confidence < $1.confidence }) else { continue }
    var descriptor: [Float] = []
    descriptorMs.append(try milliseconds { descriptor = try engine.descriptor(image, face: face) })
    described.append((parts[0], descriptor))
  }
  var same: [Double] = []
  var different: [Double] = []
  for i in described.indices {
    for j in described.indices where j > i {
      let distance = FaceMatch.distance(described[i].descriptor, described[j].descriptor)
      if described[i].label == described[j].label { same.append(distance) } else { different.append(distance) }
    }
  }
  print(
    #"{"faces": \#(described.count), "descriptorMs": \#(median(descriptorMs)), "same": \#(same), "different": \#(different)}"#
  )
case "passport-warm":
  let analysis = LocalImageAnalysis(modelsDirectory: arguments[1], maxPixels: 40_000_000)
  let avatar = Array(try Data(contentsOf: URL(fileURLWithPath: arguments[2])))
  let page = Array(try Data(contentsOf: URL(fileURLWithPath: arguments[3])))
  let count = Int(arguments[4]) ?? 5
  let today = CalendarDate(Date())
  guard case .human(let face) = try analysis.analyzeAvatar(avatar, today: today).0 else { exit(1) }
  // Warm up.
  _ = try analysis.analyzePassport(page, back: nil, avatar: AvatarImage(bytes: avatar, face: face), today: today)
  var without: [Double] = []
  var with: [Double] = []
  for _ in 0..<count {
    without.append(try milliseconds { _ = try analysis.analyzePassport(page, back: nil, avatar: nil, today: today) })
    with.append(
      try milliseconds {
        _ = try analysis.analyzePassport(page, back: nil, avatar: AvatarImage(bytes: avatar, face: face), today: today)
      })
  }
  print(#"{"withoutMatchMs": \#(median(without)), "withMatchMs": \#(median(with))}"#)
case "passport":
  let reader = PassportReader(modelsDirectory: arguments[1])
  let today = CalendarDate(Date())
  // `front.jpg+back.jpg`: a card's two sides, read together (a file whose name holds `+` is one).
  for path in arguments.dropFirst(2) {
    let sides =
      FileManager.default.fileExists(atPath: path) ? [path] : path.split(separator: "+").map(String.init)
    var images: [Image] = []
    var decodeMs = 0.0
    do {
      decodeMs = try milliseconds {
        for side in sides {
          let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: side)))
          images.append(try JPEGDecoder().decode(bytes, minLongSide: 1600))
        }
      }
    } catch {
      // What the upload functions refuse before reading (too small, not a JPEG) is an outcome too.
      let refused: [String: JSONValue] = [
        "file": .string(path), "outcome": .string("unreadable: \(error)"), "readMs": .number(0),
        "timings": .object([:]),
      ]
      print(String(decoding: try JSONCoding.encoder().encode(refused), as: UTF8.self))
      continue
    }
    var reading: PassportReader.Reading?
    let totalMs = try milliseconds {
      reading = try reader.read(images[0], otherSide: images.dropFirst().first, today: today)
    }
    var fields: [String: JSONValue] = [
      "file": .string(path), "decodeMs": .number(decodeMs), "readMs": .number(totalMs),
      "timings": .object(reading!.timings.mapValues { .number($0) }),
      "attempts": .array(reading!.attempts.map { .string($0) }), "quarterTurns": .number(Double(reading!.quarterTurns)),
    ]
    switch PassportOutcome(reading!.outcome, today: today) {
    case .read(let data, let confidence, let missing, let mismatched, let unconfirmed):
      fields["mismatched"] = .array(mismatched.map { .string($0) })
      fields["unconfirmed"] = .array(unconfirmed.map { .string($0) })
      fields["outcome"] = .string("read")
      fields["confidence"] = .number(confidence)
      fields["missing"] = .array(missing.map { .string($0) })
      fields["data"] = try JSONDecoder().decode(JSONValue.self, from: JSONCoding.encoder().encode(data))
      if let zone = reading!.visualZone {
        fields["zone"] = .string("\(zone)")
        fields["authority"] = zone.authority.map { .string($0) } ?? .null
      }
    case .unreadable(let message): fields["outcome"] = .string("unreadable: \(message)")
    case .otherSide(let message): fields["outcome"] = .string("other side: \(message)")
    case .invalid(let message): fields["outcome"] = .string("invalid: \(message)")
    }
    let encoder = JSONCoding.encoder()
    print(String(decoding: try encoder.encode(fields), as: UTF8.self))
  }
case "chip":
  let trust = try TrustStore.load(certificateFiles: [arguments[2]], masterLists: [])
  let selfie = AvatarImage(bytes: Array(try Data(contentsOf: URL(fileURLWithPath: arguments[3]))), face: nil)
  let count = Int(arguments[4]) ?? 50
  let today = CalendarDate(Date())
  let page = PassportData(
    firstName: "Anna", lastName: "Eriksson", passportNumber: "L898902C3", dateOfBirth: "1974-08-12",
    issuedDate: "2012-04-16", placeOfBirth: "Zenith", middleName: "Maria", subdivision: "", nationality: "UTO",
    sex: "F", documentType: "P", issuingState: "UTO", expiryDate: "2032-04-15")
  let bare = LocalChipInspection(trustStore: trust, faces: nil, matchThreshold: 0.8)
  let full = LocalChipInspection(
    trustStore: trust, faces: try LocalChipInspection.faceEngine(modelsDirectory: arguments[1]), matchThreshold: 0.8)
  var results: [String] = []
  for path in arguments.dropFirst(5) {
    let chip = try JSONDecoder().decode([String: JSONValue].self, from: Data(contentsOf: URL(fileURLWithPath: path)))
    guard case .object(let fields) = chip["request"], case .string(let nonce) = chip["challenge"] else { exit(2) }
    let request = try ChipUploadRequest.decode(Array(try JSONEncoder().encode(fields)), today: today)
    let challenge = Array(Data(base64Encoded: nonce) ?? Data())
    func run(_ inspection: LocalChipInspection, selfie: AvatarImage?) throws -> ChipVerificationResult {
      try inspection.inspect(
        request, page: page, selfie: selfie, challenge: challenge, time: Int(Date().timeIntervalSince1970),
        checkedAt: "bench", today: today)
    }
    let outcome = try run(full, selfie: selfie)  // warm up, and what the check found
    var without: [Double] = []
    var with: [Double] = []
    for _ in 0..<count { without.append(try milliseconds { _ = try run(bare, selfie: selfie) }) }
    for _ in 0..<max(1, count / 10) { with.append(try milliseconds { _ = try run(full, selfie: selfie) }) }
    results.append(
      #"{"file": "\#(path)", "passive": "\#(outcome.passiveAuthentication.rawValue)", "aa": "\#(outcome.activeAuthentication.rawValue)", "mrz": "\#(outcome.mrzComparison.rawValue)", "portrait": "\#(outcome.portraitMatch.rawValue)", "format": "\#(outcome.portraitFormat ?? "")", "checkMs": \#(median(without)), "withMatchMs": \#(median(with))}"#
    )
  }
  print(#"{"runs": \#(count), "chips": [\#(results.joined(separator: ", "))]}"#)
default:
  print("usage: kyc-bench sign <count> | s3-get <count> <bucket> <key>")
  exit(2)
}
