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
}
