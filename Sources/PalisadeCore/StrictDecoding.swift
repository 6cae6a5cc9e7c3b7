import Foundation

/// A coding key for reading whatever keys a JSON object has.
public struct AnyCodingKey: CodingKey {
    public let stringValue: String
    public let intValue: Int? = nil
    public init(stringValue: String) { self.stringValue = stringValue }
    public init?(intValue: Int) { return nil }
}

extension Decoder {
    /// A keyed container that first refuses any key not in `Keys`, so a misspelt field is an error rather than
    /// silently ignored (a typo in `expiresAt` must not queue a command that never expires).
    public func strictContainer<Keys: CodingKey & CaseIterable>(keyedBy keys: Keys.Type) throws -> KeyedDecodingContainer<Keys> {
        let allowed = Set(Keys.allCases.map(\.stringValue))
        let raw = try container(keyedBy: AnyCodingKey.self)
        if let unknown = raw.allKeys.map(\.stringValue).filter({ !allowed.contains($0) }).sorted().first {
            throw DecodingError.dataCorrupted(.init(
                codingPath: codingPath + [AnyCodingKey(stringValue: unknown)],
                debugDescription: "unknown field; allowed fields are \(allowed.sorted().joined(separator: ", "))"
            ))
        }
        return try container(keyedBy: keys)
    }
}

extension KeyedDecodingContainer {
    /// An optional field: `nil` when absent, refused when `null` (Foundation's `decodeIfPresent` takes `null` for
    /// absent, so a field a schema says is a string would silently accept `null` and mean "leave as is").
    public func decodeIfPresentRefusingNull<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard contains(key) else { return nil }
        if try decodeNil(forKey: key) {
            throw DecodingError.valueNotFound(T.self, .init(codingPath: codingPath + [key], debugDescription: "null"))
        }
        return try decode(T.self, forKey: key)
    }

    /// A field that may be absent (leave as is), `null` (clear) or a value (set): `nil`, `.some(nil)`, `.some(value)`.
    public func decodePatch<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T?? {
        guard contains(key) else { return nil }
        if try decodeNil(forKey: key) { return .some(nil) }
        return .some(try decode(T.self, forKey: key))
    }
}

extension DecodingError {
    /// What a client should fix, naming the field by its path (`tags[2]`, `admin.port`).
    public var clientDescription: String {
        func path(_ keys: [any CodingKey]) -> String {
            keys.reduce("") { text, key in
                if let index = key.intValue { return "\(text)[\(index)]" }
                return text.isEmpty ? key.stringValue : "\(text).\(key.stringValue)"
            }
        }
        switch self {
        case .keyNotFound(let key, let context):
            let field = path(context.codingPath + [key])
            return "missing field '\(field)'"
        case .typeMismatch(let type, let context):
            return "field '\(path(context.codingPath))' must be \(Self.describe(type))"
        case .valueNotFound(let type, let context):
            return "field '\(path(context.codingPath))' must be \(Self.describe(type)), not null"
        case .dataCorrupted(let context):
            let field = path(context.codingPath)
            let reason = (context.underlyingError as NSError?).map { _ in "not valid JSON" } ?? context.debugDescription
            return field.isEmpty ? reason : "field '\(field)': \(reason)"
        @unknown default:
            return "the body does not match the expected shape"
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        if type == String.self { return "a string" }
        if type == Bool.self { return "true or false" }
        if type == Int.self || type == Int64.self { return "an integer" }
        if type == Double.self { return "a number" }
        let name = String(describing: type)
        if name.hasPrefix("Array") { return "an array" }
        if name.hasPrefix("Dictionary") { return "an object" }
        return "a \(name)"
    }
}
