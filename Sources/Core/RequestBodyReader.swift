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
        guard Self.nestingDepth(of: data) <= Self.maximumDepth else {
            throw APIError.invalid("the body nests arrays and objects deeper than \(Self.maximumDepth) levels")
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

    /// Deepest bracket nesting outside strings, found without parsing, so that a hostile body is refused before
    /// any decoder recurses into it.
    static func nestingDepth(of data: Data) -> Int {
        var depth = 0
        var deepest = 0
        var inString = false
        var escaped = false
        for byte in data {
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                deepest = max(deepest, depth)
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
            default: break
            }
        }
        return deepest
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
