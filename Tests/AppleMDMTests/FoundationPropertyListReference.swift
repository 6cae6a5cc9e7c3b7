import Foundation
@testable import AppleMDM

/// How `PropertyListGuard.decode` worked before it built values itself: the guard's scan, then Foundation's
/// `PropertyListSerialization`, then the conversion into `PropertyListValue`. The tests hold the new decoder to it.
enum FoundationPropertyListReference {
    static func decode(_ body: Data, limits: PropertyListLimits = .deviceMessage) -> Result<PropertyListValue, PropertyListRefusal> {
        do throws(PropertyListRefusal) {
            try PropertyListGuard(limits: limits).inspect(body)
        } catch {
            return .failure(error)
        }
        guard let object = try? PropertyListSerialization.propertyList(from: body, options: [], format: nil) else {
            return .failure(PropertyListRefusal(.unreadable))
        }
        do throws(PropertyListRefusal) {
            return .success(try PropertyListValue(foundationObject: object))
        } catch {
            return .failure(error)
        }
    }

    static func newDecode(_ body: Data, limits: PropertyListLimits = .deviceMessage) -> Result<PropertyListValue, PropertyListRefusal> {
        do throws(PropertyListRefusal) {
            return .success(try PropertyListGuard(limits: limits).decode(body))
        } catch {
            return .failure(error)
        }
    }

    /// `nil` when both decoders give the same outcome; otherwise what differs, for the test's message.
    static func difference(_ body: Data, limits: PropertyListLimits = .deviceMessage) -> String? {
        let expected = decode(body, limits: limits)
        let actual = newDecode(body, limits: limits)
        switch (expected, actual) {
        case (.success(let want), .success(let got)):
            return identical(want, got) ? nil : "values differ: Foundation \(want), new \(got)"
        case (.failure(let want), .failure(let got)):
            return want == got ? nil : "refusals differ: Foundation \(want), new \(got)"
        default:
            return "outcomes differ: Foundation \(expected), new \(actual)"
        }
    }

    /// Equality stricter than `==`: strings by Unicode scalars (not canonical equivalence), reals and dates by their
    /// bits (so NaN matches NaN and -0.0 does not match 0.0).
    static func identical(_ lhs: PropertyListValue, _ rhs: PropertyListValue) -> Bool {
        switch (lhs, rhs) {
        case (.string(let a), .string(let b)):
            return Array(a.unicodeScalars) == Array(b.unicodeScalars)
        case (.integer(let a), .integer(let b)):
            return a == b
        case (.real(let a), .real(let b)):
            return a.bitPattern == b.bitPattern
        case (.bool(let a), .bool(let b)):
            return a == b
        case (.date(let a), .date(let b)):
            return a.timeIntervalSinceReferenceDate.bitPattern == b.timeIntervalSinceReferenceDate.bitPattern
        case (.data(let a), .data(let b)):
            return a == b
        case (.array(let a), .array(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { identical($0, $1) }
        case (.dictionary(let a), .dictionary(let b)):
            guard a.count == b.count else { return false }
            for (key, value) in a {
                guard let index = b.index(forKey: key),
                      Array(b[index].key.unicodeScalars) == Array(key.unicodeScalars),
                      identical(value, b[index].value)
                else { return false }
            }
            return true
        default:
            return false
        }
    }
}
