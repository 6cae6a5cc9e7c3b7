import Foundation

/// Reads typed entries out of one property-list dictionary, naming each key by its full path in the errors it
/// throws, so every parser reports "QueryResponses.OSVersion must be string, not integer" the same way.
///
/// Missing optional keys read as `nil`; present keys of the wrong type are refused, never coerced — except that an
/// integer is accepted where a real is expected, because devices write whole-number reals as integers.
struct PropertyListDictionaryReader {
    let entries: [String: PropertyListValue]
    let path: String

    init(_ value: PropertyListValue, path: String = "") throws(DeviceMessageError) {
        guard let entries = value.dictionaryValue else {
            throw path.isEmpty ? .notADictionary : .wrongType(key: path, expected: .dictionary, found: value.kind)
        }
        self.entries = entries
        self.path = path
    }

    func keyPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func contains(_ key: String) -> Bool { entries[key] != nil }

    private func typed<T>(
        _ key: String, _ kind: PropertyListKind, _ extract: (PropertyListValue) -> T?
    ) throws(DeviceMessageError) -> T? {
        guard let value = entries[key] else { return nil }
        guard let typed = extract(value) else {
            throw .wrongType(key: keyPath(key), expected: kind, found: value.kind)
        }
        return typed
    }

    func required<T>(_ value: T?, _ key: String) throws(DeviceMessageError) -> T {
        guard let value else { throw .missingKey(keyPath(key)) }
        return value
    }

    // MARK: Scalars

    func optionalString(_ key: String) throws(DeviceMessageError) -> String? {
        try typed(key, .string, \.stringValue)
    }

    /// A string that must also follow `rule`.
    func optionalString(_ key: String, _ rule: TextRule) throws(DeviceMessageError) -> String? {
        guard let text = try optionalString(key) else { return nil }
        guard rule.accepts(text) else { throw .invalidValue(key: keyPath(key), reason: rule.requirement) }
        return text
    }

    func string(_ key: String, _ rule: TextRule) throws(DeviceMessageError) -> String {
        try required(try optionalString(key, rule), key)
    }

    func string(_ key: String) throws(DeviceMessageError) -> String {
        try required(try optionalString(key), key)
    }

    func optionalBool(_ key: String) throws(DeviceMessageError) -> Bool? {
        try typed(key, .bool, \.boolValue)
    }

    func bool(_ key: String) throws(DeviceMessageError) -> Bool {
        try required(try optionalBool(key), key)
    }

    func optionalInteger(_ key: String) throws(DeviceMessageError) -> Int64? {
        try typed(key, .integer, \.integerValue)
    }

    func integer(_ key: String) throws(DeviceMessageError) -> Int64 {
        try required(try optionalInteger(key), key)
    }

    func optionalReal(_ key: String) throws(DeviceMessageError) -> Double? {
        try typed(key, .real, \.realValue)
    }

    func real(_ key: String) throws(DeviceMessageError) -> Double {
        try required(try optionalReal(key), key)
    }

    func optionalDate(_ key: String) throws(DeviceMessageError) -> Date? {
        try typed(key, .date, \.dateValue)
    }

    /// Data of at most `maximumLength` bytes.
    func optionalData(_ key: String, maximumLength: Int = .max) throws(DeviceMessageError) -> Data? {
        guard let bytes = try typed(key, .data, \.dataValue) else { return nil }
        guard bytes.count <= maximumLength else {
            throw .invalidValue(key: keyPath(key), reason: "must be at most \(maximumLength) bytes")
        }
        return bytes
    }

    func data(_ key: String, maximumLength: Int = .max) throws(DeviceMessageError) -> Data {
        try required(try optionalData(key, maximumLength: maximumLength), key)
    }

    // MARK: Containers

    func optionalValue(_ key: String) -> PropertyListValue? { entries[key] }

    func optionalDictionary(_ key: String) throws(DeviceMessageError) -> PropertyListDictionaryReader? {
        guard let value = entries[key] else { return nil }
        return try PropertyListDictionaryReader(value, path: keyPath(key))
    }

    func dictionary(_ key: String) throws(DeviceMessageError) -> PropertyListDictionaryReader {
        try required(try optionalDictionary(key), key)
    }

    func optionalArray(_ key: String) throws(DeviceMessageError) -> [PropertyListValue]? {
        try typed(key, .array, \.arrayValue)
    }

    /// An array whose every element is a dictionary, each read with its index in the path (`ProfileList[2]`).
    func optionalDictionaries(_ key: String) throws(DeviceMessageError) -> [PropertyListDictionaryReader]? {
        guard let items = try optionalArray(key) else { return nil }
        var readers: [PropertyListDictionaryReader] = []
        readers.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            readers.append(try PropertyListDictionaryReader(item, path: "\(keyPath(key))[\(index)]"))
        }
        return readers
    }

    func dictionaries(_ key: String) throws(DeviceMessageError) -> [PropertyListDictionaryReader] {
        try required(try optionalDictionaries(key), key)
    }

    /// An array whose every element is a string.
    func optionalStrings(_ key: String) throws(DeviceMessageError) -> [String]? {
        guard let items = try optionalArray(key) else { return nil }
        var strings: [String] = []
        strings.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            guard let text = item.stringValue else {
                throw .wrongType(key: "\(keyPath(key))[\(index)]", expected: .string, found: item.kind)
            }
            strings.append(text)
        }
        return strings
    }

    /// An array whose every element is data.
    func optionalDataArray(_ key: String) throws(DeviceMessageError) -> [Data]? {
        guard let items = try optionalArray(key) else { return nil }
        var blobs: [Data] = []
        for (index, item) in items.enumerated() {
            guard let bytes = item.dataValue else {
                throw .wrongType(key: "\(keyPath(key))[\(index)]", expected: .data, found: item.kind)
            }
            blobs.append(bytes)
        }
        return blobs
    }
}
