/// One entry of a status report's `Errors`: a status item the device could not report, and why.
public struct StatusReportError: Sendable, Hashable {
    public var statusItem: String
    public var reasons: [StatusReason]

    public init(statusItem: String, reasons: [StatusReason] = []) {
        self.statusItem = statusItem
        self.reasons = reasons
    }

    init(reader: JSONObjectReader) throws(DeclarativeMessageError) {
        statusItem = try reader.string("StatusItem")
        reasons = try (reader.optionalObjects("Reasons") ?? []).map { (item) throws(DeclarativeMessageError) in
            try StatusReason(reader: item, capitalized: true)
        }
    }
}
