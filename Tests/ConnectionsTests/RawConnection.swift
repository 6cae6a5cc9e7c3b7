import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A plain blocking TCP client on 127.0.0.1 for speaking (or not speaking) HTTP byte by byte. Its blocking calls run
/// on a dispatch queue, never on the test's cooperative threads, which the server under test needs.
final class RawConnection: @unchecked Sendable {
    // The descriptor is used from one queued call at a time (every method awaits its call before returning).
    private let fd: Int32

    struct Failure: Error, CustomStringConvertible { let description: String }

    private init(fd: Int32) { self.fd = fd }

    static func open(port: Int) async throws -> RawConnection {
        try await blocking {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard fd >= 0 else { throw Failure(description: "socket: \(errno)") }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let result = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard result == 0 else {
                Glibc.close(fd)
                throw Failure(description: "connect: \(errno)")
            }
            return RawConnection(fd: fd)
        }
    }

    func send(_ text: String) async throws { try await send(Array(text.utf8)) }

    func send(_ bytes: [UInt8]) async throws {
        let fd = fd
        try await Self.blocking {
            var offset = 0
            while offset < bytes.count {
                let sent = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                guard sent > 0 else { throw Failure(description: "send: \(errno)") }
                offset += sent
            }
        }
    }

    /// Reads until the server closes the connection or `seconds` pass: what arrived, and whether it was closed.
    func readUntilClosed(within seconds: Double) async -> (text: String, closed: Bool) {
        await read(within: seconds) { _ in false }
    }

    /// Reads until `done` says the text so far is enough, the server closes, or `seconds` pass.
    func read(within seconds: Double, until done: @escaping @Sendable (String) -> Bool) async -> (text: String, closed: Bool) {
        let fd = fd
        return (try? await Self.blocking { () -> (String, Bool) in
            let deadline = Date().addingTimeInterval(seconds)
            var received: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 65536)
            while Date() < deadline {
                var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                let ready = poll(&poller, 1, 50)
                if ready <= 0 { continue }
                let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                if count <= 0 { return (String(decoding: received, as: UTF8.self), true) }
                received += buffer[0..<count]
                if done(String(decoding: received, as: UTF8.self)) { return (String(decoding: received, as: UTF8.self), false) }
            }
            return (String(decoding: received, as: UTF8.self), false)
        }) ?? ("", false)
    }

    func close() { Glibc.close(fd) }

    static func blocking<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
        }
    }
}
