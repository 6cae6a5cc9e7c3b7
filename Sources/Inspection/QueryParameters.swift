import Foundation

/// A request's query as name–value pairs in order, percent-decoded, with `+` left as it is: SCEP's base64
/// `message` uses `+`, and the core reads a space there as `+` too.
struct QueryParameters {
    let pairs: [(name: String, value: String)]

    /// `nil` when a name or value holds a broken percent-encoding.
    init?(_ query: String?) {
        guard let query, !query.isEmpty else {
            pairs = []
            return
        }
        var pairs: [(name: String, value: String)] = []
        for part in query.split(separator: "&", omittingEmptySubsequences: true) {
            let halves = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = String(halves[0]).removingPercentEncoding,
                  let value = (halves.count > 1 ? String(halves[1]) : "").removingPercentEncoding
            else { return nil }
            pairs.append((name: name, value: value))
        }
        self.pairs = pairs
    }

    func values(_ name: String) -> [String] { pairs.filter { $0.name == name }.map(\.value) }

    subscript(_ name: String) -> String? { pairs.first { $0.name == name }?.value }

    /// Names given more than once.
    var repeatedNames: Set<String> {
        var seen: Set<String> = []
        var repeated: Set<String> = []
        for pair in pairs where !seen.insert(pair.name).inserted { repeated.insert(pair.name) }
        return repeated
    }
}
