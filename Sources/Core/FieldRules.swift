import PalisadeCore

/// Checks on the free-text fields the API accepts; each throws a 400 that names the field.
enum FieldRules {
    static func text(_ value: String?, field: String, maximum: Int) throws {
        guard let value else { return }
        guard !value.isEmpty, value.count <= maximum else {
            throw APIError.invalid("\(field) must be 1 to \(maximum) characters")
        }
        guard !value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw APIError.invalid("\(field) must not contain control characters")
        }
    }

    static func serialNumber(_ value: String?) throws {
        guard let value else { return }
        guard (1...64).contains(value.count),
              value.unicodeScalars.allSatisfy({ $0.isASCII && $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" })
        else { throw APIError.invalid("serialNumber must be 1 to 64 ASCII letters, digits or '-'") }
    }

    static func imei(_ value: String?) throws {
        guard let value else { return }
        guard (14...16).contains(value.count), value.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }) else {
            throw APIError.invalid("imei must be 14 to 16 digits")
        }
    }

    static func tags(_ tags: [String]?) throws {
        guard let tags else { return }
        guard tags.count <= Tag.maximumCount else { throw APIError.invalid("a device carries at most \(Tag.maximumCount) tags") }
        for tag in tags {
            if let problem = Tag.problem(with: tag) { throw APIError.invalid(problem) }
        }
    }

    static func groupFields(name: String?, description: String?) throws {
        try text(name, field: "name", maximum: DeviceGroup.maximumNameLength)
        if let description, description.count > 1024 { throw APIError.invalid("description must be at most 1024 characters") }
    }
}
