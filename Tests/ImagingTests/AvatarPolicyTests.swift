import KYCImaging
import KYCRules
import Testing

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

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
