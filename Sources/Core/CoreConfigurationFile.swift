import Compliance
import Foundation
import PalisadeCore
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
        /// Admin listener only: a supplied certificate chain and key, or names for the one Palisade's CA issues.
        var certificateFile: String?
        var privateKeyFile: String?
        var hostnames: [String]?

        private enum CodingKeys: String, CodingKey, CaseIterable {
            case host, port, publicURL, tls, listen, certificateFile, privateKeyFile, hostnames
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.strictContainer(keyedBy: CodingKeys.self)
            host = try container.decodeIfPresent(String.self, forKey: .host)
            port = try container.decodeIfPresent(Int.self, forKey: .port)
            publicURL = try container.decodeIfPresent(String.self, forKey: .publicURL)
            tls = try container.decodeIfPresent(Bool.self, forKey: .tls)
            listen = try container.decodeIfPresent(Bool.self, forKey: .listen)
            certificateFile = try container.decodeIfPresent(String.self, forKey: .certificateFile)
            privateKeyFile = try container.decodeIfPresent(String.self, forKey: .privateKeyFile)
            hostnames = try container.decodeIfPresent([String].self, forKey: .hostnames)
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
        var resultSilenceAlarmMinutes: Int?

        private enum CodingKeys: String, CodingKey, CaseIterable { case identityFile, edges, resultSilenceAlarmMinutes }

        init(from decoder: any Decoder) throws {
            let container = try decoder.strictContainer(keyedBy: CodingKeys.self)
            identityFile = try container.decodeIfPresent(String.self, forKey: .identityFile)
            edges = try container.decodeIfPresent([Edge].self, forKey: .edges)
            resultSilenceAlarmMinutes = try container.decodeIfPresent(Int.self, forKey: .resultSilenceAlarmMinutes)
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
    var compliance: ComplianceSection?

    /// `compliance`: the organisation's default policy, its own policies (each a tier's defaults with the fields it
    /// gives replaced), how often the fleet is evaluated.
    struct ComplianceSection: Decodable {
        var defaultPolicy: String?
        var intervalSeconds: Int?
        var organization: String?
        var policies: [PolicyEntry]?

        private enum CodingKeys: String, CodingKey, CaseIterable { case defaultPolicy, intervalSeconds, organization, policies }

        init(from decoder: any Decoder) throws {
            let container = try decoder.strictContainer(keyedBy: CodingKeys.self)
            defaultPolicy = try container.decodeIfPresent(String.self, forKey: .defaultPolicy)
            intervalSeconds = try container.decodeIfPresent(Int.self, forKey: .intervalSeconds)
            organization = try container.decodeIfPresent(String.self, forKey: .organization)
            policies = try container.decodeIfPresent([PolicyEntry].self, forKey: .policies)
        }

        struct PolicyEntry: Decodable {
            var policy: CompliancePolicy

            private enum CodingKeys: String, CodingKey, CaseIterable { case name, tier, rules, graceDays, actions }

            init(from decoder: any Decoder) throws {
                let container = try decoder.strictContainer(keyedBy: CodingKeys.self)
                let tier = try container.decode(RiskTier.self, forKey: .tier)
                var policy = tier.defaultPolicy
                policy.name = try container.decode(String.self, forKey: .name)
                if let days = try container.decodeIfPresent(Int.self, forKey: .graceDays) { policy.graceDays = days }
                if let actions = try container.decodeIfPresent([GradedAction].self, forKey: .actions) {
                    policy = CompliancePolicy(name: policy.name, tier: tier, rules: policy.rules, graceDays: policy.graceDays, actions: actions)
                }
                if let given = try container.decodeIfPresent([String: JSONValue].self, forKey: .rules) {
                    // The tier's rules with the given ones replaced; an unknown rule name is refused.
                    guard case .object(var merged) = try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(policy.rules)) else {
                        throw DecodingError.dataCorruptedError(forKey: .rules, in: container, debugDescription: "rules")
                    }
                    for (key, value) in given {
                        guard merged.keys.contains(key) || ComplianceRules.optionalKeys.contains(key) else {
                            throw DecodingError.dataCorruptedError(forKey: .rules, in: container, debugDescription: "unknown rule '\(key)'")
                        }
                        merged[key] = value
                    }
                    policy.rules = try JSONDecoder().decode(ComplianceRules.self, from: JSONEncoder().encode(JSONValue.object(merged)))
                }
                self.policy = policy
            }
        }
    }

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
        case apns, enrollment, relay, audit, approvals, compliance
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
        compliance = try container.decodeIfPresent(ComplianceSection.self, forKey: .compliance)
    }

    /// `admin.tls`, `admin.certificateFile` with `admin.privateKeyFile`, and `admin.hostnames`, over `base`.
    private func adminTLS(over base: AdminTLS) throws -> AdminTLS {
        guard let admin else { return base }
        switch (admin.certificateFile, admin.privateKeyFile) {
        case (nil, nil):
            break
        case (let certificate?, let key?):
            guard admin.tls != false, admin.hostnames == nil else {
                throw ConfigurationError("admin.certificateFile needs admin.tls on and no admin.hostnames (the supplied certificate names its hosts)")
            }
            return .files(certificate: certificate, privateKey: key)
        default:
            throw ConfigurationError("admin.certificateFile and admin.privateKeyFile go together")
        }
        if admin.tls == false {
            guard admin.hostnames == nil else { throw ConfigurationError("admin.hostnames needs admin.tls on") }
            return .off
        }
        if let names = admin.hostnames {
            guard names.allSatisfy({ !$0.isEmpty && $0.utf8.count <= 253 && !$0.contains(" ") }) else {
                throw ConfigurationError("admin.hostnames: each is a host name or address")
            }
            return .palisadeCA(hostnames: names)
        }
        return admin.tls == true && base == .off ? .standard : base
    }

    func applied(to base: CoreConfiguration) throws -> CoreConfiguration {
        var result = base
        if let dataDirectory { result.dataDirectory = dataDirectory }
        if let databaseURL { result.databaseURL = databaseURL }
        if let host = admin?.host { result.admin.host = host }
        if let port = admin?.port { result.admin.port = port }
        result.adminTLS = try adminTLS(over: base.adminTLS)
        if device?.certificateFile != nil || device?.privateKeyFile != nil || device?.hostnames != nil {
            throw ConfigurationError("device.certificateFile, privateKeyFile and hostnames are not read: the device listener's certificate comes from Palisade's CA (device.publicURL names its host)")
        }
        if admin?.publicURL != nil || admin?.listen != nil { throw ConfigurationError("admin.publicURL and admin.listen are not read: they are device settings") }
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
        if let policy = compliance?.defaultPolicy { result.compliance.defaultPolicy = policy }
        if let seconds = compliance?.intervalSeconds { result.compliance.intervalSeconds = seconds }
        if let organization = compliance?.organization { result.compliance.organization = organization }
        if let policies = compliance?.policies { result.compliance.policies = policies.map(\.policy) }
        if let file = relay?.identityFile { result.relayIdentityFile = file }
        if let minutes = relay?.resultSilenceAlarmMinutes { result.resultSilenceAlarmMinutes = minutes }
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
