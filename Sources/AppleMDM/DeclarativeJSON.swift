import Foundation
import PalisadeCore

/// The JSON conventions of Declarative Device Management: sorted keys (so a document and its tokens are stable),
/// unescaped slashes, RFC 3339 timestamps in whole seconds.
enum DeclarativeJSON {
    static let maximumDocumentSize = 1 << 20
    static let maximumDepth = 32

    static func encode(_ value: some Encodable) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(RFC3339Date.format(date))
        }
        // The types encoded here hold only strings, booleans, dates and JSONValue, all of which always encode.
        return (try? encoder.encode(value)) ?? Data("{}".utf8)
    }

    /// Decodes a device's document after bounding its size and depth.
    static func decode(_ data: Data) throws(DeclarativeMessageError) -> JSONValue {
        guard data.count <= maximumDocumentSize else { throw .tooLarge(limit: maximumDocumentSize) }
        guard !JSONDepthCheck.exceeds(maximumDepth, in: data) else { throw .tooDeep(limit: maximumDepth) }
        do {
            return try JSONValue.decode(data)
        } catch {
            throw .notJSON
        }
    }
}
