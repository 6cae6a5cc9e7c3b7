import Foundation
import Logging
import PalisadeCore
import Relay
import Storage

/// How a core runs: where its data lives, which database it uses, where it listens, how it logs.
///
/// Read from a JSON file (`palisade core --config FILE`), then overridden field by field by `PALISADE_*`
/// environment variables, so that secrets such as the database password can stay out of the file.
/// `docs/configuration.md` documents every field.
public struct CoreConfiguration: Sendable, Equatable {
    /// A host and port to listen on.
    public struct Listener: Sendable, Equatable {
        public var host: String
        public var port: Int

        public init(host: String, port: Int) {
            self.host = host
            self.port = port
        }
    }

    /// Where the core keeps its SQLite file and (later) its keys.
    public var dataDirectory: String
    /// `postgres://…` for PostgreSQL; `nil` means the SQLite file `palisade.sqlite` in the data directory.
    public var databaseURL: String?
    public var admin: Listener
    /// TLS on the admin listener. Off in a configuration made in code; `load(file:environment:)`, which
    /// `palisade core` reads, turns it on unless the file says `"admin": {"tls": false}`.
    public var adminTLS: AdminTLS = .off
    public var device: Listener
    public var logLevel: Logger.Level
    public var logFormat: LogFormat
    /// Finished commands older than this are pruned.
    public var commandRetentionDays: Int
    /// Largest admin API request body, in bytes.
    public var maximumRequestBodyBytes: Int
    /// The base URL devices reach the device listener at (`https://mdm.example.org`), written into enrolment
    /// profiles; `nil` means the listener's own address.
    public var devicePublicURL: String?
    /// Whether the device listener speaks TLS (with a certificate from Palisade's CA). Only tests turn it off.
    public var deviceTLS: Bool = true
    /// The key-encryption key file; `nil` means `kek` in the data directory. `PALISADE_KEK` (base64) wins over both.
    public var keyEncryptionKeyFile: String?
    /// `production`, `sandbox`, or an `https://host:port` URL of a stand-in (tests, demos).
    public var apnsEndpoint: String = "production"
    /// PEM file of extra roots to trust for the APNs endpoint (a stand-in's CA).
    public var apnsTrustRootsFile: String?
    /// Commands queued for every Apple device when it finishes enrolling.
    public var initialCommands: [String] = ["DeviceInformation", "SecurityInfo", "InstalledApplicationList", "ProfileList"]
    /// How long an enrolment invitation stays open.
    public var invitationValidityHours: Int = 72
    /// Whether the core itself listens for devices. Behind an edge it does not: devices reach it only over the
    /// relay links it dials.
    public var deviceListen: Bool = true
    /// The core's relay key file (P-256, PEM, mode 0600); `nil` means `relay-identity.pem` in the data directory.
    public var relayIdentityFile: String?
    /// The edges this core dials, each with the key it must prove. With any listed, the core's outbound calls
    /// (APNs) also leave through them.
    public var edges: [RelayEdgeAddress] = []
    /// Where the audit chain head is sent (`file:/path` or `syslog+tcp://host:port`); `nil` for nowhere but edges.
    public var auditSink: String?
    /// How often the head is sent when it has moved.
    public var auditHeadIntervalSeconds: Int = 60
    /// Approvers needed per request type, over `ApprovalPolicy`'s defaults (which cannot go below one). Keep it
    /// the same as every edge's: the edge enforces its own copy.
    public var approvalsRequired: [String: Int] = [:]
    /// How long approvers have to sign, and an approved command to reach its device.
    public var approvalValidityHours: Int = 24
    /// How long no command results may come back through an edge, while a device it was handed a command through
    /// keeps checking in, before the core raises the silent-edge alarm (`BreachAlarms`).
    public var resultSilenceAlarmMinutes: Int = 15
    /// Compliance policies and how often the fleet is evaluated.
    public var compliance = ComplianceSettings()

    public static let defaultAdminPort = 8440
    public static let defaultDevicePort = 8443

    public init(
        dataDirectory: String = "./palisade-data", databaseURL: String? = nil,
        admin: Listener = Listener(host: "127.0.0.1", port: defaultAdminPort),
        device: Listener = Listener(host: "127.0.0.1", port: defaultDevicePort),
        logLevel: Logger.Level = .info, logFormat: LogFormat = .automatic, commandRetentionDays: Int = 30,
        maximumRequestBodyBytes: Int = 1024 * 1024
    ) {
        self.dataDirectory = dataDirectory
        self.databaseURL = databaseURL
        self.admin = admin
        self.device = device
        self.logLevel = logLevel
        self.logFormat = logFormat
        self.commandRetentionDays = commandRetentionDays
        self.maximumRequestBodyBytes = maximumRequestBodyBytes
    }

    /// The key-encryption key file the core uses when `PALISADE_KEK` is not set.
    public var effectiveKeyEncryptionKeyFile: String {
        keyEncryptionKeyFile ?? URL(fileURLWithPath: dataDirectory).appendingPathComponent("kek").path
    }

    /// The relay key file the core uses.
    public var effectiveRelayIdentityFile: String {
        relayIdentityFile ?? URL(fileURLWithPath: dataDirectory).appendingPathComponent("relay-identity.pem").path
    }

    /// Parses `host:port=sha256:…` entries separated by commas (the form of `PALISADE_RELAY_EDGES`).
    static func parseEdges(_ text: String) throws -> [RelayEdgeAddress] {
        try text.split(separator: ",").map { entry in
            let parts = entry.split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else { throw ConfigurationError("PALISADE_RELAY_EDGES entries must be host:port=sha256:<key>") }
            do {
                return try RelayEdgeAddress(address: String(parts[0]).trimmingCharacters(in: .whitespaces), pin: RelayKeyPin(String(parts[1])))
            } catch {
                throw ConfigurationError("PALISADE_RELAY_EDGES: \(error)")
            }
        }
    }

    /// The database the core opens: the configured URL, or the SQLite file in the data directory.
    public var effectiveDatabaseURL: String {
        databaseURL ?? "sqlite:" + URL(fileURLWithPath: dataDirectory).appendingPathComponent("palisade.sqlite").path
    }

    /// The database for a person to read, by its backend and place, never its credentials: "SQLite at PATH" or
    /// "PostgreSQL at HOST:PORT/DATABASE".
    public var databaseDescription: String {
        let url = effectiveDatabaseURL
        if url.hasPrefix("sqlite:") { return "SQLite at " + url.dropFirst("sqlite:".count) }
        guard let postgres = try? PostgresURL(url) else { return "an unreadable database URL" }
        let place = postgres.socketDirectory.map { "socket \($0)" } ?? "\(postgres.host):\(postgres.port)"
        return "PostgreSQL at \(place)/\(postgres.database)"
    }

    /// Reads a configuration file (if given) and applies the environment's overrides.
    public static func load(file: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> CoreConfiguration {
        var configuration = CoreConfiguration()
        configuration.adminTLS = .standard
        if let file {
            let data: Data
            do {
                data = try Data(contentsOf: URL(fileURLWithPath: file))
            } catch {
                throw ConfigurationError("cannot read configuration file \(file): \(error.localizedDescription)")
            }
            do {
                configuration = try JSONDecoder().decode(CoreConfigurationFile.self, from: data).applied(to: configuration)
            } catch let error as DecodingError {
                throw ConfigurationError("\(file): \(error.clientDescription)")
            } catch let error as ConfigurationError {
                throw ConfigurationError("\(file): \(error.message)")
            } catch {
                throw ConfigurationError("\(file) is not valid JSON")
            }
        }
        try configuration.applyEnvironment(environment)
        try configuration.validate()
        return configuration
    }

    /// Every environment variable the core reads, and what it overrides.
    public static let environmentVariables: [(name: String, field: String)] = [
        ("PALISADE_DATA_DIR", "dataDirectory"),
        ("PALISADE_DATABASE_URL", "databaseURL"),
        ("PALISADE_ADMIN_HOST", "admin.host"),
        ("PALISADE_ADMIN_PORT", "admin.port"),
        ("PALISADE_ADMIN_TLS", "admin.tls"),
        ("PALISADE_DEVICE_HOST", "device.host"),
        ("PALISADE_DEVICE_PORT", "device.port"),
        ("PALISADE_LOG_LEVEL", "log.level"),
        ("PALISADE_LOG_FORMAT", "log.format"),
        ("PALISADE_COMMAND_RETENTION_DAYS", "commandRetentionDays"),
        ("PALISADE_MAX_REQUEST_BODY_BYTES", "maxRequestBodyBytes"),
        ("PALISADE_DEVICE_PUBLIC_URL", "device.publicURL"),
        ("PALISADE_KEK_FILE", "keyEncryptionKeyFile"),
        ("PALISADE_APNS_ENDPOINT", "apns.endpoint"),
        ("PALISADE_APNS_TRUST_ROOTS", "apns.trustRootsFile"),
        ("PALISADE_DEVICE_LISTEN", "device.listen"),
        ("PALISADE_RELAY_IDENTITY_FILE", "relay.identityFile"),
        ("PALISADE_RELAY_EDGES", "relay.edges"),
        ("PALISADE_AUDIT_SINK", "audit.sink"),
        ("PALISADE_AUDIT_HEAD_INTERVAL", "audit.headIntervalSeconds"),
    ]

    mutating func applyEnvironment(_ environment: [String: String]) throws {
        func integer(_ name: String) throws -> Int? {
            guard let text = environment[name] else { return nil }
            guard let value = Int(text) else { throw ConfigurationError("\(name) must be an integer, not '\(text)'") }
            return value
        }
        if let value = environment["PALISADE_DATA_DIR"] { dataDirectory = value }
        if let value = environment["PALISADE_DATABASE_URL"] { databaseURL = value.isEmpty ? nil : value }
        if let value = environment["PALISADE_ADMIN_HOST"] { admin.host = value }
        if let value = try integer("PALISADE_ADMIN_PORT") { admin.port = value }
        if let value = environment["PALISADE_DEVICE_HOST"] { device.host = value }
        if let value = try integer("PALISADE_DEVICE_PORT") { device.port = value }
        if let value = environment["PALISADE_LOG_LEVEL"] {
            guard let level = Logger.Level(rawValue: value) else {
                throw ConfigurationError("PALISADE_LOG_LEVEL must be one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            logLevel = level
        }
        if let value = environment["PALISADE_LOG_FORMAT"] {
            guard let format = LogFormat(rawValue: value) else {
                throw ConfigurationError("PALISADE_LOG_FORMAT must be one of \(LogFormat.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            logFormat = format
        }
        if let value = try integer("PALISADE_COMMAND_RETENTION_DAYS") { commandRetentionDays = value }
        if let value = try integer("PALISADE_MAX_REQUEST_BODY_BYTES") { maximumRequestBodyBytes = value }
        if let value = environment["PALISADE_DEVICE_PUBLIC_URL"] { devicePublicURL = value.isEmpty ? nil : value }
        if let value = environment["PALISADE_KEK_FILE"] { keyEncryptionKeyFile = value }
        if let value = environment["PALISADE_APNS_ENDPOINT"] { apnsEndpoint = value }
        if let value = environment["PALISADE_APNS_TRUST_ROOTS"] { apnsTrustRootsFile = value.isEmpty ? nil : value }
        if let value = environment["PALISADE_ADMIN_TLS"] {
            guard let flag = Bool(value) else { throw ConfigurationError("PALISADE_ADMIN_TLS must be true or false, not '\(value)'") }
            switch (flag, adminTLS) {
            case (false, _): adminTLS = .off
            case (true, .off): adminTLS = .standard
            case (true, _): break
            }
        }
        if let value = environment["PALISADE_DEVICE_LISTEN"] {
            guard let flag = Bool(value) else { throw ConfigurationError("PALISADE_DEVICE_LISTEN must be true or false, not '\(value)'") }
            deviceListen = flag
        }
        if let value = environment["PALISADE_RELAY_IDENTITY_FILE"] { relayIdentityFile = value.isEmpty ? nil : value }
        if let value = environment["PALISADE_RELAY_EDGES"] { edges = try Self.parseEdges(value) }
        if let value = environment["PALISADE_AUDIT_SINK"] { auditSink = value.isEmpty ? nil : value }
        if let value = try integer("PALISADE_AUDIT_HEAD_INTERVAL") { auditHeadIntervalSeconds = value }
    }

    func validate() throws {
        for (name, listener) in [("admin", admin), ("device", device)] {
            guard (0...65535).contains(listener.port) else { throw ConfigurationError("\(name).port must be 0 to 65535") }
            guard !listener.host.isEmpty else { throw ConfigurationError("\(name).host must not be empty") }
        }
        guard commandRetentionDays >= 1 else { throw ConfigurationError("commandRetentionDays must be at least 1") }
        guard (1024...(64 * 1024 * 1024)).contains(maximumRequestBodyBytes) else {
            throw ConfigurationError("maxRequestBodyBytes must be between 1024 and 67108864")
        }
        if let url = devicePublicURL, !url.hasPrefix("https://") && !url.hasPrefix("http://") {
            throw ConfigurationError("device.publicURL must be an https:// URL")
        }
        guard ["production", "sandbox"].contains(apnsEndpoint) || apnsEndpoint.hasPrefix("https://") else {
            throw ConfigurationError("apns.endpoint must be production, sandbox or an https:// URL")
        }
        guard (1...(24 * 90)).contains(invitationValidityHours) else {
            throw ConfigurationError("enrollment.invitationValidityHours must be 1 to 2160")
        }
        for command in initialCommands where Command.problem(withRequestType: command) != nil {
            throw ConfigurationError("enrollment.initialCommands: '\(command)' is not a request type")
        }
        if let auditSink { _ = try AuditHeadSink.Destination(auditSink) }
        guard (1...86_400).contains(auditHeadIntervalSeconds) else { throw ConfigurationError("audit.headIntervalSeconds must be 1 to 86400") }
        for (type, count) in approvalsRequired {
            guard Command.problem(withRequestType: type) == nil else { throw ConfigurationError("approvals.required: '\(type)' is not a request type") }
            let range = ApprovalPolicy.configurableApprovers
            guard range.contains(count) else {
                throw ConfigurationError("approvals.required.\(type) must be \(range.lowerBound) to \(range.upperBound)")
            }
        }
        guard (1...(24 * 30)).contains(approvalValidityHours) else { throw ConfigurationError("approvals.validityHours must be 1 to 720") }
        guard (1...1440).contains(resultSilenceAlarmMinutes) else { throw ConfigurationError("relay.resultSilenceAlarmMinutes must be 1 to 1440") }
        guard compliance.resolvedDefault != nil else {
            throw ConfigurationError("compliance.defaultPolicy '\(compliance.defaultPolicy)' is neither a tier (high-threat, standard, business-continuity) nor a policy of compliance.policies")
        }
        guard compliance.intervalSeconds == 0 || (60...(7 * 86_400)).contains(compliance.intervalSeconds) else {
            throw ConfigurationError("compliance.intervalSeconds must be 0 (on request only) or 60 to 604800")
        }
        if !deviceListen && edges.isEmpty {
            throw ConfigurationError("device.listen is false but relay.edges is empty: devices could reach this core nowhere; list an edge or listen")
        }
        if let url = databaseURL, !(url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") || url.hasPrefix("sqlite:")) {
            throw ConfigurationError("databaseURL must start with postgres://, postgresql:// or sqlite:")
        }
    }
}

/// A configuration that cannot be used, with what to change.
public struct ConfigurationError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
