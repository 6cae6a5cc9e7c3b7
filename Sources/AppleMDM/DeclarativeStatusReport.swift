import Foundation
import PalisadeCore

/// A Declarative Device Management status report, sent as the `Data` of a `status` check-in.
///
/// `StatusItems` nests by the dots of each item's name (`device.operating-system.version` is
/// `{"device": {"operating-system": {"version": …}}}`); `value(at:)` reads one by name. Refuses documents over
/// 1 MiB or nested deeper than 32 levels before decoding, non-JSON, a missing `StatusItems` object and present keys
/// of the wrong type. `Errors` is required by Apple's schema but tolerated missing, as devices omit it when empty.
public struct DeclarativeStatusReport: Sendable, Hashable {
    public var statusItems: [String: JSONValue]
    public var errors: [StatusReportError]
    /// A full report replaces everything known about the device; otherwise it carries only changes.
    public var fullReport: Bool

    public init(statusItems: [String: JSONValue], errors: [StatusReportError] = [], fullReport: Bool = false) {
        self.statusItems = statusItems
        self.errors = errors
        self.fullReport = fullReport
    }

    public static func parse(_ data: Data) throws(DeclarativeMessageError) -> DeclarativeStatusReport {
        let reader = try JSONObjectReader(try DeclarativeJSON.decode(data))
        guard let items = try reader.optionalObject("StatusItems") else { throw .missingKey("StatusItems") }
        let errors = try (reader.optionalObjects("Errors") ?? []).map { (item) throws(DeclarativeMessageError) in
            try StatusReportError(reader: item)
        }
        return DeclarativeStatusReport(statusItems: items.members, errors: errors, fullReport: try reader.optionalBool("FullReport") ?? false)
    }

    /// The value of a status item by its dotted name, such as `device.operating-system.version`.
    public func value(at name: String) -> JSONValue? {
        var current = JSONValue.object(statusItems)
        for part in name.split(separator: ".") {
            guard let next = current[String(part)] else { return nil }
            current = next
        }
        return current
    }

    /// The `management.declarations` item, when the report carries it.
    public func declarationStatuses() throws(DeclarativeMessageError) -> DeclarationStatusReport? {
        guard let value = value(at: "management.declarations") else { return nil }
        return try DeclarationStatusReport(reader: JSONObjectReader(value, path: "StatusItems.management.declarations"))
    }
}
