import PalisadeCore

/// Reads typed members out of one JSON object from a device, naming each by its path in the errors it throws.
struct JSONObjectReader {
    let members: [String: JSONValue]
    let path: String

    init(_ value: JSONValue, path: String = "") throws(DeclarativeMessageError) {
        guard let members = value.objectValue else {
            throw .wrongType(key: path.isEmpty ? "document" : path, expected: "an object")
        }
        self.members = members
        self.path = path
    }

    func keyPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func optionalString(_ key: String) throws(DeclarativeMessageError) -> String? {
        guard let value = members[key] else { return nil }
        guard let text = value.stringValue else { throw .wrongType(key: keyPath(key), expected: "a string") }
        return text
    }

    func string(_ key: String) throws(DeclarativeMessageError) -> String {
        guard let text = try optionalString(key) else { throw .missingKey(keyPath(key)) }
        return text
    }

    func optionalBool(_ key: String) throws(DeclarativeMessageError) -> Bool? {
        guard let value = members[key] else { return nil }
        guard case .bool(let flag) = value else { throw .wrongType(key: keyPath(key), expected: "true or false") }
        return flag
    }

    func optionalObject(_ key: String) throws(DeclarativeMessageError) -> JSONObjectReader? {
        guard let value = members[key] else { return nil }
        return try JSONObjectReader(value, path: keyPath(key))
    }

    /// An array of objects, each read with its index in the path.
    func optionalObjects(_ key: String) throws(DeclarativeMessageError) -> [JSONObjectReader]? {
        guard let value = members[key] else { return nil }
        guard let items = value.arrayValue else { throw .wrongType(key: keyPath(key), expected: "an array") }
        var readers: [JSONObjectReader] = []
        for (index, item) in items.enumerated() {
            readers.append(try JSONObjectReader(item, path: "\(keyPath(key))[\(index)]"))
        }
        return readers
    }

    func objects(_ key: String) throws(DeclarativeMessageError) -> [JSONObjectReader] {
        guard let readers = try optionalObjects(key) else { throw .missingKey(keyPath(key)) }
        return readers
    }
}
