import KYCConfiguration
import KYCJSON
import KYCLogging
import KYCModel
import KYCRuntime
import S3Client
import SigV4
import Testing

@testable import KYCConsole

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

@Suite struct ConsoleTests {
  static let settings = ConsoleSettings(
    signIn: .development, imageOrigin: "http://127.0.0.1:9000", matchThreshold: 0.8)
  static let assets = ConsoleAssets(
    settings: settings,
    files: [
      "index.html": Array("<!doctype html>".utf8), "js/main.js": Array("export {}".utf8),
      "capture.html": Array("<!doctype html>".utf8),
    ])

  func get(_ proxy: String?, rawPath: String, stage: String? = "v1") throws -> FunctionResponse {
    var event = HTTPEvent(
      routeKey: ConsoleAssets.routeKey, pathParameters: proxy.map { ["proxy": $0] })
    event.rawPath = rawPath
    event.requestContext?.stage = stage
    do {
      return try Self.assets.handle(event, logger: Logger(function: "test"))
    } catch {
      return .error(error, endpoint: ConsoleAssets.routeKey, requestId: "")
    }
  }

  @Test func servesTheFilesWithTheirTypesAndPolicy() throws {
    let page = try get(nil, rawPath: "/console/")
    #expect(page.statusCode == 200 && page.body == "<!doctype html>")
    #expect(page.headers["content-type"] == "text/html; charset=utf-8")
    #expect(page.headers["content-security-policy"]?.contains("img-src 'self' http://127.0.0.1:9000") == true)
    #expect(page.headers["referrer-policy"] == "no-referrer")
    #expect(
      try get("js/main.js", rawPath: "/v1/console/js/main.js").headers["content-type"]?.hasPrefix("text/javascript")
        == true)
  }

  /// The capture page alone may use the camera, and may upload to the bucket; nothing else changes.
  @Test func theCapturePageGetsTheCameraAndTheBucketOnly() throws {
    let capture = try get("capture.html", rawPath: "/v1/console/capture.html")
    #expect(capture.headers["permissions-policy"] == "camera=(self), microphone=(), geolocation=()")
    let policy = capture.headers["content-security-policy"] ?? ""
    #expect(policy.contains("connect-src 'self' http://127.0.0.1:9000"))
    #expect(policy.contains("script-src 'self'") && !policy.contains("unsafe"))
    #expect(policy.contains("frame-ancestors 'none'") && policy.contains("img-src 'self' blob:"))
    let console = try get("index.html", rawPath: "/v1/console/index.html")
    #expect(console.headers["permissions-policy"] == "camera=(), microphone=(), geolocation=()")
    #expect(console.headers["content-security-policy"]?.contains("connect-src 'self';") == true)
  }

  @Test func redirectsTheBareRouteToThePage() throws {
    let redirect = try get(nil, rawPath: "/v1/console")
    #expect(redirect.statusCode == 302 && redirect.headers["location"] == "console/index.html")
  }

  @Test(arguments: ["../Package.swift", "js/../../x.js", "index.html/", ".env", "a/b/c/d.js", "x.yaml", "nothing.js"])
  func refusesAnythingButItsOwnFiles(_ name: String) throws {
    let response = try get(name, rawPath: "/console/\(name)")
    #expect(response.statusCode == 404)
    #expect(response.body?.contains(#""code":"notFound""#) == true)
  }

  @Test func configurationNamesTheStageAndSignIn() throws {
    let staged = try get("config.json", rawPath: "/v1/console/config.json")
    #expect(staged.headers["cache-control"] == "no-store")
    let document = try JSONDecoder().decode([String: JSONValue].self, from: Data((staged.body ?? "").utf8))
    #expect(document["apiBase"] == .string("/v1") && document["signIn"] == .string("development"))
    #expect(document["matchThreshold"] == .number(0.8) && document["cognito"] == nil)
    let unstaged = try get("config.json", rawPath: "/console/config.json", stage: "$default")
    #expect(unstaged.body?.contains(#""apiBase":"""#) == true)
  }

  @Test func cognitoSignInIsConfiguredByItsDomainAndClient() throws {
    let environment = [
      "KYC_COGNITO_DOMAIN": "https://team.auth.eu-west-1.amazoncognito.com/", "KYC_COGNITO_CLIENT_ID": "abc123",
      "KYC_BUCKET": "kyc-uploads", "AWS_REGION": "eu-west-1",
    ]
    let settings = try ConsoleSettings(environment: environment)
    #expect(settings.signIn == .cognito && settings.cognitoDomain == "https://team.auth.eu-west-1.amazoncognito.com")
    #expect(settings.imageOrigin == "https://kyc-uploads.s3.eu-west-1.amazonaws.com")
    let policy = ContentSecurityPolicy.header(for: settings)
    #expect(policy.contains("connect-src 'self' https://team.auth.eu-west-1.amazoncognito.com"))
    #expect(policy.contains("script-src 'self';") && !policy.contains("unsafe"))
    #expect(try ConsoleSettings(environment: ["KYC_BUCKET": "b"]).signIn == .none)
  }

  @Test(arguments: [
    ["KYC_CONSOLE_SIGN_IN": "cognito"],
    ["KYC_COGNITO_DOMAIN": "auth.example.com"],
    ["KYC_COGNITO_DOMAIN": "auth.example.com; script-src *", "KYC_COGNITO_CLIENT_ID": "abc"],
    ["KYC_COGNITO_DOMAIN": "http://auth.example.com", "KYC_COGNITO_CLIENT_ID": "abc"],
    ["KYC_CONSOLE_SIGN_IN": "anyone"],
  ])
  func refusesAnIncompleteOrUnsafeSignIn(_ environment: [String: String]) {
    #expect(throws: ConfigurationError.self) { try ConsoleSettings(environment: environment) }
  }

  @Test func theImageOriginFollowsTheAddressingStyle() {
    let credentials = SigV4Signer.Credentials(accessKeyId: "", secretAccessKey: "", sessionToken: nil)
    let local = S3Client(
      configuration: .init(endpoint: "http://127.0.0.1:5000/", region: "us-east-1", credentials: credentials))
    #expect(local.origin(bucket: "b") == "http://127.0.0.1:5000")
    let aws = S3Client(configuration: .init(endpoint: nil, region: "us-east-1", credentials: credentials))
    #expect(aws.origin(bucket: "b") == "https://b.s3.us-east-1.amazonaws.com")
    // Without a client (and so without credentials), as the console computes it.
    #expect(S3Client.origin(endpoint: nil, region: "eu-west-1", bucket: "b") == "https://b.s3.eu-west-1.amazonaws.com")
    #expect(
      S3Client.origin(endpoint: "http://127.0.0.1:5000", region: "us-east-1", bucket: "b") == "http://127.0.0.1:5000")
  }
}
