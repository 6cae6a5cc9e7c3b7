import Foundation
import Logging
import Relay

/// The JSON configuration file as written; every field optional, unknown fields refused.
struct CoreConfigurationFile: Decodable {
    struct Listener: Decodable {
        var host: String?
        var port: Int?
        var publicURL: String?
        var tls: Bool?
        var listen: Bool?

        private enum CodingKeys: String, CodingKey, CaseIterable { case host, port, publicURL, tls, listen }

        init(from decoder: any Decoder) throws {
            let container = try decoder.strictContainer(keyedBy: CodingKeys.self)
            host = try container.decodeIfPresent(String.self, forKey: .host)
            port = try container.decodeIfPresent(Int.self, forKey: .port)
            publicURL = try container.decodeIfPresent(String.self, forKey: .publicURL)
            tls = try container.decodeIfPresent(Bool.self, forKey: .tls)
            listen = try container.decodeIfPresent(Bool.self, forKey: .listen)
        }
    }

    /// `relay`: the core's key and the edges it dials.
    struct RelaySettings: Decodable {
        struct Edge: Decodable {
            var address: String
            var key: String

            private enum CodingKeys: String, CodingKey, CaseIterable { case address, key }

            init(from decoder: any Decoder) throws {
                let container = try decoder.strictContainer(keyedBy: CodingKeys.self)
                address = try container.decode(String.self, forKey: .address)
                key = try container.decode(String.self, forKey: .key)
            }
        }

        var identityFile: String?
        var edges: [Edge]?

        private enum CodingKeys: String, CodingKey, CaseIterable { case identityFile, edges }

        init(from decoder: any Decoder) throws {
            let container = try decoder.strictContainer(keyedBy: CodingKeys.self)
            identityFile = try container.decodeIfPresent(String.self, forKey: .identityFile)
            edges = try container.decodeIfPresent([Edge].self, forKey: .edges)
        }
    }

    struct APNs: Decodable {
        var endpoint: String?
        var trustRootsFile: String?

        private enum CodingKeys: String, CodingKey, CaseIterable { case endpoint, trustRootsFile }

        init(from decoder: any Decoder) throws {
            let container = try decoder.strictContainer(keyedBy: CodingKeys.self)
            endpoint = try container.decodeIfPresent(String.self, forKey: .endpoint)
            trustRootsFile = try container.decodeIfPresent(String.self, forKey: .trustRootsFile)
        }
    }

    struct EnrollmentSettings: Decodable {
        var initialCommands: [String]?
        var invitationValidityHours: Int?

        private enum CodingKeys: String, CodingKey, CaseIterable { case initialCommands, invitationValidityHours }

        init(from decoder: any Decoder) throws {
            let container = try decoder.strictContainer(keyedBy: CodingKeys.self)
            initialCommands = try container.decodeIfPresent([String].self, forKey: .initialCommands)
            invitationValidityHours = try container.decodeIfPresent(Int.self, forKey: .invitationValidityHours)
        }
    }

    struct Log: Decodable {
        var level: String?
        var format: LogFormat?

        private enum CodingKeys: String, CodingKey, CaseIterable { case level, format }

        init(from decoder: any Decoder) throws {
            let container = try decoder.strictContainer(keyedBy: CodingKeys.self)
            level = try container.decodeIfPresent(String.self, forKey: .level)
            format = try container.decodeIfPresent(LogFormat.self, forKey: .format)
        }
    }

    var dataDirectory: String?
    var databaseURL: String?
    var admin: Listener?
    var device: Listener?
    var log: Log?
    var commandRetentionDays: Int?
    var maxRequestBodyBytes: Int?
    var keyEncryptionKeyFile: String?
    var apns: APNs?
    var enrollment: EnrollmentSettings?
    var relay: RelaySettings?
    var audit: AuditSettings?
    var approvals: ApprovalSettings?

    /// `approvals`: which commands wait for approvers, and how long they have.
    struct ApprovalSettings: Decodable {
        var required: [String: Int]?
        var validityHours: Int?

        private enum CodingKeys: String, CodingKey, CaseIterable { case required, validityHours }

        init(from decoder: any Decoder) throws {
            let container = try decoder.strictContainer(keyedBy: CodingKeys.self)
            required = try container.decodeIfPresent([String: Int].self, forKey: .required)
            validityHours = try container.decodeIfPresent(Int.self, forKey: .validityHours)
        }
    }

    /// `audit`: where the chain head goes outside the database.
    struct AuditSettings: Decodable {
        var sink: String?
        var headIntervalSeconds: Int?

        private enum CodingKeys: String, CodingKey, CaseIterable { case sink, headIntervalSeconds }

        init(from decoder: any Decoder) throws {
            let container = try decoder.strictContainer(keyedBy: CodingKeys.self)
            sink = try container.decodeIfPresent(String.self, forKey: .sink)
            headIntervalSeconds = try container.decodeIfPresent(Int.self, forKey: .headIntervalSeconds)
        }
    }

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case dataDirectory, databaseURL, admin, device, log, commandRetentionDays, maxRequestBodyBytes, keyEncryptionKeyFile
        case apns, enrollment, relay, audit, approvals
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.strictContainer(keyedBy: CodingKeys.self)
        dataDirectory = try container.decodeIfPresent(String.self, forKey: .dataDirectory)
        databaseURL = try container.decodeIfPresent(String.self, forKey: .databaseURL)
        admin = try container.decodeIfPresent(Listener.self, forKey: .admin)
        device = try container.decodeIfPresent(Listener.self, forKey: .device)
        log = try container.decodeIfPresent(Log.self, forKey: .log)
        commandRetentionDays = try container.decodeIfPresent(Int.self, forKey: .commandRetentionDays)
        maxRequestBodyBytes = try container.decodeIfPresent(Int.self, forKey: .maxRequestBodyBytes)
        keyEncryptionKeyFile = try container.decodeIfPresent(String.self, forKey: .keyEncryptionKeyFile)
        apns = try container.decodeIfPresent(APNs.self, forKey: .apns)
        enrollment = try container.decodeIfPresent(EnrollmentSettings.self, forKey: .enrollment)
        relay = try container.decodeIfPresent(RelaySettings.self, forKey: .relay)
        audit = try container.decodeIfPresent(AuditSettings.self, forKey: .audit)
        approvals = try container.decodeIfPresent(ApprovalSettings.self, forKey: .approvals)
    }

    func applied(to base: CoreConfiguration) throws -> CoreConfiguration {
        var result = base
        if let dataDirectory { result.dataDirectory = dataDirectory }
        if let databaseURL { result.databaseURL = databaseURL }
        if let host = admin?.host { result.admin.host = host }
        if let port = admin?.port { result.admin.port = port }
        if let host = device?.host { result.device.host = host }
        if let port = device?.port { result.device.port = port }
        if let level = log?.level {
            guard let parsed = Logger.Level(rawValue: level) else {
                throw ConfigurationError("log.level must be one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            result.logLevel = parsed
        }
        if let format = log?.format { result.logFormat = format }
        if let days = commandRetentionDays { result.commandRetentionDays = days }
        if let bytes = maxRequestBodyBytes { result.maximumRequestBodyBytes = bytes }
        if let url = device?.publicURL { result.devicePublicURL = url }
        if let tls = device?.tls { result.deviceTLS = tls }
        if let file = keyEncryptionKeyFile { result.keyEncryptionKeyFile = file }
        if let endpoint = apns?.endpoint { result.apnsEndpoint = endpoint }
        if let file = apns?.trustRootsFile { result.apnsTrustRootsFile = file }
        if let commands = enrollment?.initialCommands { result.initialCommands = commands }
        if let hours = enrollment?.invitationValidityHours { result.invitationValidityHours = hours }
        if let listen = device?.listen { result.deviceListen = listen }
        if let sink = audit?.sink { result.auditSink = sink }
        if let seconds = audit?.headIntervalSeconds { result.auditHeadIntervalSeconds = seconds }
        if let required = approvals?.required { result.approvalsRequired = required }
        if let hours = approvals?.validityHours { result.approvalValidityHours = hours }
        if let file = relay?.identityFile { result.relayIdentityFile = file }
        if let edges = relay?.edges {
            result.edges = try edges.map { edge in
                do {
                    return try RelayEdgeAddress(address: edge.address, pin: RelayKeyPin(edge.key))
                } catch {
                    throw ConfigurationError("relay.edges: \(error)")
                }
            }
        }
        return result
    }
}
