import Foundation

/// The gate every device body passes before any decoder sees it.
///
/// It scans the bytes once (linear time, memory bounded by the depth limit) and refuses, with a
/// `PropertyListRefusal` whose reason is safe to send back: bodies over the size limit, empty bodies, binary
/// property lists, any DOCTYPE but Apple's property-list DOCTYPE (so any internal subset, SYSTEM or parameter
/// entity), any `<!ENTITY`, entity references other than the five predefined and numeric ones, processing
/// instructions other than the XML declaration, CDATA sections, elements and attributes outside Apple's DTD,
/// nesting deeper than the limit, too many keys in one dictionary or elements overall, over-long strings and data,
/// duplicate keys, invalid UTF-8 and forbidden control characters.
///
/// Only a body that passes is handed to `PropertyListSerialization` — never to `PropertyListDecoder`, which has no
/// nesting limit — and converted to a `PropertyListValue`.
public struct PropertyListGuard: Sendable {
    public var limits: PropertyListLimits

    public init(limits: PropertyListLimits = .deviceMessage) {
        self.limits = limits
    }

    /// Scans `body` and returns normally only when it is an acceptable XML property list.
    public func inspect(_ body: Data) throws(PropertyListRefusal) {
        guard !body.isEmpty else { throw PropertyListRefusal(.empty) }
        guard body.count <= limits.maximumBodySize else {
            throw PropertyListRefusal(.tooLarge(size: body.count, limit: limits.maximumBodySize))
        }
        let limits = self.limits
        let outcome: Result<Void, PropertyListRefusal> = body.withUnsafeBytes { buffer in
            var scanner = XMLPropertyListScanner(bytes: buffer, limits: limits)
            do throws(PropertyListRefusal) {
                try scanner.scan()
                return .success(())
            } catch {
                return .failure(error)
            }
        }
        try outcome.get()
    }

    /// Scans `body`, then decodes it.
    public func decode(_ body: Data) throws(PropertyListRefusal) -> PropertyListValue {
        try inspect(body)
        let object: Any
        do {
            object = try PropertyListSerialization.propertyList(from: body, options: [], format: nil)
        } catch {
            throw PropertyListRefusal(.unreadable)
        }
        return try PropertyListValue(foundationObject: object)
    }
}
