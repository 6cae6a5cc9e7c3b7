import Foundation
import PalisadeCore

/// What a device PUTs to the server URL: `Idle` (ready for a command) or its answer to one command.
///
/// Refuses bodies that fail `PropertyListGuard`, a missing or unknown `Status`, a missing `CommandUUID` on anything
/// but `Idle`, identifiers outside their formats and keys of the wrong type. The whole result is kept both decoded
/// (`result`) and as the bytes received (`rawBody`), for storage and for the typed result parsers.
public struct CommandResultReport: Sendable, Hashable {
    public var identity: EnrollmentIdentity
    public var status: CommandResultStatus
    /// The command answered; `nil` only for `Idle`.
    public var commandUUID: String?
    /// `RequestType`, which newer devices echo in their answers.
    public var requestType: String?
    public var errorChain: [MDMErrorChainItem]
    /// The whole report as decoded.
    public var result: PropertyListValue
    /// The body as received.
    public var rawBody: Data

    /// `CommandUUID` as a UUID, which is what Palisade issues (`Command.id`); `nil` when it is not one.
    public var commandID: UUID? { commandUUID.flatMap(UUID.init(uuidString:)) }

    /// The domain report for the command queue; `nil` for `Idle`.
    public var commandReport: CommandReport? {
        status.commandReportStatus.map { CommandReport(status: $0, result: rawBody) }
    }

    /// A report as a device would write it, for simulated devices and tests. `extra` holds the command's answer
    /// keys (`QueryResponses`, `ProfileList`, …); `result` and `rawBody` are the written report.
    public init(
        identity: EnrollmentIdentity, status: CommandResultStatus, commandUUID: String? = nil, requestType: String? = nil,
        errorChain: [MDMErrorChainItem] = [], extra: [String: PropertyListValue] = [:]
    ) {
        var entries = extra.merging(identity.propertyListEntries) { $1 }
        entries["Status"] = .string(status.rawValue)
        if let commandUUID { entries["CommandUUID"] = .string(commandUUID) }
        if let requestType { entries["RequestType"] = .string(requestType) }
        if !errorChain.isEmpty { entries["ErrorChain"] = .array(errorChain.map(\.propertyList)) }
        self.identity = identity
        self.status = status
        self.commandUUID = commandUUID
        self.requestType = requestType
        self.errorChain = errorChain
        self.result = .dictionary(entries)
        self.rawBody = result.xmlDocument()
    }

    /// Guards, decodes and parses a report body.
    public static func parse(_ body: Data, limits: PropertyListLimits = .deviceMessage) throws(DeviceMessageError) -> CommandResultReport {
        let value: PropertyListValue
        do throws(PropertyListRefusal) {
            value = try PropertyListGuard(limits: limits).decode(body)
        } catch {
            throw .propertyList(error)
        }
        return try CommandResultReport(propertyList: value, rawBody: body)
    }

    public init(propertyList: PropertyListValue, rawBody: Data) throws(DeviceMessageError) {
        let reader = try PropertyListDictionaryReader(propertyList)
        identity = try EnrollmentIdentity.read(from: reader)
        let statusText = try reader.string("Status")
        guard let status = CommandResultStatus(rawValue: statusText) else {
            throw .invalidValue(key: "Status", reason: "is not Idle, Acknowledged, Error, CommandFormatError or NotNow")
        }
        self.status = status
        commandUUID = try reader.optionalString("CommandUUID", .printableASCII(maximumLength: 128))
        if status != .idle, commandUUID == nil { throw .missingKey("CommandUUID") }
        requestType = try reader.optionalString("RequestType", .identifier(maximumLength: 64))
        errorChain = try (reader.optionalDictionaries("ErrorChain") ?? []).map { (item) throws(DeviceMessageError) in
            try MDMErrorChainItem(reader: item)
        }
        result = propertyList
        self.rawBody = rawBody
    }
}
