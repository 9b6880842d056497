/// The console's Content-Security-Policy: its own scripts and styles only (no inline script),
/// images only from itself and the bucket's endpoint, data calls to its own origin (and the
/// Cognito token endpoint when that is how admins sign in), and no framing.
public enum ContentSecurityPolicy {
  public static func header(for settings: ConsoleSettings) -> String {
    let signIn = settings.signIn == .cognito ? settings.cognitoDomain.map { " \($0)" } ?? "" : ""
    return [
      "default-src 'none'",
      "script-src 'self'",
      "style-src 'self'",
      "img-src 'self' \(settings.imageOrigin)",
      "connect-src 'self'\(signIn)",
      "form-action 'self'\(signIn)",
      "base-uri 'none'",
      "frame-ancestors 'none'",
    ].joined(separator: "; ")
  }

  /// The capture page's: its own scripts and styles, pictures it makes itself (`blob:`), the
  /// camera's stream, data calls to its own origin and uploads to the bucket (presigned POSTs);
  /// no framing, no forms.
  public static func captureHeader(for settings: ConsoleSettings) -> String {
    [
      "default-src 'none'",
      "script-src 'self'",
      "style-src 'self'",
      "img-src 'self' blob:",
      "media-src 'self' blob: mediastream:",
      "connect-src 'self' \(settings.imageOrigin)",
      "form-action 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
    ].joined(separator: "; ")
  }
}
