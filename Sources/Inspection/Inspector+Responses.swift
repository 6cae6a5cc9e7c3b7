import AppleMDM
import Foundation

extension Inspector {
    /// Statuses a core may send a device: success, and the refusals a device understands. Never 401.
    static let allowedResponseStatuses: Set<Int> = [200, 400, 403, 404, 410, 413, 429, 503]
    /// Keys of the plist replies to check-in messages: GetBootstrapToken, GetToken and UserAuthenticate.
    static let checkinReplyKeys: Set<String> = ["BootstrapToken", "TokenData", "DigestChallenge", "AuthToken"]
    /// Largest body of an error response: a line of text.
    static let maximumErrorBody = 64 << 10

    /// Holds a core's answer to `endpoint` to what the protocol lets a server say. A refusal here means the edge
    /// sends the device that status (503) instead of the core's response.
    public func inspect(_ response: InspectedResponse, for endpoint: DeviceEndpoint) -> InspectionVerdict {
        var subject = InspectionSubject(endpoint: endpoint)
        let findings = findings(for: response, endpoint: endpoint, subject: &subject)
        return InspectionVerdict(findings: findings, subject: subject, policy: policy)
    }

    func findings(for response: InspectedResponse, endpoint: DeviceEndpoint, subject: inout InspectionSubject) -> [InspectionFinding] {
        guard response.status != 401 else { return [InspectionFinding(.responseUnauthorized)] }
        guard Self.allowedResponseStatuses.contains(response.status) else {
            return [InspectionFinding(.responseStatus, "status \(response.status) is not one a device is sent")]
        }
        guard response.status == 200 else {
            guard response.body.count <= Self.maximumErrorBody else {
                return [InspectionFinding(.responseTooLarge, "error body larger than \(Self.maximumErrorBody) bytes")]
            }
            return []
        }
        switch endpoint {
        case .connect:
            return commandFindings(response.body, subject: &subject)
        case .checkin:
            return checkinReplyFindings(response)
        case .enroll, .scep, .caCertificate, .revocationList, .health:
            return []
        }
    }

    /// Empty (nothing to do), or one command: `{Command: {RequestType: …}, CommandUUID: …}`.
    func commandFindings(_ body: Data, subject: inout InspectionSubject) -> [InspectionFinding] {
        guard !body.isEmpty else { return [] }
        let value: PropertyListValue
        switch guardedPropertyList(body) {
        case .value(let decoded): value = decoded
        case .refused(let finding): return [finding]
        }
        guard let top = value.dictionaryValue else {
            return [InspectionFinding(.responseCommandShape, "a command is a dictionary")]
        }
        guard let command = top["Command"]?.dictionaryValue else {
            return [InspectionFinding(.responseCommandShape, "a command has a Command dictionary")]
        }
        guard let requestType = command["RequestType"]?.stringValue,
              CommandPayloadSchema.named(requestType) != nil || Self.isIdentifier(requestType, maximumLength: 64)
        else {
            return [InspectionFinding(.responseCommandShape, "Command.RequestType is a known request type or an identifier")]
        }
        subject.requestType = requestType
        guard let uuid = top["CommandUUID"]?.stringValue, Self.isIdentifier(uuid, maximumLength: 128) else {
            return [InspectionFinding(.responseCommandShape, "CommandUUID is 1 to 128 ASCII letters, digits, '.', '_' or '-'")]
        }
        subject.commandUUID = uuid
        subject.messageKind = "Command"
        if !Set(top.keys).isSubset(of: ["Command", "CommandUUID"]) {
            return [InspectionFinding(.responseCommandExtraKey)]
        }
        return []
    }

    /// Empty, JSON for declarative management, or a plist dictionary of the check-in reply keys.
    func checkinReplyFindings(_ response: InspectedResponse) -> [InspectionFinding] {
        guard !response.body.isEmpty else { return [] }
        if Self.mediaType(response.headers["Content-Type"]) == "application/json" {
            guard response.body.count <= policy.maximumJSONReplySize else {
                return [InspectionFinding(.responseTooLarge, "JSON reply larger than \(policy.maximumJSONReplySize) bytes")]
            }
            // JSONSerialization stops at its own nesting limit rather than overflowing; the core wrote this body.
            guard let object = try? JSONSerialization.jsonObject(with: response.body), object is [String: Any] || object is [Any] else {
                return [InspectionFinding(.responseBody, "declarative-management reply is not a JSON object")]
            }
            return []
        }
        let value: PropertyListValue
        switch guardedPropertyList(response.body) {
        case .value(let decoded): value = decoded
        case .refused(let finding): return [finding]
        }
        guard let entries = value.dictionaryValue else {
            return [InspectionFinding(.responseBody, "a check-in reply plist is a dictionary")]
        }
        guard Set(entries.keys).isSubset(of: Self.checkinReplyKeys) else {
            return [InspectionFinding(.responseCheckinReplyKey)]
        }
        return []
    }

    /// Runs the same `PropertyListGuard` devices are held to, with the response limits; a refusal becomes
    /// `response.plist.<reason>` with status 503.
    func guardedPropertyList(_ body: Data) -> GuardedReply {
        guard body.count <= policy.responseLimits.maximumBodySize else {
            return .refused(InspectionFinding(.responseTooLarge, "reply larger than \(policy.responseLimits.maximumBodySize) bytes"))
        }
        do throws(PropertyListRefusal) {
            return .value(try PropertyListGuard(limits: policy.responseLimits).decode(body))
        } catch {
            let rule = InspectionRule.propertyList(error.reason)
            let responseRule = InspectionRule(id: "response.\(rule.id)", severity: .block, status: 503, summary: rule.summary)
            return .refused(InspectionFinding(responseRule, error.clientSafeReason))
        }
    }

    enum GuardedReply {
        case value(PropertyListValue)
        case refused(InspectionFinding)
    }

    static func isIdentifier(_ text: String, maximumLength: Int) -> Bool {
        !text.isEmpty && text.utf8.count <= maximumLength && text.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"):
                true
            default:
                false
            }
        }
    }
}
