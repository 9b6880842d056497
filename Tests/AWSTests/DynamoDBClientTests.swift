import SigV4
import Testing

@testable import DynamoDBClient

@Suite struct DynamoDBClientTests {
  /// Throttling, 5xx, transaction conflicts and broken connections clear within a few hundred ms
  /// and are tried again; a failed condition or a refused request is an answer.
  @Test func onlyTransientFailuresAreRetried() {
    let transient: [DynamoDBClient.Failure] = [
      .transport("reset"), .service(type: "ThrottlingException", status: 400), .service(type: "HTTP503", status: 503),
      .service(type: "ProvisionedThroughputExceededException", status: 400),
      .transactionCanceled(["None", "TransactionConflict"]),
    ]
    let final: [DynamoDBClient.Failure] = [
      .conditionFailed, .transactionCanceled(["ConditionalCheckFailed", "None"]),
      .service(type: "ValidationException", status: 400), .service(type: "AccessDeniedException", status: 400),
    ]
    #expect(transient.allSatisfy(DynamoDBClient.isTransient))
    #expect(!final.contains(where: DynamoDBClient.isTransient))
  }

  @Test func aLocalEndpointIsSignedForItsHostAndAWSForTheRegionalOne() {
    let credentials = SigV4Signer.Credentials(accessKeyId: "AKID", secretAccessKey: "secret")
    let local = DynamoDBClient(endpoint: "http://127.0.0.1:5000/", region: "eu-west-1", credentials: credentials)
    #expect(local.url == "http://127.0.0.1:5000/" && local.host == "127.0.0.1:5000")
    let aws = DynamoDBClient(endpoint: nil, region: "eu-west-1", credentials: credentials)
    #expect(aws.url == "https://dynamodb.eu-west-1.amazonaws.com/" && aws.host == "dynamodb.eu-west-1.amazonaws.com")
  }
}
