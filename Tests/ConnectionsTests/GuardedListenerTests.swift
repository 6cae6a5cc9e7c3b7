import Connections
import Foundation
import Testing
import TestSupport

/// The guarded HTTP/1 listener against clients that stop half-way, on real sockets with short timeouts.
@Suite("Guarded listener", .serialized)
struct GuardedListenerTests {
    static func closed(_ reason: String) -> String { #"palisade_listener_connections_closed_total{listener="test",reason="\#(reason)"}"# }

    @Test func aTLSConnectionThatNeverHandshakesIsClosedAfterTheHandshakeTimeout() async throws {
        try await TestListener.with(limits: TestListener.limits(shortening: \.handshakeTimeout), tls: true) { listener in
            let connection = try await RawConnection.open(port: listener.port)
            defer { connection.close() }
            #expect(await connection.readUntilClosed(within: 10).closed)
            #expect(listener.metric(Self.closed("handshake-timeout")) == 1)
        }
    }

    @Test func aRequestHeadThatNeverEndsIsClosedAfterTheHeaderTimeout() async throws {
        try await TestListener.with(limits: TestListener.limits(shortening: \.headerTimeout)) { listener in
            let connection = try await RawConnection.open(port: listener.port)
            defer { connection.close() }
            try await connection.send("GET /hello HTTP/1.1\r\nHost: x\r\nX-Slow: ")
            let answer = await connection.readUntilClosed(within: 10)
            #expect(answer.closed)
            #expect(answer.text.isEmpty)
            #expect(listener.metric(Self.closed("header-timeout")) == 1)
            #expect(listener.served.count == 0)
        }
    }

    @Test func aPromisedBodyThatNeverArrivesIsClosedAfterTheBodyTimeout() async throws {
        try await TestListener.with(limits: TestListener.limits(shortening: \.bodyTimeout)) { listener in
            let connection = try await RawConnection.open(port: listener.port)
            defer { connection.close() }
            try await connection.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n" + String(repeating: "a", count: 279))
            #expect(await connection.readUntilClosed(within: 10).closed)
            #expect(listener.metric(Self.closed("body-timeout")) == 1)
        }
    }

    @Test func aKeptAliveConnectionWithNoNextRequestIsClosedAfterTheIdleTimeout() async throws {
        try await TestListener.with(limits: TestListener.limits(shortening: \.idleTimeout)) { listener in
            let connection = try await RawConnection.open(port: listener.port)
            defer { connection.close() }
            try await connection.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
            let answer = await connection.readUntilClosed(within: 10)
            #expect(answer.text.hasPrefix("HTTP/1.1 200"))
            #expect(answer.text.hasSuffix("hello"))
            #expect(answer.closed)
            #expect(listener.metric(Self.closed("idle-timeout")) == 1)
        }
    }

    @Test func aDeclaredBodyOverTheLimitIsAnswered413WithoutReadingIt() async throws {
        try await TestListener.with(limits: TestListener.limits(shortening: nil)) { listener in
            let connection = try await RawConnection.open(port: listener.port)
            defer { connection.close() }
            // Nothing of the 100 MB is sent: the answer cannot wait for it.
            try await connection.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100000000\r\n\r\n")
            let answer = await connection.readUntilClosed(within: 10)
            #expect(answer.text.hasPrefix("HTTP/1.1 413"))
            #expect(answer.text.lowercased().contains("connection: close"))
            #expect(answer.closed)
            #expect(listener.served.count == 0)
            #expect(listener.metric(#"palisade_listener_bodies_refused_total{listener="test"}"#) == 1)
        }
    }

    @Test func expect100ContinueIsAnsweredBeforeTheBodyIsSent() async throws {
        try await TestListener.with(limits: TestListener.limits(shortening: nil)) { listener in
            let connection = try await RawConnection.open(port: listener.port)
            defer { connection.close() }
            try await connection.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n")
            let interim = await connection.read(within: 5) { $0.contains("\r\n\r\n") }
            #expect(interim.text.hasPrefix("HTTP/1.1 100 Continue\r\n"))
            try await connection.send("hello")
            let final = await connection.read(within: 5) { $0.hasSuffix("5") }
            #expect(final.text.hasPrefix("HTTP/1.1 200"))
        }
    }

    @Test func expect100ContinueWithABodyOverTheLimitGetsTheFinal413AtOnce() async throws {
        try await TestListener.with(limits: TestListener.limits(shortening: nil)) { listener in
            let connection = try await RawConnection.open(port: listener.port)
            defer { connection.close() }
            try await connection.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2000000\r\nExpect: 100-continue\r\n\r\n")
            let answer = await connection.read(within: 5) { $0.contains("\r\n\r\n") }
            #expect(answer.text.hasPrefix("HTTP/1.1 413"))
        }
    }

    /// Python's urllib writes the whole body before it reads: the server must read (and drop) the rest after its
    /// early answer, or both sides wait on full socket buffers. The bodies are larger than loopback's buffers take.
    @Test(arguments: [
        // Declared 3 MiB over the listener's 1 MiB: 413 before reading, then the rest is dropped.
        ("/echo", 3 << 20, 1 << 20),
        // The route refuses after reading 10 bytes of 6 MiB (the listener would take 8 MiB).
        ("/small", 6 << 20, 8 << 20),
    ])
    func aClientThatWritesItsWholeBodyBeforeReadingGetsThe413AndTheConnectionCloses(path: String, size: Int, maximum: Int) async throws {
        guard let python = ExternalToolPolicy.locate("python3") else {
            let reason = "python3 not found; the urllib client this test runs needs it (apt-get install python3)"
            if ExternalToolPolicy.isRequired { Issue.record("this run must have it: \(reason)") }
            print("skipped: \(reason)")
            return
        }
        var limits = TestListener.limits(shortening: nil)
        limits.bodyTimeout = .seconds(5)
        limits.maximumBodyBytes = maximum
        limits.maximumDrainBytes = 8 << 20
        try await TestListener.with(limits: limits) { listener in
            let script = """
                import sys, urllib.request, urllib.error
                request = urllib.request.Request("http://127.0.0.1:\(listener.port)\(path)", data=b"x" * \(size), method="POST")
                try:
                    urllib.request.urlopen(request, timeout=10)
                    print("no-error")
                except urllib.error.HTTPError as error:
                    print(error.code)
                except Exception as error:
                    print("failed", type(error).__name__, error)
                """
            let output = try await Self.run(python, ["-c", script])
            #expect(output.trimmingCharacters(in: .whitespacesAndNewlines) == "413")
        }
    }

    @Test func atThePerSourceCapTheOldestIdleConnectionIsShed() async throws {
        // The idle timeout long too: under load, connection 0 could otherwise idle out before the fourth arrives.
        var limits = TestListener.limits(shortening: nil)
        limits.maximumConnectionsPerSource = 3
        try await TestListener.with(limits: limits) { listener in
            var connections: [RawConnection] = []
            defer { connections.forEach { $0.close() } }
            // One request on each in turn: all three are counted, and idle in this order.
            for index in 0..<3 {
                connections.append(try await RawConnection.open(port: listener.port))
                try await connections[index].send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
                #expect(await connections[index].read(within: 5) { $0.hasSuffix("hello") }.text.hasPrefix("HTTP/1.1 200"))
            }
            connections.append(try await RawConnection.open(port: listener.port))
            #expect(await connections[0].readUntilClosed(within: 10).closed)
            #expect(listener.metric(#"palisade_listener_connections_shed_total{listener="test",reason="source-cap"}"#) == 1)
            // The newcomer is served.
            try await connections[3].send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(await connections[3].read(within: 5) { $0.hasSuffix("hello") }.text.hasPrefix("HTTP/1.1 200"))
        }
    }


    static func run(_ executable: String, _ arguments: [String]) async throws -> String {
        try await RawConnection.blocking {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = pipe
            try process.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return String(decoding: data, as: UTF8.self)
        }
    }
}
