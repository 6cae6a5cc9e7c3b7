import Foundation
import Hummingbird
import NIOCore

/// Reads a JSON request body within a size limit and decodes it strictly.
struct RequestBodyReader: Sendable {
    /// Largest body accepted, in bytes.
    let limit: Int

    /// Deepest nesting of arrays and objects accepted; JSON for commands is shallow, and a deep body is an attack.
    static let maximumDepth = 32

    func decode<T: Decodable>(_ type: T.Type, from request: Request) async throws -> T {
        let contentType = request.headers[.contentType]?.lowercased() ?? ""
        guard contentType.hasPrefix("application/json") else { throw unsupportedMediaType }
        guard let data = try await BoundedBody.read(request, limit: limit) else { throw tooLarge }
        return try decode(type, from: data)
    }

    /// As `decode`, for a route whose OpenAPI operation makes the body optional: a request with no body and no
    /// `Content-Type` is `absent`.
    func decode<T: Decodable>(_ type: T.Type, from request: Request, absent: T) async throws -> T {
        guard request.headers[.contentType] == nil else { return try await decode(type, from: request) }
        guard let data = try await BoundedBody.read(request, limit: limit) else { throw tooLarge }
        guard data.isEmpty else { throw unsupportedMediaType }
        return absent
    }

    private func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        guard !data.isEmpty else { throw APIError.invalid("the request needs a JSON body") }
        let shape = Self.shape(of: data)
        guard shape.depth <= Self.maximumDepth else {
            throw APIError.invalid("the body nests arrays and objects deeper than \(Self.maximumDepth) levels")
        }
        if let key = shape.duplicateKey {
            throw APIError.invalid("the field '\(APIError.excerpt(key))' is given more than once in one object; give each field once")
        }
        do {
            return try JSONDecoder.api.decode(T.self, from: data)
        } catch let error as DecodingError {
            throw APIError.invalid(error.clientDescription)
        } catch let error as APIError {
            throw error
        } catch {
            throw APIError.invalid("the body is not valid JSON")
        }
    }

    private var unsupportedMediaType: APIError {
        APIError(.unsupportedMediaType, "unsupported_media_type", "send the body as 'Content-Type: application/json'")
    }

    private var tooLarge: APIError {
        APIError(.contentTooLarge, "too_large", "the body is larger than \(limit) bytes")
    }

    /// What a pre-scan of a body finds before any decoder sees it.
    struct Shape: Equatable {
        /// Deepest nesting of arrays and objects.
        var depth = 0
        /// The first key an object gives twice, as written (escapes undone only to compare).
        var duplicateKey: String?
    }

    /// The body's nesting depth and first repeated key, found in one pass without building anything, so a hostile
    /// body is refused before a decoder recurses into it. Foundation's decoders take one of two values given for one
    /// key without a word; a body that says two things is refused instead. Malformed JSON is left to the decoder.
    static func shape(of data: Data) -> Shape {
        var shape = Shape()
        // One entry per open container: the keys an object has given so far, or nil for an array.
        var open: [Set<String>?] = []
        var expectingKey = false
        var index = data.startIndex
        while index < data.endIndex {
            let byte = data[index]
            switch byte {
            case UInt8(ascii: "\""):
                let start = data.index(after: index)
                var end = start
                var escapes = false
                while end < data.endIndex, data[end] != UInt8(ascii: "\"") {
                    if data[end] == UInt8(ascii: "\\") {
                        escapes = true
                        end = data.index(after: end)
                    }
                    if end < data.endIndex { end = data.index(after: end) }
                }
                if expectingKey, let last = open.indices.last, open[last] != nil, end <= data.endIndex {
                    let raw = data[start..<min(end, data.endIndex)]
                    let key = escapes
                        ? (try? JSONDecoder().decode(String.self, from: Data("\"".utf8) + raw + Data("\"".utf8))) ?? String(decoding: raw, as: UTF8.self)
                        : String(decoding: raw, as: UTF8.self)
                    if open[last]!.insert(key).inserted == false, shape.duplicateKey == nil { shape.duplicateKey = key }
                    expectingKey = false
                }
                index = end
            case UInt8(ascii: "{"):
                open.append([])
                expectingKey = true
                shape.depth = max(shape.depth, open.count)
            case UInt8(ascii: "["):
                open.append(nil)
                expectingKey = false
                shape.depth = max(shape.depth, open.count)
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                if !open.isEmpty { open.removeLast() }
                expectingKey = false
            case UInt8(ascii: ","):
                expectingKey = open.last.map { $0 != nil } ?? false
            default:
                break
            }
            if index < data.endIndex { index = data.index(after: index) }
        }
        return shape
    }
}

extension JSONDecoder {
    /// The admin API's decoder: ISO 8601 dates.
    static var api: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let text = try decoder.singleValueContainer().decode(String.self)
            guard let date = ISO8601.parse(text) else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "must be an ISO 8601 date-time such as 2026-11-26T09:00:00Z"))
            }
            return date
        }
        return decoder
    }
}

extension JSONEncoder {
    /// The admin API's encoder: ISO 8601 dates, sorted keys.
    static var api: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(ISO8601.format(date))
        }
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
