import CivilTime
import KYCModel

/// The check of a chip's data (`verifyChip`): passive authentication against the trusted CSCAs at
/// `time` (seconds since 1970), DG1 against the page's reading, DG2 against the selfie, Active
/// Authentication over `challenge`. What the chip proves or not is in the result; only a failure
/// of ours (a trust store that does not load, an engine) throws, `AnalysisError.unavailable`.
public protocol ChipInspection: Sendable {
  func inspect(
    _ chip: ChipUploadRequest, page: PassportData?, selfie: AvatarImage?, challenge: [UInt8]?, time: Int,
    checkedAt: String, today: CalendarDate
  ) throws(AnalysisError) -> ChipVerificationResult
}
