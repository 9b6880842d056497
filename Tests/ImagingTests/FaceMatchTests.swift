import KYCImaging
import KYCRules
import Testing

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

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
