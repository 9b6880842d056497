import CivilTime
import KYCJSON

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// A JSON request body with a closed set of fields. Decoding rejects unknown fields (so a client
/// cannot slip in `status` or a score) and reports type errors by field name, never by value.
public protocol RequestBody: Decodable, Sendable {
  static var fieldNames: Set<String> { get }
  /// Checks the rules JSON types cannot express (lengths, formats, dates).
  func validate(today: CalendarDate) throws(ValidationError)
}

extension RequestBody {
  public static func decode(_ body: [UInt8], today: CalendarDate) throws(ValidationError) -> Self {
    let data = Data(body)
    let value: JSONValue
    do {
      value = try JSONDecoder().decode(JSONValue.self, from: data)
    } catch {
      throw .invalid("request body is not valid JSON")
    }
    guard case .object(let fields) = value else {
      throw .invalid("request body must be a JSON object")
    }
    if let unknown = fields.keys.sorted().first(where: { !fieldNames.contains($0) }) {
      throw .invalid("unknown field '\(FieldName.safe(unknown))'")
    }
    let decoded: Self
    do {
      decoded = try JSONDecoder().decode(Self.self, from: data)
    } catch let error as DecodingError {
      throw .invalid(FieldName.describe(error))
    } catch {
      throw .invalid("request body does not match the schema")
    }
    try decoded.validate(today: today)
    return decoded
  }
}

/// Field names as they may appear in error messages.
enum FieldName {
  /// A client-chosen key, cut short and stripped to printable ASCII so messages stay bounded.
  static func safe(_ key: String) -> String {
    String(String(key.unicodeScalars.filter { $0.isASCII && $0.value >= 0x20 && $0.value < 0x7F }).prefix(40))
  }

  static func describe(_ error: DecodingError) -> String {
    func path(_ context: DecodingError.Context) -> String {
      let names = context.codingPath.map { $0.intValue.map(String.init) ?? safe($0.stringValue) }
      return names.isEmpty ? "body" : names.joined(separator: ".")
    }
    switch error {
    case .keyNotFound(let key, let context):
      let parent = context.codingPath.map { safe($0.stringValue) } + [safe(key.stringValue)]
      return "missing required field '\(parent.joined(separator: "."))'"
    case .typeMismatch(let type, let context):
      return "field '\(path(context))' must be of type \(typeName(type))"
    case .valueNotFound(let type, let context):
      return "field '\(path(context))' must be of type \(typeName(type)), not null"
    case .dataCorrupted(let context):
      return "field '\(path(context))' has an invalid value"
    @unknown default:
      return "request body does not match the schema"
    }
  }

  static func typeName(_ type: Any.Type) -> String {
    switch type {
    case is Bool.Type: "boolean"
    case is String.Type: "string"
    case is Int.Type, is Double.Type: "number"
    default: "the documented type"
    }
  }
}
