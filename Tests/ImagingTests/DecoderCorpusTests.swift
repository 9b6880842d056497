import KYCImaging
import KYCRules
import Testing

@testable import KYCTestSupport

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// The decoder and detector on the real images of Tests/support/test_images.py.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["KYC_TESTDATA"] != nil, "scripts/test prepares the images"))
struct DecoderCorpusTests {
  static let root = ProcessInfo.processInfo.environment["KYC_TESTDATA"] ?? ""

  func bytes(_ path: String) throws -> [UInt8] {
    Array(try Data(contentsOf: URL(fileURLWithPath: "\(Self.root)/\(path)")))
  }

  @Test(arguments: [
    ("corpus/empty.jpg", ImageError.unsupportedFormat), ("corpus/text.jpg", .unsupportedFormat),
    ("corpus/png-image.jpg", .unsupportedFormat), ("corpus/gif-image.jpg", .unsupportedFormat),
    ("corpus/pdf.jpg", .unsupportedFormat), ("corpus/cmyk.jpg", .unsupportedFormat),
    ("corpus/claims-60000x60000.jpg", .tooManyPixels(width: 60000, height: 60000)),
    ("corpus/many-scans.jpg", .tooManyScans), ("corpus/huge-app1.jpg", .oversizedMetadata),
  ])
  func refusesWithAReason(path: String, expected: ImageError) throws {
    #expect(throws: expected) { try JPEGDecoder().decode(try bytes(path)) }
  }

  @Test(arguments: [
    "corpus/truncated-header.jpg", "corpus/truncated-quarter.jpg", "corpus/truncated-half.jpg",
    "corpus/truncated-end.jpg", "corpus/corrupt-entropy.jpg", "corpus/random-with-soi.jpg",
  ])
  func refusesCorruptData(path: String) throws {
    let data = try bytes(path)
    do {
      _ = try JPEGDecoder().decode(data)
      Issue.record("decoded a broken file")
    } catch {
      guard case .corrupt = error else {
        Issue.record("\(error)")
        return
      }
    }
  }

  @Test func scalesLargePhotosToAWorkingSize() throws {
    let image = try JPEGDecoder().decode(try bytes("variants/photo-12mp.jpg"))
    #expect(image.width == 1000 && image.height == 750)
    let small = try JPEGDecoder().decode(try bytes("faces/johns/John_Simm/000288_00470387.jpg"))
    #expect(small.width == 150 && small.height == 150)
    #expect(throws: ImageError.tooSmall(width: 150, height: 150)) {
      try JPEGDecoder(limits: .init(minSide: 200)).decode(try bytes("faces/johns/John_Simm/000288_00470387.jpg"))
    }
  }

  @Test func detectorLoadsFastFromTheModelsDirectory() throws {
    let directory = FileManager.default.temporaryDirectory.path + "/kyc-models-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    #expect(try FaceEngine(modelsDirectory: directory).loadedFromFile == false)
    let reloaded = try FaceEngine(modelsDirectory: directory)
    #expect(reloaded.loadedFromFile)
    let faces = try reloaded.detect(try JPEGDecoder().decode(try bytes("faces/obama.jpg")))
    #expect(faces.count == 1)
    #expect(faces[0].width > 200)
  }
}
