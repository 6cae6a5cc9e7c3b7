import Foundation
import PalisadeCore
@testable import Storage
import Testing

private struct Abort: Error {}

@Suite struct MigrationTests {
    @Test(arguments: Backend.available)
    func reopeningAMigratedDatabaseAppliesNothingAndKeepsTheData(_ backend: Backend) async throws {
        let device = makeDevice(serial: "KEEP-1")
        switch backend {
        case .sqlite:
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("palisade-mig-\(UUID().uuidString).sqlite").path
            defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
            let first = try await SQLStorage.sqlite(path: path)
            try await first.createDevice(device)
            await first.close()
            let database = try SQLiteDatabase(path: path)
            #expect(try await Migrator.migrate(database).isEmpty)
            let second = try await SQLStorage(database: database)
            #expect(try await second.schemaVersions() == Schema.migrations.map(\.version))
            #expect(try await second.device(device.id) == device)
        case .postgres:
            let (url, drop) = try await Backend.freshPostgresDatabase()
            let first = try await SQLStorage.postgres(url: url)
            try await first.createDevice(device)
            await first.close()
            let database = try PostgresDatabase(url: url)
            #expect(try await Migrator.migrate(database).isEmpty)
            let second = try await SQLStorage(database: database)
            #expect(try await second.schemaVersions() == Schema.migrations.map(\.version))
            #expect(try await second.device(device.id) == device)
            await second.close()
            try await drop()
        }
    }

    @Test(arguments: Backend.available)
    func aFailingTransactionLeavesNoTrace(_ backend: Backend) async throws {
        try await backend.withStorage { store in
            do {
                try await store.database.transaction { session -> Void in
                    try await session.query("INSERT INTO device_groups (id, name, description, created_at) VALUES (?, ?, ?, ?)",
                                            .text(UUID().uuidString), .text("ghost"), .text(""), .integer(0))
                    throw Abort()
                }
                Issue.record("the transaction should have rethrown the body's error")
            } catch is Abort {}
            #expect(try await store.groups(page: PageRequest()).items.isEmpty)
        }
    }
}
