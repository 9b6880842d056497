// swift-tools-version:6.0
import PackageDescription

/// One executable per operationId, each a thin edge over the shared `KYCHandlers` module.
let operations = [
  "createVerification", "listVerifications", "getVerification", "updatePassportData",
  "uploadAvatar", "uploadPassport", "getVerificationStatus", "adminManageVerification",
  // Additions to the LE-KO spec (openapi.yaml marks them).
  "getVerificationImages", "deletePersonalData", "listDeadLetters", "replayEvent", "createUploadSlot",
  "createCaptureSession", "getCaptureProgress", "createCaptureUpload", "uploadCaptureAvatar", "uploadCapturePassport",
  "createCaptureHandoff", "checkCaptureFrame", "createChipNonce", "verifyChip",
]
/// Lambda authorizers of routes that take no JWT (the capture page's token).
let authorizers = ["authorizeCapture"]
/// Functions run by a stream or a schedule rather than a route.
let jobs = ["dispatchEvents", "purgeExpired"]

let package = Package(
  name: "le-ko-kyc",
  platforms: [.macOS(.v15)],
  products: operations.map { .executable(name: $0, targets: [$0]) } + [
    .executable(name: "serveConsole", targets: ["serveConsole"])
  ] + jobs.map { .executable(name: $0, targets: [$0]) } + authorizers.map { .executable(name: $0, targets: [$0]) } + [
    .executable(name: "kyc-seed", targets: ["kyc-seed"]), .executable(name: "kyc-local", targets: ["kyc-local"]),
  ],
  dependencies: [
    // Development tooling only (kyc-local verifies JWTs like API Gateway); no function links it.
    .package(url: "https://github.com/vapor/jwt-kit", from: "5.7.1")
  ],
  targets: [
    .systemLibrary(
      name: "CSQLite", path: "Sources/CSQLite", pkgConfig: "sqlite3",
      providers: [.apt(["libsqlite3-dev"])]),
    // libcurl, dlopen()ed on first use so functions that make no HTTP call never load it.
    // Builds against libcurl4-openssl-dev's headers.
    .target(name: "CCurl", linkerSettings: [.linkedLibrary("dl")]),
    // QR codes of capture links (libqrencode-dev).
    .systemLibrary(
      name: "CQRCode", path: "Sources/CQRCode", pkgConfig: "libqrencode",
      providers: [.apt(["libqrencode-dev"])]),
    .systemLibrary(
      name: "CCrypto", path: "Sources/CCrypto", pkgConfig: "libcrypto",
      providers: [.apt(["libssl-dev"])]),

    // JPEG decoding on libjpeg that never exits the process (libjpeg-dev).
    .target(name: "CJPEG", linkerSettings: [.linkedLibrary("jpeg")]),
    // dlib face detection and descriptors in one C++ translation unit, optimised even in debug
    // builds. `pkg-config dlib-1` names absolute library paths SwiftPM drops, so link by name.
    .target(
      name: "CFaceEngine",
      cxxSettings: [.unsafeFlags(["-O2", "-DNDEBUG", "-DDLIB_NO_GUI_SUPPORT"])],
      linkerSettings: [.linkedLibrary("dlib"), .linkedLibrary("lapack"), .linkedLibrary("blas")]),

    // The wire model: Codable types for every schema, request validation, the error envelope.
    .target(name: "KYCModel", dependencies: ["CivilTime", "KYCJSON"]),
    // Days since 1970 to calendar dates, and strict `YYYY-MM-DD` dates: for timestamps, SigV4
    // dates and the MRZ alike.
    .target(name: "CivilTime"),
    .target(name: "KYCJSON"),
    // The functions' settings, read from the environment and checked once, at start-up; which
    // function reads which.
    .target(name: "KYCConfiguration", dependencies: ["HTTPTransport"]),
    // The verification lifecycle as pure functions over records.
    .target(name: "KYCRules", dependencies: ["KYCModel", "CivilTime"]),
    // Where verification records live: the store interface, SQLite and DynamoDB.
    .target(
      name: "KYCStore",
      dependencies: ["KYCJSON", "KYCModel", "KYCRules", "CSQLite", "SigV4", "DynamoDBClient"]),
    // DynamoDB's JSON protocol: operations signed with SigV4, retried with RetryPolicy, typed failures.
    .target(name: "DynamoDBClient", dependencies: ["KYCJSON", "SigV4", "Hashing", "HTTPTransport"]),
    // AWS Signature Version 4, pure: canonical request, string to sign, signing key.
    .target(name: "SigV4", dependencies: ["Hashing", "CivilTime"]),
    // SHA-256 and HMAC-SHA256 on libcrypto: SigV4, webhook signatures and the risk index share it.
    .target(name: "Hashing", dependencies: ["CCrypto"]),
    // Synchronous HTTP over libcurl: timeouts, size limits enforced while streaming.
    .target(name: "HTTPTransport", dependencies: ["CCurl"]),
    // S3 GetObject / HeadObject, signed with SigV4, with retries and typed errors.
    .target(name: "S3Client", dependencies: ["SigV4", "Hashing", "HTTPTransport"]),
    // Passive authentication of e-passport chips (ICAO 9303-11): the EF.SOD's CMS signature, the
    // Document Signer's chain to a trusted CSCA (files and master lists), the data groups' hashes.
    .target(name: "ChipVerification", dependencies: ["CChip", "CCrypto"]),
    // The few libcrypto calls of chip verification Swift cannot make (STACK_OF macros), as codes.
    .target(name: "CChip", linkerSettings: [.linkedLibrary("crypto")]),
    // JPEG 2000 decoding of chip portraits (libopenjp2-7-dev).
    .systemLibrary(
      name: "COpenJPEG", path: "Sources/COpenJPEG", pkgConfig: "libopenjp2",
      providers: [.apt(["libopenjp2-7-dev"])]),
    // The chip check verifyChip runs: passive and Active Authentication, DG1 against the page,
    // DG2 (JPEG, JPEG 2000) against the selfie, the trust store of KYC_CSCA_TRUST.
    .target(
      name: "KYCChip",
      dependencies: ["ChipVerification", "MRZ", "KYCModel", "KYCRules", "KYCImaging", "COpenJPEG", "CivilTime"]),
    // Machine readable zones of ICAO 9303 (TD1, TD2, TD3; visas to refuse): parsing, repair and
    // validation. Pure; no OCR here.
    .target(name: "MRZ", dependencies: ["CivilTime"]),
    .systemLibrary(
      name: "CTesseract", path: "Sources/CTesseract", pkgConfig: "tesseract",
      providers: [.apt(["libtesseract-dev"])]),
    // Image analysis: safe JPEG decoding, EXIF orientation, face detection, the avatar policy.
    // Pixel loops are built optimised even in debug builds.
    .target(
      name: "KYCImaging", dependencies: ["CJPEG", "CFaceEngine"],
      swiftSettings: [.unsafeFlags(["-O"])]),
    // Passport reading: MRZ location and OCR (Tesseract), the visual zone, PassportData.
    .target(
      name: "PassportReader", dependencies: ["CivilTime", "KYCImaging", "MRZ", "CTesseract"],
      swiftSettings: [.unsafeFlags(["-O"])]),
    // The service's ImageAnalysis: avatar, passport and face matching on the engines above, run
    // in a child process without credentials (`IsolatedImageAnalysis`, `AnalysisWorker`).
    .target(
      name: "KYCAnalysis",
      dependencies: ["KYCJSON", "KYCModel", "KYCRules", "KYCImaging", "PassportReader", "KYCLogging", "CivilTime"]),
    // The capture page's light frame check on the engines above: a face, or the MRZ band.
    .target(name: "KYCFrameCheck", dependencies: ["KYCModel", "KYCRules", "KYCImaging", "PassportReader"]),
    // The HTTP edge: one invocation event in, one response document out (an `APIError` as the
    // spec's Errors envelope); JSON logs on stderr.
    .target(
      name: "KYCRuntime",
      dependencies: ["KYCJSON", "KYCModel", "KYCConfiguration", "KYCLogging", "HTTPTransport", "CGlibcCompat"]),
    // JSON-lines logging to stderr, without personal data: for functions, jobs and the dispatcher.
    .target(name: "KYCLogging", dependencies: ["KYCJSON", "CivilTime"]),
    // Symbols that keep the binaries within glibc 2.34 (provided.al2023).
    .target(name: "CGlibcCompat", linkerSettings: [.linkedLibrary("m")]),
    // The API's operations and the jobs: identity, configuration, a handler per operationId, and
    // the one place the domain's errors become HTTP statuses.
    .target(
      name: "KYCHandlers",
      dependencies: [
        "KYCJSON",
        "KYCModel", "KYCConfiguration", "KYCRules", "KYCStore", "KYCRuntime", "S3Client", "SigV4", "Hashing",
        "KYCEvents",
        "HTTPTransport", "CQRCode", "CivilTime", "KYCLogging",
      ]),
    // Status-change events to subscribers: Standard Webhooks signing, retries, dead letters.
    .target(
      name: "KYCEvents",
      dependencies: ["CivilTime", "KYCJSON", "KYCModel", "KYCLogging", "KYCStore", "HTTPTransport", "Hashing"]),
    // The admin review console's static files and their security headers (`console/`).
    .target(
      name: "KYCConsole",
      dependencies: ["KYCJSON", "KYCModel", "KYCRuntime", "KYCConfiguration", "S3Client", "KYCLogging"]),
    .executableTarget(name: "serveConsole", dependencies: ["KYCConsole"], path: "functions/serveConsole"),

    // Development tool: walks a verification through the lifecycle with scripted analysis
    // outcomes, so tests can reach any state without images. Not deployed.
    .executableTarget(
      name: "kyc-seed",
      dependencies: ["KYCJSON", "KYCModel", "KYCRules", "KYCStore", "KYCRuntime", "KYCConfiguration", "KYCHandlers"],
      path: "Sources/KYCSeed"),

    // Development tool: in-process micro-benchmarks for scripts/bench. Not deployed.
    .executableTarget(
      name: "kyc-bench",
      dependencies: [
        "KYCJSON",
        "SigV4", "Hashing", "S3Client", "KYCImaging", "PassportReader", "KYCAnalysis", "KYCLogging", "CivilTime",
        "HTTPTransport", "KYCModel", "KYCRules", "KYCChip", "ChipVerification",
      ],
      path: "Sources/KYCBench"),

    // Development tool: the API on localhost, running the function executables. Not deployed.
    .executableTarget(
      name: "kyc-local",
      dependencies: [
        "CivilTime", "KYCJSON",
        "KYCHandlers", "KYCConsole", "KYCModel", "S3Client", "HTTPTransport", "KYCEvents", "KYCLogging", "KYCRuntime",
        .product(name: "JWTKit", package: "jwt-kit"),
      ],
      path: "Sources/KYCLocal"),

    // Helpers the test targets share: the in-process harness, the local AWS peers, scripted
    // subscribers and recognizers, drawn pages, the specimen MRZ, temporary directories.
    .testTarget(
      name: "KYCTestSupport",
      dependencies: [
        "CivilTime", "HTTPTransport", "KYCEvents", "KYCHandlers", "KYCImaging", "KYCJSON", "KYCLogging", "KYCModel",
        "KYCRules", "KYCRuntime", "KYCStore", "MRZ", "PassportReader", "S3Client", "SigV4",
      ]),
    // The wire model and civil time: identifiers, request bodies, text rules, timestamps.
    .testTarget(name: "ModelTests", dependencies: ["CivilTime", "KYCModel"]),
    // The lifecycle and risk rules: lifecycle, creation quota, the change log.
    .testTarget(
      name: "RulesTests",
      dependencies: [
        "CivilTime", "HTTPTransport", "KYCEvents", "KYCHandlers", "KYCLogging", "KYCModel", "KYCRules", "KYCRuntime",
        "KYCStore",
      ]),
    // MRZ parsing, repair and validation (TD1, TD2, TD3, the old French card).
    .testTarget(name: "MRZTests", dependencies: ["CivilTime", "KYCModel", "MRZ"]),
    // Decoding, EXIF, the face policy and matching, perceptual hashes.
    .testTarget(name: "ImagingTests", dependencies: ["KYCImaging", "KYCRules", "KYCTestSupport"]),
    // The passport reader (the MRZ search, OCR, the visual zone) and the analysis worker on it.
    .testTarget(
      name: "PassportReaderTests",
      dependencies: [
        "CivilTime", "KYCAnalysis", "KYCImaging", "KYCJSON", "KYCLogging", "KYCModel", "KYCRules", "KYCRuntime",
        "KYCTestSupport", "MRZ", "PassportReader",
      ]),
    // Chip verification: passive authentication, trust stores, data groups, JPEG 2000 portraits.
    .testTarget(
      name: "ChipTests",
      dependencies: [
        "ChipVerification", "CivilTime", "KYCChip", "KYCImaging", "KYCModel", "KYCRules", "KYCTestSupport", "MRZ",
      ]),
    // SigV4, S3, DynamoDB's client and the retry policy, against vectors and the local peers.
    .testTarget(
      name: "AWSTests",
      dependencies: ["DynamoDBClient", "HTTPTransport", "Hashing", "KYCTestSupport", "S3Client", "SigV4"]),
    // The store contract on SQLite and DynamoDB, the outbox's dispatcher, webhook signatures.
    .testTarget(
      name: "StoreTests",
      dependencies: [
        "CivilTime", "HTTPTransport", "KYCConfiguration", "KYCEvents", "KYCJSON", "KYCLogging", "KYCModel", "KYCRules",
        "KYCRuntime", "KYCStore", "KYCTestSupport", "SigV4",
      ]),
    // The HTTP edge: identity, the operations in-process, the runtime and its loop, the console.
    .testTarget(
      name: "HandlerTests",
      dependencies: [
        "KYCConfiguration", "KYCConsole", "KYCHandlers", "KYCJSON", "KYCLogging", "KYCModel", "KYCRules", "KYCRuntime",
        "KYCStore", "KYCTestSupport", "S3Client", "SigV4",
      ]),
  ]
    + operations.map {
      // Only the upload functions link the image engines; the others start without them.
      // The capture page's frame check links the face detector and the MRZ locator; the chip
      // check its own module.
      let imaging: [Target.Dependency] =
        $0.hasPrefix("upload")
        ? ["KYCAnalysis", "KYCRuntime", "KYCModel", "KYCLogging"]
        : $0 == "checkCaptureFrame"
          ? ["KYCFrameCheck", "KYCRules", "KYCConfiguration"]
          : $0 == "verifyChip" ? ["KYCChip", "ChipVerification", "KYCRules", "KYCConfiguration"] : []
      return .executableTarget(name: $0, dependencies: ["KYCHandlers"] + imaging, path: "functions/\($0)")
    }
    + jobs.map { .executableTarget(name: $0, dependencies: ["KYCHandlers"], path: "functions/\($0)") }
    + authorizers.map { .executableTarget(name: $0, dependencies: ["KYCHandlers"], path: "functions/\($0)") }
)
