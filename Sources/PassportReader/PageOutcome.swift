/// What the reader concluded about a page.
public enum PageOutcome: Sendable, Equatable {
  /// The MRZ validated; the fields the page settled.
  case read(DocumentFields)
  /// Nothing readable as a machine readable zone.
  case unreadable(String)
  /// No machine readable zone on the image at all: the side to send instead.
  case otherSide(String)
  /// An MRZ was read but failed validation (check digits, codes, dates, an expired document).
  case invalid(String)
}
