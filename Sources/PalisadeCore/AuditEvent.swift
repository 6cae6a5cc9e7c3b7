import Foundation

/// One thing that happened, recorded for the audit trail: an admin action, a device event, a server decision.
public struct AuditEvent: Codable, Sendable, Hashable, Identifiable {
    public var id: Int64 { sequence }
    /// Who did it.
    public enum Actor: Codable, Sendable, Hashable {
        case administrator(UUID)
        case device(DeviceID)
        case system

        /// `admin:<uuid>`, `device:<uuid>` or `system`: the form stored and filtered on.
        public var text: String {
            switch self {
            case .administrator(let id): "admin:\(id.uuidString.lowercased())"
            case .device(let id): "device:\(id)"
            case .system: "system"
            }
        }

        public init?(text: String) {
            if text == "system" {
                self = .system
            } else if text.hasPrefix("admin:"), let id = UUID(uuidString: String(text.dropFirst(6))) {
                self = .administrator(id)
            } else if text.hasPrefix("device:"), let id = DeviceID(String(text.dropFirst(7))) {
                self = .device(id)
            } else {
                return nil
            }
        }

        public init(from decoder: any Decoder) throws {
            let text = try decoder.singleValueContainer().decode(String.self)
            guard let actor = Actor(text: text) else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not an actor: \(text)"))
            }
            self = actor
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(text)
        }
    }

    /// Position in the log; strictly increasing.
    public var sequence: Int64
    public var at: Date
    public var actor: Actor
    /// Dotted verb, such as `device.delete` or `command.enqueue`.
    public var action: String
    /// What it was done to (`device:<id>`, `group:<id>`, …), if anything.
    public var target: String?
    /// Facts worth keeping, never secrets.
    public var detail: JSONValue

    public init(sequence: Int64, at: Date, actor: Actor, action: String, target: String?, detail: JSONValue) {
        self.sequence = sequence
        self.at = at
        self.actor = actor
        self.action = action
        self.target = target
        self.detail = detail
    }

    private enum CodingKeys: String, CodingKey { case sequence, at, actor, action, target, detail }

    /// `target` is written as `null` when there is none, so API clients see one fixed shape.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(sequence, forKey: .sequence)
        try container.encode(at, forKey: .at)
        try container.encode(actor, forKey: .actor)
        try container.encode(action, forKey: .action)
        try container.encode(target, forKey: .target)
        try container.encode(detail, forKey: .detail)
    }
}
