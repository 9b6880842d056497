// The floor for the function benchmarks: a static Swift binary that reads one event from stdin,
// decodes it with FoundationEssentials' JSONDecoder, and writes a fixed response. A function
// cannot start faster than this.
import FoundationEssentials

#if canImport(Glibc)
  import Glibc
#endif

struct Event: Decodable {
  var routeKey: String?
  var headers: [String: String]?
  var body: String?
}

var input: [UInt8] = []
var buffer = [UInt8](repeating: 0, count: 65_536)
while true {
  let count = buffer.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
  if count <= 0 { break }
  input.append(contentsOf: buffer[0..<count])
}
let event = try? JSONDecoder().decode(Event.self, from: Data(input))
print(#"{"statusCode":200,"headers":{},"body":"\#(event?.routeKey ?? "")","isBase64Encoded":false}"#)
