import Foundation
import PalisadeCore
@testable import Storage
import Testing

/// A storage backend the conformance suite runs against, each test on a database of its own.
enum Backend: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite
    case postgres

    var testDescription: String { rawValue }

    /// PostgreSQL server the suite may create databases on, e.g. `postgres://postgres@127.0.0.1:5432/postgres`.
    static let postgresURL = ProcessInfo.processInfo.environment["PALISADE_TEST_POSTGRES_URL"]
    static let isCI = ProcessInfo.processInfo.environment["CI"].map { !$0.isEmpty && $0 != "false" } ?? false

    /// The backends this run can reach. PostgreSQL is skipped, with a printed reason, when no server is given.
    static let available: [Backend] = {
        if postgresURL == nil {
            print("StorageTests: PostgreSQL conformance skipped: set PALISADE_TEST_POSTGRES_URL to a server this suite may create databases on (.ci/run does).")
            return [.sqlite]
        }
        return [.sqlite, .postgres]
    }()

    /// Opens fresh, migrated storage and hands it to `body`, then removes the database.
    func withStorage<T>(_ body: (SQLStorage) async throws -> T) async throws -> T {
        switch self {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("palisade-test-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let storage = try await SQLStorage.sqlite(path: directory.appendingPathComponent("palisade.sqlite").path)
            do {
                let value = try await body(storage)
                await storage.close()
                return value
            } catch {
                await storage.close()
                throw error
            }
        case .postgres:
            let (url, drop) = try await Self.freshPostgresDatabase()
            let storage = try await SQLStorage.postgres(url: url)
            do {
                let value = try await body(storage)
                await storage.close()
                try await drop()
                return value
            } catch {
                await storage.close()
                try? await drop()
                throw error
            }
        }
    }

    /// Creates an empty database on the test server; returns its URL and a function that drops it.
    static func freshPostgresDatabase() async throws -> (String, @Sendable () async throws -> Void) {
        guard let base = postgresURL, var components = URLComponents(string: base) else {
            throw SQLError(kind: .other, message: "PALISADE_TEST_POSTGRES_URL is not set")
        }
        let name = "palisade_test_\(UUID().uuidString.prefix(8).lowercased())"
        let admin = try PostgresDatabase(url: base)
        try await admin.executeOutsideTransaction("CREATE DATABASE \(name)")
        components.path = "/\(name)"
        let url = components.string!
        return (url, {
            try await admin.executeOutsideTransaction("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
            await admin.close()
        })
    }
}

/// A fixed instant to build test data from; whole seconds so round trips compare exactly.
let epoch = Date(timeIntervalSince1970: 1_780_000_000)

func day(_ offset: Double) -> Date { epoch.addingTimeInterval(offset * 86_400) }

func makeDevice(
    platform: Platform = .ios, serial: String? = nil, tags: [String] = [], maker: String? = nil,
    hardwareID: String? = nil, name: String? = nil, lastSeen: Date? = nil
) -> Device {
    Device(
        platform: platform, name: name, maker: maker, serialNumber: serial, hardwareID: hardwareID,
        lastSeenAt: lastSeen, tags: tags, createdAt: epoch
    )
}

extension StoreError {
    /// The case without its payload, for asserting which refusal a call made.
    var caseName: String {
        switch self {
        case .notFound: "notFound"
        case .conflict: "conflict"
        case .invalidState: "invalidState"
        case .invalidCursor: "invalidCursor"
        case .backend: "backend"
        }
    }
}
