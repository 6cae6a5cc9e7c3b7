import Foundation
import PalisadeCore

/// Shows a device's property-list reply as JSON: dates as ISO 8601 text, data as base64. A reply that is not a
/// property list is shown as `{"base64": "..."}` so nothing the device said is hidden.
enum PropertyListJSON {
    static func convert(_ data: Data) -> JSONValue {
        guard let object = try? PropertyListSerialization.propertyList(from: data, format: nil) else {
            return .object(["base64": .string(data.base64EncodedString())])
        }
        return value(object)
    }

    private static func value(_ object: Any) -> JSONValue {
        switch object {
        case let text as String: return .string(text)
        case let flag as Bool where type(of: object) == Bool.self: return .bool(flag)
        case let number as NSNumber:
            // Foundation on Linux hands plist booleans back as NSNumber too; their Objective-C type is 'c'.
            if String(cString: number.objCType) == "c" { return .bool(number.boolValue) }
            return .number(number.doubleValue)
        case let date as Date: return .string(ISO8601.format(date))
        case let data as Data: return .string(data.base64EncodedString())
        case let array as [Any]: return .array(array.map(value))
        case let dictionary as [String: Any]: return .object(dictionary.mapValues(value))
        default: return .string(String(describing: object))
        }
    }
}
