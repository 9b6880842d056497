// kyc-bench: in-process micro-benchmarks for scripts/bench (development tool, not deployed).
//
//   kyc-bench sign <count>                       SigV4-sign <count> S3 GET requests
//   kyc-bench s3-get <count> <bucket> <key>      GET an object <count> times (AWS_* environment)
//   kyc-bench detector <models-dir>              time building and loading the face detector
//   kyc-bench avatar <models-dir> <file>...      decode + detect + verdict per file, with timings
//
// Prints one JSON object with the median and per-item figures.
import HTTPTransport
import KYCImaging
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
  var start = timespec()
  var end = timespec()
  clock_gettime(CLOCK_MONOTONIC, &start)
  try body()
  clock_gettime(CLOCK_MONOTONIC, &end)
  return Double(end.tv_sec - start.tv_sec) * 1000 + Double(end.tv_nsec - start.tv_nsec) / 1_000_000
}

func median(_ values: [Double]) -> Double {
  let sorted = values.sorted()
  return sorted[sorted.count / 2]
}

let arguments = Array(CommandLine.arguments.dropFirst())
let environment = ProcessInfo.processInfo.environment
switch arguments.first {
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
  unlink("\(directory)/\(FaceDetector.detectorFileName)")
  var built = false
  let buildMs = try milliseconds { built = !(try FaceDetector(modelsDirectory: directory).loadedFromFile) }
  var loaded = false
  let loadMs = try milliseconds { loaded = try FaceDetector(modelsDirectory: directory).loadedFromFile }
  print(#"{"buildMs": \#(buildMs), "built": \#(built), "loadMs": \#(loadMs), "loadedFromFile": \#(loaded)}"#)
case "avatar":
  let detector = try FaceDetector(modelsDirectory: arguments[1])
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
        #"{"file": "\#(path)", "size": "\#(image!.width)x\#(image!.height)", "decodeMs": \#(decodeMs), "detectMs": \#(detectMs), "faces": \#(faces.count), "verdict": "\#(verdict.message ?? "one face")"}"#
      )
    } catch {
      print(#"{"file": "\#(path)", "error": "\#(error)"}"#)
    }
  }
default:
  print("usage: kyc-bench sign <count> | s3-get <count> <bucket> <key>")
  exit(2)
}
