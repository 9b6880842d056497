import KYCImaging

/// Both sides of an identity card scanned into one image, side by side (a 700 × 220 scan): the
/// MRZ then spans under half of the image's width, less than the locator asks of a band, and the
/// front's printed rows are taken for bands instead. Cut in two, the halves read as a card's two
/// sides do.
struct SideBySideScan {
  let first: Image
  let second: Image

  /// The halves of `image` when it has the shape of two ID-1 cards (85.6 × 54 mm) side by side,
  /// about 3.2 : 1, upright or turned a quarter; nil otherwise. A strip of MRZ alone is far wider.
  init?(_ image: Image) {
    let ratio = Double(image.width) / Double(max(1, image.height))
    if Self.pairRatios.contains(ratio) {
      let half = image.width / 2
      first = image.cropped(left: 0, top: 0, width: half, height: image.height)
      second = image.cropped(left: half, top: 0, width: image.width - half, height: image.height)
    } else if ratio > 0, Self.pairRatios.contains(1 / ratio) {
      let half = image.height / 2
      first = image.cropped(left: 0, top: 0, width: image.width, height: half)
      second = image.cropped(left: 0, top: half, width: image.width, height: image.height - half)
    } else {
      return nil
    }
  }

  /// Two cards side by side are 3.17 : 1; scans add a margin or trim one.
  static let pairRatios = 2.7...3.7

  /// Whether the whole image is read after its halves gave `outcome`: they showed no MRZ, or
  /// none that read. An image of this shape may be no pair of sides (a page cropped to its lower
  /// third), and the cut then splits its MRZ lines, whose filler shows in a half.
  static func readsWhole(after outcome: PageOutcome) -> Bool {
    switch outcome {
    case .otherSide, .unreadable: return true
    case .read, .invalid: return false
    }
  }

  /// What is answered when the whole image was read too: its outcome, unless it shows no MRZ
  /// where a half showed lines that did not read (the coach is not sent for another side).
  static func outcome(halves: PageOutcome, whole: PageOutcome) -> PageOutcome {
    if case .otherSide = whole, case .unreadable = halves { return halves }
    return whole
  }
}
