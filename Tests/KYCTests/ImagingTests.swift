import KYCImaging
import KYCRules
import Testing

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

@Suite struct ImageTests {
  /// A 3×2 image whose red channel numbers the pixels 0…5, row after row.
  let image = Image(width: 3, height: 2, pixels: (0..<6).flatMap { [UInt8($0), 0, 0] })

  func reds(_ image: Image) -> [UInt8] { stride(from: 0, to: image.pixels.count, by: 3).map { image.pixels[$0] } }

  @Test func orientationsTurnThePixelsUpright() {
    // Stored pixels 0 1 2 / 3 4 5.
    #expect(reds(image.oriented(1)) == [0, 1, 2, 3, 4, 5])
    #expect(reds(image.oriented(2)) == [2, 1, 0, 5, 4, 3])
    #expect(reds(image.oriented(3)) == [5, 4, 3, 2, 1, 0])
    #expect(reds(image.oriented(4)) == [3, 4, 5, 0, 1, 2])
    let turned = image.oriented(6)  // stored rotated 90° anticlockwise: turn clockwise
    #expect(turned.width == 2 && turned.height == 3)
    #expect(reds(turned) == [3, 0, 4, 1, 5, 2])
    #expect(reds(image.oriented(8)) == [2, 5, 1, 4, 0, 3])
    #expect(reds(image.oriented(5)) == [0, 3, 1, 4, 2, 5])
    #expect(reds(image.oriented(7)) == [5, 2, 4, 1, 3, 0])
    #expect(image.oriented(0) == image && image.oriented(9) == image)
  }

  @Test func cropsClipToTheImage() {
    #expect(reds(image.cropped(left: 1, top: 0, width: 5, height: 5)) == [1, 2, 4, 5])
    #expect(image.cropped(left: 10, top: 10, width: 2, height: 2).pixels.isEmpty)
  }
}

@Suite struct ExifTests {
  /// SOI, one APP1 with an EXIF IFD holding the orientation tag, then SOS.
  static func jpeg(orientation: UInt16, bigEndian: Bool = true, type: UInt16 = 3) -> [UInt8] {
    func u16(_ v: UInt16) -> [UInt8] {
      bigEndian ? [UInt8(v >> 8), UInt8(v & 0xFF)] : [UInt8(v & 0xFF), UInt8(v >> 8)]
    }
    func u32(_ v: UInt32) -> [UInt8] {
      u16(UInt16(bigEndian ? v >> 16 : v & 0xFFFF)) + u16(UInt16(bigEndian ? v & 0xFFFF : v >> 16))
    }
    let tiff =
      (bigEndian ? Array("MM".utf8) : Array("II".utf8)) + u16(42) + u32(8) + u16(1)
      + u16(0x0112) + u16(type) + u32(1) + u16(orientation) + u16(0) + u32(0)
    let payload = Array("Exif\0\0".utf8) + tiff
    let length = payload.count + 2
    return [0xFF, 0xD8, 0xFF, 0xE1, UInt8(length >> 8), UInt8(length & 0xFF)] + payload + [0xFF, 0xDA, 0, 2]
  }

  @Test func readsTheOrientationInEitherByteOrder() {
    #expect(ExifOrientation.read(Self.jpeg(orientation: 6)) == 6)
    #expect(ExifOrientation.read(Self.jpeg(orientation: 8, bigEndian: false)) == 8)
  }

  @Test func malformedExifMeansUpright() {
    #expect(ExifOrientation.read(Self.jpeg(orientation: 9)) == 1)
    #expect(ExifOrientation.read(Self.jpeg(orientation: 6, type: 4)) == 1)
    var truncated = Self.jpeg(orientation: 6)
    truncated.removeLast(20)
    #expect(ExifOrientation.read(truncated) == 1)
    var lying = Self.jpeg(orientation: 6)
    lying[4] = 0xFF  // a segment length running past the end of the file
    #expect(ExifOrientation.read(lying) == 1)
    #expect(ExifOrientation.read([]) == 1)
    #expect(ExifOrientation.read([0xFF, 0xD8, 0xFF]) == 1)
  }

  @Test func segmentsCountTheirMetadata() {
    let segments = JPEGSegments(Self.jpeg(orientation: 6))
    #expect(segments.metadata.count == 1)
    #expect(segments.metadata[0].marker == 0xE1)
    #expect(segments.metadataBytes == Self.jpeg(orientation: 6).count - 10)
  }
}

@Suite struct AvatarPolicyTests {
  let policy = AvatarPolicy()

  func face(_ left: Int, _ width: Int, _ confidence: Double) -> FaceBox {
    FaceBox(left: left, top: 0, right: left + width - 1, bottom: width - 1, confidence: confidence)
  }

  @Test func oneClearFaceIsHuman() {
    #expect(
      policy.verdict(faces: [face(0, 200, 1.2)], imageWidth: 800, imageHeight: 600) == .oneFace(face(0, 200, 1.2)))
    // A weak but real face is still the coach's.
    #expect(
      policy.verdict(faces: [face(0, 125, 0.11)], imageWidth: 150, imageHeight: 150) == .oneFace(face(0, 125, 0.11)))
  }

  @Test func reasonsForNotHuman() {
    #expect(policy.verdict(faces: [], imageWidth: 800, imageHeight: 600) == .noFace)
    #expect(policy.verdict(faces: [face(0, 50, 2)], imageWidth: 800, imageHeight: 600) == .faceTooSmall)
    #expect(
      policy.verdict(faces: [face(0, 200, 2), face(300, 180, 1.3)], imageWidth: 800, imageHeight: 600)
        == .severalFaces(2))
    #expect(AvatarPolicy.Verdict.severalFaces(3).message?.hasPrefix("several faces") == true)
  }

  @Test func weakOrDistantOtherFacesAreIgnored() {
    #expect(
      policy.verdict(faces: [face(0, 88, 1.5), face(200, 105, 0.03)], imageWidth: 512, imageHeight: 512)
        == .oneFace(face(0, 88, 1.5)))
    #expect(
      policy.verdict(faces: [face(0, 300, 2), face(400, 70, 1.8)], imageWidth: 800, imageHeight: 600)
        == .oneFace(face(0, 300, 2)))
  }
}

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

@Suite struct FaceMatchTests {
  @Test func calibrationIsMonotoneAndPinned() {
    #expect(abs(FaceMatch.score(distance: 0.59) - 0.8) < 0.001)
    #expect(abs(FaceMatch.distance(forScore: 0.8) - 0.59) < 0.001)
    #expect(FaceMatch.score(distance: 0) > 0.999)
    #expect(FaceMatch.score(distance: 1.2) < 0.01)
    let scores = stride(from: 0.0, through: 1.5, by: 0.05).map { FaceMatch.score(distance: $0) }
    #expect(zip(scores, scores.dropFirst()).allSatisfy { $0 > $1 })
    #expect(FaceMatch.distance([0, 3], [4, 0]) == 5)
  }
}

/// dlib's descriptor on the labelled faces: the default threshold must separate them all.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["KYC_TESTDATA"] != nil, "scripts/test prepares the images"))
struct FaceMatchIntegrationTests {
  static let root = ProcessInfo.processInfo.environment["KYC_TESTDATA"] ?? ""
  static let models = ProcessInfo.processInfo.environment["KYC_MODELS_DIR"] ?? ".kyc/models"

  @Test func labelledPairsAreSeparatedAtTheDefaultThreshold() throws {
    let engine = try FaceEngine(modelsDirectory: Self.models)
    try engine.loadRecognition(modelsDirectory: Self.models)
    var faces: [(String, [Float])] = []
    var files: [String] = []
    let johns = Self.root + "/faces/johns"
    for person in try FileManager.default.contentsOfDirectory(atPath: johns).sorted() {
      for file in try FileManager.default.contentsOfDirectory(atPath: "\(johns)/\(person)").sorted() {
        faces.append((person, try describe("\(johns)/\(person)/\(file)", engine)))
        files.append(file)
      }
    }
    for (label, file) in [("obama", "obama"), ("obama", "obama2"), ("obama", "obama3"), ("biden", "biden")] {
      faces.append((label, try describe("\(Self.root)/faces/\(file).jpg", engine)))
      files.append(file)
    }
    #expect(faces.count == 59)
    // One photograph twice: a duplicated file and frames of one video moment (RiskRules).
    let samePhotograph: Set<Set<String>> = [
      ["000378_02340151.jpg", "000378_03227610.jpg"], ["000189_02159361.jpg", "000192_02159531.jpg"],
      ["000375_03227651.jpg", "000376_02340068.jpg"], ["000300_00470148.jpg", "000304_00470122.jpg"],
    ]
    var errors = 0
    var nearIdentical: [Set<String>] = []
    for i in faces.indices {
      for j in faces.indices where j > i {
        let distance = FaceMatch.distance(faces[i].1, faces[j].1)
        let matched = FaceMatch.score(distance: distance) >= 0.8
        if matched != (faces[i].0 == faces[j].0) { errors += 1 }
        if distance < RiskRules.samePhotographDistance { nearIdentical.append([files[i], files[j]]) }
      }
    }
    #expect(errors == 0)
    // Below the bound of `selfie_matches_document_photo` lie only the same photographs: every
    // pair of distinct photos of one person, and of two people, stays above it.
    #expect(Set(nearIdentical) == samePhotograph)
  }

  func describe(_ path: String, _ engine: FaceEngine) throws -> [Float] {
    let image = try JPEGDecoder().decode(Array(try Data(contentsOf: URL(fileURLWithPath: path))))
    let face = try #require(try engine.detect(image).max { $0.confidence < $1.confidence })
    return try engine.descriptor(image, face: face)
  }
}

@Suite struct PerceptualHashTests {
  /// A smooth synthetic picture: a bright disc on a gradient.
  static func picture(width: Int, height: Int, shift: Double = 0) -> Image {
    var pixels = [UInt8](repeating: 0, count: width * height * 3)
    for y in 0..<height {
      for x in 0..<width {
        let u = Double(x) / Double(width)
        let v = Double(y) / Double(height)
        let disc = ((u - 0.4 - shift) * (u - 0.4 - shift) + (v - 0.45) * (v - 0.45)) < 0.05 ? 120.0 : 0
        let value = UInt8(max(0, min(255, 40 + 90 * u + 60 * v + disc)))
        for channel in 0..<3 { pixels[(y * width + x) * 3 + channel] = value }
      }
    }
    return Image(width: width, height: height, pixels: pixels)
  }

  @Test func survivesResizingAndTellsPicturesApart() {
    let original = PerceptualHash.of(Self.picture(width: 640, height: 480))
    let smaller = PerceptualHash.of(Self.picture(width: 320, height: 240))
    let moved = PerceptualHash.of(Self.picture(width: 640, height: 480, shift: 0.25))
    #expect(PerceptualHash.distance(original, smaller) <= 4)
    #expect(PerceptualHash.distance(original, moved) >= 12)
  }
}
