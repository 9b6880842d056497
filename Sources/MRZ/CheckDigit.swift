/// ICAO 9303 check digits: weights 7, 3, 1 repeating; digits count as themselves, `A`–`Z` as
/// 10–35, and the filler `<` as 0.
public enum CheckDigit {
  public static func value(of character: Character) -> Int? {
    guard let ascii = character.asciiValue else { return nil }
    switch ascii {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return Int(ascii - UInt8(ascii: "0"))
    case UInt8(ascii: "A")...UInt8(ascii: "Z"): return Int(ascii - UInt8(ascii: "A")) + 10
    case UInt8(ascii: "<"): return 0
    default: return nil
    }
  }

  /// The check digit of `field`, or `nil` when it holds a character outside the MRZ set.
  public static func compute<S: Sequence>(_ field: S) -> Int? where S.Element == Character {
    let weights = [7, 3, 1]
    var sum = 0
    for (index, character) in field.enumerated() {
      guard let value = value(of: character) else { return nil }
      sum += value * weights[index % 3]
    }
    return sum % 10
  }

  /// Whether `digit` is the check digit of `field`. A field of fillers may carry `<` as its digit.
  public static func verify<S: Sequence>(_ field: S, _ digit: Character) -> Bool where S.Element == Character {
    let characters = Array(field)
    if digit == "<" { return characters.allSatisfy { $0 == "<" } }
    guard let expected = compute(characters), let actual = digit.wholeNumberValue else { return false }
    return expected == actual
  }
}
