import Foundation
import PalisadeCore

/// A small JSON Schema (2020-12) validator over `JSONValue`, covering what the admin API's OpenAPI document uses:
/// `$ref` (JSON pointers into the document, with sibling keywords), `type`, `enum`, `const`, `properties`,
/// `required`, `additionalProperties`, `items`, `minItems`/`maxItems`, `minLength`/`maxLength`, `pattern`,
/// `minimum`/`maximum`, `allOf`/`anyOf`/`oneOf`, and the `uuid` and `date-time` formats (checked loosely).
/// Keywords it does not know are ignored, as JSON Schema says annotations are.
struct SchemaValidator {
    /// The document `$ref`s point into.
    let document: JSONValue

    /// Follows a local reference such as `#/components/schemas/Device`; `nil` when it leads nowhere.
    func resolve(_ reference: String) -> JSONValue? {
        guard reference.hasPrefix("#") else { return nil }
        var node = document
        for token in reference.dropFirst().split(separator: "/", omittingEmptySubsequences: true) {
            let key = token.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            switch node {
            case .object(let members):
                guard let next = members[key] else { return nil }
                node = next
            case .array(let items):
                guard let index = Int(key), items.indices.contains(index) else { return nil }
                node = items[index]
            default:
                return nil
            }
        }
        return node
    }

    /// What is wrong with `value` under `schema`, one line per violation; empty when it conforms.
    func violations(of value: JSONValue, against schema: JSONValue, at path: String = "$") -> [String] {
        check(value, schema, path, depth: 0)
    }

    private func check(_ value: JSONValue, _ schema: JSONValue, _ path: String, depth: Int) -> [String] {
        guard depth < 64 else { return ["\(path): schema nests too deeply (a $ref cycle?)"] }
        switch schema {
        case .bool(true): return []
        case .bool(false): return ["\(path): no value is allowed here"]
        case .object: break
        default: return ["\(path): the schema is not an object or a boolean"]
        }
        var problems: [String] = []

        if let reference = schema["$ref"] {
            guard let target = reference.stringValue.flatMap(resolve) else {
                return ["\(path): unresolvable $ref \(reference)"]
            }
            problems += check(value, target, path, depth: depth + 1)
        }

        if let types = schema["type"] {
            let names = types.arrayValue?.compactMap(\.stringValue) ?? types.stringValue.map { [$0] } ?? []
            if !names.contains(where: { Self.value(value, hasType: $0) }) {
                problems.append("\(path): expected \(names.joined(separator: " or ")), found \(Self.describe(value))")
                return problems // the keywords below would only repeat the mismatch
            }
        }

        if let allowed = schema["enum"]?.arrayValue, !allowed.contains(value) {
            problems.append("\(path): \(Self.describe(value)) is not one of \(allowed.map(Self.describe).joined(separator: ", "))")
        }
        if let constant = schema["const"], constant != value {
            problems.append("\(path): expected \(Self.describe(constant)), found \(Self.describe(value))")
        }

        switch value {
        case .string(let text): problems += checkString(text, schema, path)
        case .number(let number): problems += checkNumber(number, schema, path)
        case .array(let items): problems += checkArray(items, schema, path, depth: depth)
        case .object(let members): problems += checkObject(members, schema, path, depth: depth)
        case .null, .bool: break
        }

        if let all = schema["allOf"]?.arrayValue {
            for sub in all { problems += check(value, sub, path, depth: depth + 1) }
        }
        if let any = schema["anyOf"]?.arrayValue,
           !any.contains(where: { check(value, $0, path, depth: depth + 1).isEmpty }) {
            problems.append("\(path): matches none of the anyOf schemas")
        }
        if let one = schema["oneOf"]?.arrayValue {
            let matching = one.filter { check(value, $0, path, depth: depth + 1).isEmpty }.count
            if matching != 1 { problems.append("\(path): matches \(matching) of the oneOf schemas, not exactly 1") }
        }
        return problems
    }

    private func checkString(_ text: String, _ schema: JSONValue, _ path: String) -> [String] {
        var problems: [String] = []
        if let minimum = schema["minLength"]?.numberValue, Double(text.count) < minimum {
            problems.append("\(path): \"\(text)\" is shorter than \(Int(minimum)) characters")
        }
        if let maximum = schema["maxLength"]?.numberValue, Double(text.count) > maximum {
            problems.append("\(path): \"\(text)\" is longer than \(Int(maximum)) characters")
        }
        if let pattern = schema["pattern"]?.stringValue {
            if let regex = try? Regex(pattern) {
                if (try? regex.firstMatch(in: text)) == nil { problems.append("\(path): \"\(text)\" does not match /\(pattern)/") }
            } else {
                problems.append("\(path): the schema's pattern /\(pattern)/ does not compile")
            }
        }
        switch schema["format"]?.stringValue {
        case "uuid":
            if UUID(uuidString: text) == nil { problems.append("\(path): \"\(text)\" is not a UUID") }
        case "date-time":
            if !Self.isDateTime(text) { problems.append("\(path): \"\(text)\" is not an RFC 3339 date-time") }
        default:
            break
        }
        return problems
    }

    private func checkNumber(_ number: Double, _ schema: JSONValue, _ path: String) -> [String] {
        var problems: [String] = []
        if let minimum = schema["minimum"]?.numberValue, number < minimum {
            problems.append("\(path): \(number) is less than \(minimum)")
        }
        if let maximum = schema["maximum"]?.numberValue, number > maximum {
            problems.append("\(path): \(number) is more than \(maximum)")
        }
        return problems
    }

    private func checkArray(_ items: [JSONValue], _ schema: JSONValue, _ path: String, depth: Int) -> [String] {
        var problems: [String] = []
        if let minimum = schema["minItems"]?.numberValue, Double(items.count) < minimum {
            problems.append("\(path): \(items.count) items, fewer than \(Int(minimum))")
        }
        if let maximum = schema["maxItems"]?.numberValue, Double(items.count) > maximum {
            problems.append("\(path): \(items.count) items, more than \(Int(maximum))")
        }
        if let itemSchema = schema["items"] {
            for (index, item) in items.enumerated() {
                problems += check(item, itemSchema, "\(path)[\(index)]", depth: depth + 1)
            }
        }
        return problems
    }

    private func checkObject(_ members: [String: JSONValue], _ schema: JSONValue, _ path: String, depth: Int) -> [String] {
        var problems: [String] = []
        let properties = schema["properties"]?.objectValue ?? [:]
        for name in schema["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] where members[name] == nil {
            problems.append("\(path): missing required property '\(name)'")
        }
        for (name, member) in members.sorted(by: { $0.key < $1.key }) {
            if let propertySchema = properties[name] {
                problems += check(member, propertySchema, "\(path).\(name)", depth: depth + 1)
            } else if let additional = schema["additionalProperties"] {
                if additional == .bool(false) {
                    problems.append("\(path): property '\(name)' is not in the schema")
                } else {
                    problems += check(member, additional, "\(path).\(name)", depth: depth + 1)
                }
            }
        }
        return problems
    }

    private static func value(_ value: JSONValue, hasType type: String) -> Bool {
        switch (type, value) {
        case ("null", .null), ("boolean", .bool), ("string", .string), ("number", .number), ("array", .array),
             ("object", .object):
            true
        case ("integer", .number(let number)):
            number.rounded() == number
        default:
            false
        }
    }

    /// `2026-11-26T09:00:00Z`, `2026-11-26T09:00:00.250+01:00`.
    private static func isDateTime(_ text: String) -> Bool {
        guard let regex = try? Regex(#"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$"#) else { return false }
        return (try? regex.firstMatch(in: text)) != nil
    }

    private static func describe(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool(let flag): "\(flag)"
        case .number(let number): number.rounded() == number && abs(number) < 1e15 ? "\(Int64(number))" : "\(number)"
        case .string(let text): "\"\(text)\""
        case .array: "an array"
        case .object: "an object"
        }
    }
}
