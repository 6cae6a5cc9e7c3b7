import Foundation
import PalisadeCore

/// A request's query as name–value pairs in order, percent-decoded to bytes, with `+` left as it is: SCEP's base64
/// `message` uses `+`, and the core reads a space there as `+` too.
///
/// Byte-based because a value need not be text: SCEP clients built on Go's `url.Values` repeat a POSTed
/// PKIOperation's DER message, percent-encoded binary, in a `message` parameter, which RFC 8894 servers ignore. Only
/// a broken escape (`%` not followed by two hex digits) makes the query malformed.
struct QueryParameters {
    let pairs: [(name: String, value: [UInt8])]

    /// `nil` when a name or value holds a broken percent-encoding.
    init?(_ query: String?) {
        guard let query, !query.isEmpty else {
            pairs = []
            return
        }
        var pairs: [(name: String, value: [UInt8])] = []
        for part in query.utf8.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let halves = part.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.percentDecoded(halves[0]),
                  let value = halves.count > 1 ? Self.percentDecoded(halves[1]) : []
            else { return nil }
            // A name that is not UTF-8 is no name an endpoint reads: it becomes an unexpected one.
            pairs.append((name: String(decoding: name, as: UTF8.self), value: value))
        }
        self.pairs = pairs
    }

    /// `bytes` with each `%XX` replaced by its byte; `nil` when a `%` is not followed by two hex digits.
    static func percentDecoded(_ bytes: Substring.UTF8View) -> [UInt8]? {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "%") else {
                output.append(byte)
                index = bytes.index(after: index)
                continue
            }
            let high = bytes.index(after: index)
            guard high < bytes.endIndex else { return nil }
            let low = bytes.index(after: high)
            guard low < bytes.endIndex, let upper = Hex.nibble(bytes[high]), let lower = Hex.nibble(bytes[low]) else { return nil }
            output.append(upper << 4 | lower)
            index = bytes.index(after: low)
        }
        return output
    }

    /// The first value of `name` as UTF-8 text; `nil` when absent or not UTF-8.
    subscript(_ name: String) -> String? {
        guard let bytes = pairs.first(where: { $0.name == name })?.value else { return nil }
        return String(validating: bytes, as: UTF8.self)
    }

    /// Whether `name` was given, whatever its value.
    func contains(_ name: String) -> Bool { pairs.contains { $0.name == name } }

    /// Names given more than once.
    var repeatedNames: Set<String> {
        var seen: Set<String> = []
        var repeated: Set<String> = []
        for pair in pairs where !seen.insert(pair.name).inserted { repeated.insert(pair.name) }
        return repeated
    }
}
