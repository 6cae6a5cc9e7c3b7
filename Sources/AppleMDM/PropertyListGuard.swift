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
/// `decode` builds the value in the same pass (`PropertyListTreeBuilder`), reading every value as
/// `PropertyListSerialization` read it when it decoded device bodies, so the values and the refusals are the ones it
/// gave — with one addition: two keys that decode to the same string (the same text in two Unicode normalisations,
/// or a carriage return written once as `&#13;` and once as itself) are a duplicate, where Foundation silently kept
/// one of the two values. Nothing recurses, so no nesting can exhaust the stack.
public struct PropertyListGuard: Sendable {
    public var limits: PropertyListLimits

    public init(limits: PropertyListLimits = .deviceMessage) {
        self.limits = limits
    }

    /// Scans `body` and returns normally only when it is an acceptable XML property list.
    public func inspect(_ body: Data) throws(PropertyListRefusal) {
        _ = try scan(body, into: PropertyListScanOnly())
    }

    /// Scans and decodes `body` in one pass.
    public func decode(_ body: Data) throws(PropertyListRefusal) -> PropertyListValue {
        try scan(body, into: PropertyListTreeBuilder()).value()
    }

    private func scan<Sink: XMLPropertyListSink>(_ body: Data, into sink: Sink) throws(PropertyListRefusal) -> Sink {
        guard !body.isEmpty else { throw PropertyListRefusal(.empty) }
        guard body.count <= limits.maximumBodySize else {
            throw PropertyListRefusal(.tooLarge(size: body.count, limit: limits.maximumBodySize))
        }
        let limits = self.limits
        let outcome: Result<Sink, PropertyListRefusal> = body.withUnsafeBytes { buffer in
            var scanner = XMLPropertyListScanner(bytes: buffer, limits: limits, sink: sink)
            do throws(PropertyListRefusal) {
                try scanner.scan()
                return .success(scanner.sink)
            } catch {
                return .failure(error)
            }
        }
        return try outcome.get()
    }
}
