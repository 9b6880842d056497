// swift-tools-version:6.0
import PackageDescription

/// One executable per operationId, each a thin edge over the shared `KYCHandlers` module.
let operations = [
  "createVerification", "listVerifications", "getVerification", "updatePassportData",
  "uploadAvatar", "uploadPassport", "getVerificationStatus", "adminManageVerification",
]

let package = Package(
  name: "le-ko-kyc",
  platforms: [.macOS(.v15)],
  products: operations.map { .executable(name: $0, targets: [$0]) } + [
    .executable(name: "kyc-seed", targets: ["kyc-seed"])
  ],
  targets: [
    .systemLibrary(
      name: "CSQLite", path: "Sources/CSQLite", pkgConfig: "sqlite3",
      providers: [.apt(["libsqlite3-dev"])]),
    .systemLibrary(
      name: "CCurl", path: "Sources/CCurl", pkgConfig: "libcurl",
      providers: [.apt(["libcurl4-openssl-dev"])]),
    .systemLibrary(
      name: "CCrypto", path: "Sources/CCrypto", pkgConfig: "libcrypto",
      providers: [.apt(["libssl-dev"])]),

    // The wire model: Codable types for every schema, request validation, the error envelope.
    .target(name: "KYCModel"),
    // The verification lifecycle as pure functions over records.
    .target(name: "KYCRules", dependencies: ["KYCModel"]),
    // Where verification records live: the store interface and its SQLite implementation.
    .target(name: "KYCStore", dependencies: ["KYCModel", "KYCRules", "CSQLite"]),
    // AWS Signature Version 4, pure: canonical request, string to sign, signing key.
    .target(name: "SigV4", dependencies: ["CCrypto"]),
    // HTTP over libcurl and the S3 object reader built on it.
    .target(name: "S3Client", dependencies: ["SigV4", "CCurl"]),
    // One invocation event in, one response document out; JSON logs on stderr.
    .target(name: "KYCRuntime", dependencies: ["KYCModel"]),
    // The eight operations: identity, configuration, and the handler for each operationId.
    .target(
      name: "KYCHandlers",
      dependencies: ["KYCModel", "KYCRules", "KYCStore", "KYCRuntime"]),
    // Development tool: walks a verification through the lifecycle with scripted analysis
    // outcomes, so tests can reach any state without images. Not deployed.
    .executableTarget(
      name: "kyc-seed", dependencies: ["KYCModel", "KYCRules", "KYCStore", "KYCHandlers"],
      path: "Sources/KYCSeed"),

    .testTarget(
      name: "KYCTests",
      dependencies: ["KYCModel", "KYCRules", "KYCStore", "KYCRuntime", "KYCHandlers", "SigV4", "S3Client"]
    ),
  ] + operations.map { .executableTarget(name: $0, dependencies: ["KYCHandlers"], path: "functions/\($0)") }
)
