import KYCImaging

/// The ways a colour page is turned grey for OCR. Security print is coloured and ink is dark,
/// so which conversion reads best depends on the page: each reader tries them in its own order.
enum GreyConversion: CustomStringConvertible {
  /// BT.601 luma: what the eye sees.
  case luma
  /// The brightest of the three channels: coloured guilloches and rosettes turn near-white while
  /// black ink stays dark.
  case brightestChannel
  /// Luma, and the brightest channel, with the background divided out: a pattern behind the
  /// values and uneven light flatten to paper white, ink stays dark.
  case flattenedLuma, flattenedBrightest

  func apply(_ image: Image) -> GrayImage {
    switch self {
    case .luma: return GrayImage(image)
    case .brightestChannel: return GrayImage(brightestChannelOf: image)
    case .flattenedLuma: return GrayImage(image).flattened(radius: 7)
    case .flattenedBrightest: return GrayImage(brightestChannelOf: image).flattened(radius: 7)
    }
  }

  var description: String {
    switch self {
    case .luma: return "luma"
    case .brightestChannel: return "brightest channel"
    case .flattenedLuma: return "flattened luma"
    case .flattenedBrightest: return "flattened brightest channel"
    }
  }
}
