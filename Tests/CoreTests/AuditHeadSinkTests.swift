@testable import Core
import Foundation
import Logging
import NIOCore
import NIOPosix
import PalisadeCore
import Storage
import Testing

/// The audit chain head leaving the database: to a file, to a syslog collector over TCP.
@Suite struct AuditHeadSinkTests {
    static let head = AuditChainHead(sequence: 42, hash: String(repeating: "ab", count: 32))

    static func storage() async throws -> (SQLStorage, URL) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("palisade-sink-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return (try await SQLStorage.sqlite(path: directory.appendingPathComponent("palisade.sqlite").path), directory)
    }

    @Test func aFileSinkAppendsOneLinePerHeadAndKeepsWhatWasThere() async throws {
        let (storage, directory) = try await Self.storage()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("heads.log").path
        try "earlier line\n".write(toFile: path, atomically: true, encoding: .utf8)
        let sink = AuditHeadSink(destination: try .init("file:\(path)"), audit: storage, interval: .seconds(60), logger: Logger(label: "test"))
        try await sink.deliver(Self.head, at: Date(timeIntervalSince1970: 1_800_000_000))
        try await sink.deliver(AuditChainHead(sequence: 43, hash: String(repeating: "cd", count: 32)), at: Date(timeIntervalSince1970: 1_800_000_060))
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[0] == "earlier line")
        #expect(lines[1].hasPrefix("2027-01-15T08:00:00"))
        #expect(lines[1].hasSuffix("audit-head sequence=42 hash=\(Self.head.hash)"))
        #expect(lines[2].contains("sequence=43"))
        await storage.close()
    }

    @Test func aSyslogSinkSendsAnOctetCountedRFC5424Message() async throws {
        let (storage, directory) = try await Self.storage()
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0) { channel in
                channel.eventLoop.makeCompletedFuture { try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel) }
            }
        let port = try #require(server.channel.localAddress?.port)
        let received = Task { () -> String in
            try await server.executeThenClose { inbound in
                for try await connection in inbound {
                    return try await connection.executeThenClose { input, _ in
                        var text = ""
                        for try await chunk in input { text += String(buffer: chunk) }
                        return text
                    }
                }
                return ""
            }
        }
        let sink = AuditHeadSink(
            destination: try .init("syslog+tcp://127.0.0.1:\(port)"), audit: storage, interval: .seconds(60), logger: Logger(label: "test")
        )
        try await sink.deliver(Self.head, at: Date(timeIntervalSince1970: 1_800_000_000))
        let frame = try await received.value
        let space = try #require(frame.firstIndex(of: " "))
        let message = String(frame[frame.index(after: space)...])
        #expect(Int(frame[..<space]) == message.utf8.count, "octet counting (RFC 6587)")
        #expect(message.hasPrefix("<110>1 2027-01-15T08:00:00"))
        #expect(message.contains(#" palisade - audit-head [palisade@32473 sequence="42" hash="\#(Self.head.hash)"]"#))
        await storage.close()
    }

    @Test func sinksThatCannotBeUsedAreRefusedWhenTheConfigurationIsRead() {
        #expect(throws: ConfigurationError.self) { try CoreConfiguration.load(file: nil, environment: ["PALISADE_AUDIT_SINK": "file:relative.log"]) }
        #expect(throws: ConfigurationError.self) { try CoreConfiguration.load(file: nil, environment: ["PALISADE_AUDIT_SINK": "udp://x:514"]) }
        #expect(throws: ConfigurationError.self) { try CoreConfiguration.load(file: nil, environment: ["PALISADE_AUDIT_HEAD_INTERVAL": "0"]) }
    }
}
