import Foundation
import Logging

/// The JSON configuration file as written; every field optional, unknown fields refused.
struct CoreConfigurationFile: Decodable {
    struct Listener: Decodable {
        var host: String?
        var port: Int?

        private enum CodingKeys: String, CodingKey, CaseIterable { case host, port }

        init(from decoder: any Decoder) throws {
            let container = try decoder.strictContainer(keyedBy: CodingKeys.self)
            host = try container.decodeIfPresent(String.self, forKey: .host)
            port = try container.decodeIfPresent(Int.self, forKey: .port)
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

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case dataDirectory, databaseURL, admin, device, log, commandRetentionDays, maxRequestBodyBytes
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
        return result
    }
}
