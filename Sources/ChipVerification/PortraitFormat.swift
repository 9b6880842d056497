/// How DG2's portrait is encoded (ISO/IEC 19794-5 image data type).
public enum PortraitFormat: String, Sendable, Equatable {
  case jpeg
  case jpeg2000
}
