import Foundation

extension PropertyListValue {
    /// The deepest Foundation tree converted; the same bound as `PropertyListSerialization`, so that a tree built
    /// elsewhere cannot exhaust the stack here.
    static let maximumFoundationDepth = 512

    /// Converts what `PropertyListSerialization` returned. Refuses integers outside the signed 64-bit range, keys
    /// that are not strings and any object a property list cannot hold.
    public init(foundationObject object: Any) throws(PropertyListRefusal) {
        self = try Self.convert(object, depth: 0)
    }

    private static func convert(_ object: Any, depth: Int) throws(PropertyListRefusal) -> PropertyListValue {
        guard depth <= maximumFoundationDepth else {
            throw PropertyListRefusal(.tooDeep(limit: maximumFoundationDepth))
        }
        // Foundation on Linux hands back `<true/>` as a Swift Bool and numbers as NSNumber; an NSNumber's
        // Objective-C type code says which element it came from ('c' for booleans, 'd' or 'f' for reals).
        if type(of: object) == Bool.self, let flag = object as? Bool { return .bool(flag) }
        switch object {
        case let text as String:
            return .string(text)
        case let number as NSNumber:
            switch String(cString: number.objCType) {
            case "c", "B":
                return .bool(number.boolValue)
            case "d", "f":
                return .real(number.doubleValue)
            case "Q", "L", "I", "S", "C":
                guard number.uint64Value <= UInt64(Int64.max) else { throw PropertyListRefusal(.unsupportedValue) }
                return .integer(Int64(number.uint64Value))
            default:
                return .integer(number.int64Value)
            }
        case let date as Date:
            return .date(date)
        case let data as Data:
            return .data(data)
        case let items as [Any]:
            var converted: [PropertyListValue] = []
            converted.reserveCapacity(items.count)
            for item in items { converted.append(try convert(item, depth: depth + 1)) }
            return .array(converted)
        case let entries as [String: Any]:
            var converted: [String: PropertyListValue] = [:]
            converted.reserveCapacity(entries.count)
            for (key, item) in entries { converted[key] = try convert(item, depth: depth + 1) }
            return .dictionary(converted)
        default:
            throw PropertyListRefusal(.unsupportedValue)
        }
    }

    /// The value as the objects `PropertyListSerialization` writes.
    public var foundationObject: Any {
        switch self {
        case .string(let text): text
        case .integer(let number): NSNumber(value: number)
        case .real(let number): NSNumber(value: number)
        case .bool(let flag): flag
        case .date(let date): date
        case .data(let bytes): bytes
        case .array(let items): items.map(\.foundationObject)
        case .dictionary(let entries): entries.mapValues(\.foundationObject)
        }
    }

    /// A complete XML property-list document with Apple's DOCTYPE, as devices expect commands and replies.
    ///
    /// Written here rather than by `PropertyListSerialization` so that it cannot fail and is byte-for-byte
    /// deterministic (keys sorted), which keeps command bodies stable for signing and for tests.
    public func xmlDocument() -> Data {
        var text = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
            <plist version="1.0">

            """
        writeXML(into: &text, indent: 0)
        text += "</plist>\n"
        return Data(text.utf8)
    }

    private func writeXML(into text: inout String, indent: Int) {
        let tabs = String(repeating: "\t", count: indent)
        switch self {
        case .string(let value):
            text += "\(tabs)<string>\(Self.escaped(value))</string>\n"
        case .integer(let value):
            text += "\(tabs)<integer>\(value)</integer>\n"
        case .real(let value):
            text += "\(tabs)<real>\(Self.realText(value))</real>\n"
        case .bool(let value):
            text += value ? "\(tabs)<true/>\n" : "\(tabs)<false/>\n"
        case .date(let value):
            text += "\(tabs)<date>\(RFC3339Date.format(value))</date>\n"
        case .data(let value):
            text += "\(tabs)<data>\(value.base64EncodedString())</data>\n"
        case .array(let items):
            if items.isEmpty {
                text += "\(tabs)<array/>\n"
                return
            }
            text += "\(tabs)<array>\n"
            for item in items { item.writeXML(into: &text, indent: indent + 1) }
            text += "\(tabs)</array>\n"
        case .dictionary(let entries):
            if entries.isEmpty {
                text += "\(tabs)<dict/>\n"
                return
            }
            text += "\(tabs)<dict>\n"
            for key in entries.keys.sorted() {
                text += "\(tabs)\t<key>\(Self.escaped(key))</key>\n"
                entries[key]!.writeXML(into: &text, indent: indent + 1)
            }
            text += "\(tabs)</dict>\n"
        }
    }

    private static func realText(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-infinity" : "+infinity" }
        return "\(value)"
    }

    /// Escapes the characters XML gives meaning to; a carriage return is written as a reference because an XML
    /// parser would otherwise turn it into a line feed.
    private static func escaped(_ value: String) -> String {
        var result = ""
        result.reserveCapacity(value.utf8.count)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\r": result += "&#13;"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
