import Foundation
import PalisadeCore

/// Turns an admin API payload (JSON) into command parameters (property-list values), checking it against Apple's
/// schema when there is one: unknown keys, missing required keys, wrong types and values outside a range list are
/// refused. Data fields take standard base64 text, date fields RFC 3339 text.
///
/// Without a schema, values map by their JSON type (whole numbers below 2^53 become integers, other numbers reals);
/// JSON null is refused either way because a property list cannot hold it.
struct CommandPayloadConverter {
    let requestType: String
    static let maximumDepth = 32

    func parameters(_ members: [String: JSONValue], schema: CommandDictionarySchema?) throws(CommandPayloadError) -> [String: PropertyListValue] {
        if let schema {
            return try dictionary(members, schema, path: "", depth: 0)
        }
        var result: [String: PropertyListValue] = [:]
        for name in members.keys.sorted() {
            result[name] = try untyped(members[name]!, path: name, depth: 1)
        }
        return result
    }

    private func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    private func dictionary(
        _ members: [String: JSONValue], _ schema: CommandDictionarySchema, path: String, depth: Int
    ) throws(CommandPayloadError) -> [String: PropertyListValue] {
        var result: [String: PropertyListValue] = [:]
        for name in members.keys.sorted() {
            let keyPath = join(path, name)
            if let key = schema.key(named: name) {
                result[name] = try convert(members[name]!, key.value, path: keyPath, depth: depth + 1)
            } else if let other = schema.otherKeys {
                result[name] = try convert(members[name]!, other, path: keyPath, depth: depth + 1)
            } else {
                throw .unknownKey(key: keyPath, requestType: requestType, allowed: schema.keys.map(\.name))
            }
        }
        for key in schema.keys where key.isRequired && members[key.name] == nil {
            throw .missingKey(key: join(path, key.name), requestType: requestType)
        }
        return result
    }

    private func convert(
        _ value: JSONValue, _ schema: CommandValueSchema, path: String, depth: Int
    ) throws(CommandPayloadError) -> PropertyListValue {
        guard depth <= Self.maximumDepth else { throw .tooDeep(key: path) }
        if case .null = value { throw .wrongType(key: path, expected: "\(schema.typeName), not null") }
        switch schema {
        case .string(let allowed):
            guard case .string(let text) = value else { throw .wrongType(key: path, expected: "a string") }
            try checkText(text, path: path)
            guard allowed.isEmpty || allowed.contains(text) else { throw .valueNotAllowed(key: path, allowed: allowed) }
            return .string(text)
        case .integer(let allowed):
            guard case .number(let number) = value, number.isFinite, number.rounded() == number,
                  abs(number) < 9.2e18
            else { throw .wrongType(key: path, expected: "a whole number") }
            let integer = Int64(number)
            guard allowed.isEmpty || allowed.contains(integer) else {
                throw .valueNotAllowed(key: path, allowed: allowed.map(String.init))
            }
            return .integer(integer)
        case .real:
            guard case .number(let number) = value, number.isFinite else { throw .wrongType(key: path, expected: "a number") }
            return .real(number)
        case .boolean:
            guard case .bool(let flag) = value else { throw .wrongType(key: path, expected: "true or false") }
            return .bool(flag)
        case .date:
            guard case .string(let text) = value, let date = RFC3339Date.parse(text) else {
                throw .wrongType(key: path, expected: "an RFC 3339 date-time such as 2026-01-31T09:00:00Z")
            }
            return .date(date)
        case .data:
            guard case .string(let text) = value, let bytes = Data(base64Encoded: text) else {
                throw .wrongType(key: path, expected: "base64 text")
            }
            return .data(bytes)
        case .any:
            return try untyped(value, path: path, depth: depth)
        case .array(let element):
            guard case .array(let items) = value else { throw .wrongType(key: path, expected: "an array") }
            var converted: [PropertyListValue] = []
            for (index, item) in items.enumerated() {
                converted.append(try convert(item, element, path: "\(path)[\(index)]", depth: depth + 1))
            }
            return .array(converted)
        case .variantArray(let discriminator, let variants):
            guard case .array(let items) = value else { throw .wrongType(key: path, expected: "an array") }
            var converted: [PropertyListValue] = []
            for (index, item) in items.enumerated() {
                let itemPath = "\(path)[\(index)]"
                guard case .object(let members) = item else { throw .wrongType(key: itemPath, expected: "an object") }
                guard case .string(let name)? = members[discriminator], let variant = variants[name] else {
                    throw .valueNotAllowed(key: "\(itemPath).\(discriminator)", allowed: variants.keys.sorted())
                }
                converted.append(.dictionary(try dictionary(members, variant, path: itemPath, depth: depth + 1)))
            }
            return .array(converted)
        case .dictionary(let schema):
            guard case .object(let members) = value else { throw .wrongType(key: path, expected: "an object") }
            return .dictionary(try dictionary(members, schema, path: path, depth: depth))
        }
    }

    private func untyped(_ value: JSONValue, path: String, depth: Int) throws(CommandPayloadError) -> PropertyListValue {
        guard depth <= Self.maximumDepth else { throw .tooDeep(key: path) }
        switch value {
        case .null:
            throw .wrongType(key: path, expected: "a value (a property list has no null)")
        case .bool(let flag):
            return .bool(flag)
        case .number(let number):
            guard number.isFinite else { throw .wrongType(key: path, expected: "a finite number") }
            if number.rounded() == number, abs(number) < 9.0e15 { return .integer(Int64(number)) }
            return .real(number)
        case .string(let text):
            try checkText(text, path: path)
            return .string(text)
        case .array(let items):
            var converted: [PropertyListValue] = []
            for (index, item) in items.enumerated() {
                converted.append(try untyped(item, path: "\(path)[\(index)]", depth: depth + 1))
            }
            return .array(converted)
        case .object(let members):
            var converted: [String: PropertyListValue] = [:]
            for name in members.keys.sorted() {
                converted[name] = try untyped(members[name]!, path: join(path, name), depth: depth + 1)
            }
            return .dictionary(converted)
        }
    }

    /// XML 1.0 cannot carry most control characters, even escaped; a device would refuse the whole command.
    private func checkText(_ text: String, path: String) throws(CommandPayloadError) {
        let forbidden = text.unicodeScalars.contains { scalar in
            (scalar.value < 0x20 && scalar != "\t" && scalar != "\n" && scalar != "\r") || scalar.value == 0xFFFE || scalar.value == 0xFFFF
        }
        if forbidden { throw .invalidValue(key: path, reason: "must not contain control characters") }
    }
}
