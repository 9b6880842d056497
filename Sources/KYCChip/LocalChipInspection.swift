import ChipVerification
import CivilTime
import KYCImaging
import KYCModel
import KYCRules
import MRZ

/// The chip check of `verifyChip` on the service's own engines: passive authentication against
/// the trust store loaded at start, DG1 through the `MRZ` parser against the page, DG2 decoded
/// (JPEG with the uploads' guarded decoder, JPEG 2000 with OpenJPEG) and matched against the
/// selfie with dlib as the passport step does, and Active Authentication. Built once per process.
public struct LocalChipInspection: ChipInspection {
  let passive: PassiveAuthentication
  let faces: FaceEngine?
  let matchThreshold: Double
  let jpeg = JPEGDecoder(
    limits: JPEGDecoder.Limits(maxPixels: 4_000_000, minSide: 32, maxScans: 16, maxMemory: 64 << 20))
  let jpeg2000 = JPEG2000Decoder(maxPixels: 4_000_000)
  let selfieDecoder = JPEGDecoder()

  /// `faces` nil: the portrait is not compared (the bench measures the rest).
  public init(trustStore: TrustStore, faces: FaceEngine?, matchThreshold: Double) {
    passive = PassiveAuthentication(trustStore: trustStore)
    self.faces = faces
    self.matchThreshold = matchThreshold
  }

  /// The face engine with its recognition models, from `modelsDirectory`.
  public static func faceEngine(modelsDirectory: String) throws(AnalysisError) -> FaceEngine {
    do {
      let engine = try FaceEngine(modelsDirectory: modelsDirectory)
      try engine.loadRecognition(modelsDirectory: modelsDirectory)
      return engine
    } catch {
      throw .unavailable("the face engine cannot be loaded: \(error)")
    }
  }

  public func inspect(
    _ chip: ChipUploadRequest, page: PassportData?, selfie: AvatarImage?, challenge: [UInt8]?, time: Int,
    checkedAt: String, today: CalendarDate
  ) throws(AnalysisError) -> ChipVerificationResult {
    let groups = chip.dataGroups
    var result = ChipVerificationResult(
      checkedAt: checkedAt, passiveAuthentication: .failed, dataGroups: groups.keys.sorted())
    // Certificates are valid at the signing time the SOD's signature covers (a Document Signer
    // outlives its use by the documents' validity), never one after the check.
    let signedAt = min((try? SecurityObject(chip.sodBytes))?.signingTime ?? time, time)
    do {
      let passed = try passive.verify(sod: chip.sodBytes, dataGroups: groups, at: signedAt)
      result.passiveAuthentication = .passed
      result.signer = passed.signerSubject
      result.csca = passed.cscaSubject
      result.issuingCountry = passed.issuingCountry
      result.dataGroupHashAlgorithm = passed.dataGroupHashAlgorithm.rawValue
      result.signatureAlgorithm = "\(passed.signatureAlgorithm) with \(passed.signatureDigestAlgorithm.rawValue)"
      result.dataGroups = passed.checkedDataGroups
    } catch {
      (result.failureReason, result.failureDetails) = Self.describe(error)
    }
    if let page, let dg1 = groups[1] {
      (result.mrzComparison, result.mismatchedFields) = Self.compareMRZ(dg1, page: page, today: today)
    }
    // What the chip's signature does not vouch for is the client's own: a portrait to decode and
    // match, a key to verify the nonce with. Both wait for passive authentication.
    let authentic = result.passiveAuthentication == .passed
    if authentic, let faces, let selfie, let dg2 = groups[2] {
      (result.portraitFormat, result.portraitMatch, result.portraitMatchScore) = try comparePortrait(
        dg2, selfie: selfie, faces: faces)
    }
    if let cardSecurity = chip.cardSecurityBytes {
      do {
        _ = try passive.verifyCardSecurity(cardSecurity, at: time)
        result.cardSecurity = .passed
      } catch {
        result.cardSecurity = .failed
        result.cardSecurityFailureReason = Self.describe(error).0
      }
    }
    // A chip that can prove it is no copy, not asked to: the admin is told.
    if authentic, chip.signatureBytes == nil, (try? SecurityObject(chip.sodBytes))?.dataGroupHashes[15] != nil {
      result.activeAuthenticationSkipped = true
    }
    if authentic, let signature = chip.signatureBytes {
      result.activeAuthentication = .failed
      if let challenge, let dg15 = groups[15] {
        do {
          result.activeAuthenticationAlgorithm = try ActiveAuthentication.verify(
            dg15: dg15, challenge: challenge, signature: signature, dg14: groups[14])
          result.activeAuthentication = .passed
        } catch {}
      }
    }
    return result
  }

  /// A failure's code, and its reason in words.
  static func describe(_ failure: PassiveAuthenticationFailure) -> (ChipVerificationResult.FailureReason, String) {
    switch failure {
    case .malformed(let reason): (.malformed, "the EF.SOD is malformed: \(reason)")
    case .signerNotFound: (.signerNotFound, "the EF.SOD carries no certificate with a usable key")
    case .signatureInvalid: (.signatureInvalid, "the EF.SOD's signature does not verify")
    case .unknownIssuer: (.unknownIssuer, "no trusted CSCA issued the Document Signer")
    case .certificateExpired: (.certificateExpired, "the Document Signer or its CSCA had expired")
    case .notYetValid: (.notYetValid, "the Document Signer or its CSCA was not yet valid")
    case .dataGroupMismatch(let number): (.dataGroupMismatch, "DG\(number) does not hash to the EF.SOD's value")
    case .dataGroupNotListed(let number): (.dataGroupNotListed, "the EF.SOD lists no hash for DG\(number)")
    }
  }

  /// DG1's zone against the page: `notCompared` when DG1 does not parse (passive authentication
  /// says whether it is genuine).
  static func compareMRZ(_ dg1: [UInt8], page: PassportData, today: CalendarDate) -> (
    ChipVerificationResult.Comparison, [String]?
  ) {
    guard let group = try? MRZDataGroup(dg1),
      case .success(let reading) = MRZParser(today: today).parse(group.lines.joined(separator: "\n"))
    else { return (.notCompared, nil) }
    let fields = ChipMRZComparison.mismatchedFields(reading.document, page: page)
    return fields.isEmpty ? (.match, nil) : (.mismatch, fields)
  }

  /// DG2's portrait against the selfie: a portrait without a face does not match; a selfie
  /// that no longer decodes is not compared.
  func comparePortrait(_ dg2: [UInt8], selfie: AvatarImage, faces: FaceEngine) throws(AnalysisError) -> (
    String?, ChipVerificationResult.Comparison, Double?
  ) {
    guard let group = try? PortraitDataGroup(dg2) else { return (nil, .mismatch, nil) }
    let format = group.format.rawValue
    let portrait: Image
    do {
      // ICAO portraits are a few hundred pixels a side: a larger JPEG is decoded scaled down (to
      // 800–1,600 px), so a face search over a large faceless picture costs little.
      portrait =
        group.format == .jpeg ? try jpeg.decode(group.image, minLongSide: 800) : try jpeg2000.decode(group.image)
    } catch {
      return (format, .mismatch, nil)
    }
    // The selfie passed its step: failing on it is ours. The portrait is the client's: whatever
    // the engine cannot take from it does not match.
    let selfieImage: Image
    let selfieDescriptor: [Float]
    do {
      selfieImage = try selfieDecoder.decode(selfie.bytes)
      guard let selfieFace = try Self.face(in: selfieImage, region: selfie.face, engine: faces) else {
        return (format, .notCompared, nil)
      }
      selfieDescriptor = try faces.descriptor(selfieImage, face: selfieFace)
    } catch {
      throw .unavailable("the selfie could not be read for the portrait's comparison: \(error)")
    }
    guard let portraitFace = try? Self.face(in: portrait, region: nil, engine: faces),
      let portraitDescriptor = try? faces.descriptor(portrait, face: portraitFace)
    else { return (format, .mismatch, nil) }
    let score =
      (FaceMatch.score(distance: FaceMatch.distance(selfieDescriptor, portraitDescriptor)) * 1000).rounded() / 1000
    return (format, score >= matchThreshold ? .match : .mismatch, score)
  }

  /// The face at the selfie's stored region when the image decodes to its size, else the most
  /// confident face found (looking harder in a small portrait).
  static func face(in image: Image, region: FaceRegion?, engine: FaceEngine) throws(ImageError) -> FaceBox? {
    if let region, region.imageWidth == image.width, region.imageHeight == image.height {
      return FaceBox(left: region.left, top: region.top, right: region.right, bottom: region.bottom, confidence: 1)
    }
    return try engine.mostConfidentFace(in: image)
  }
}
